import { AraldoError, type Page } from '@araldo/core';

/** Cursors are opaque to clients; inside they are the last id seen (ids sort by creation). */
export const encodeCursor = (id: string): string => Buffer.from(id, 'utf8').toString('base64url');

export function decodeCursor(cursor: string | undefined): string | undefined {
  if (cursor === undefined || cursor === '') return undefined;
  const id = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!/^[0-9a-f-]{36}$/.test(id)) {
    throw new AraldoError('validation_failed', 'cursor is not one this API gave out', {
      details: [{ path: 'cursor', message: 'unknown cursor' }],
    });
  }
  return id;
}

/** Callers fetch `limit + 1` rows; the extra one only tells whether another page exists. */
export function toPage<R extends { id: string }, T>(rows: R[], limit: number, map: (r: R) => T): Page<T> {
  const more = rows.length > limit;
  const kept = more ? rows.slice(0, limit) : rows;
  const last = kept[kept.length - 1];
  return { items: kept.map(map), nextCursor: more && last ? encodeCursor(last.id) : null };
}
