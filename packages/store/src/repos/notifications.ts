import { iso, newId } from '@araldo/core';
import type { Kysely } from 'kysely';
import { decodeCursor, toPage } from '../pagination';
import type { Schema } from '../schema';

export interface Notification {
  id: string;
  kind: string;
  message: string;
  channelId: string | null;
  createdAt: string;
  readAt: string | null;
}

export async function notify(
  db: Kysely<Schema>,
  n: { workspaceId: string; kind: string; message: string; channelId?: string | null },
  now = Date.now(),
) {
  const id = newId();
  await db
    .insertInto('notifications')
    .values({
      id,
      workspace_id: n.workspaceId,
      kind: n.kind,
      message: n.message,
      channel_id: n.channelId ?? null,
      created_at: now,
      read_at: null,
    })
    .execute();
  return id;
}

export async function listNotifications(
  db: Kysely<Schema>,
  workspaceId: string,
  options: { limit: number; cursor?: string | undefined; unread?: boolean | undefined },
) {
  const after = decodeCursor(options.cursor);
  let q = db.selectFrom('notifications').selectAll().where('workspace_id', '=', workspaceId);
  if (options.unread) q = q.where('read_at', 'is', null);
  if (after) q = q.where('id', '<', after);
  const rows = await q
    .orderBy('id', 'desc')
    .limit(options.limit + 1)
    .execute();
  return toPage(
    rows,
    options.limit,
    (r): Notification => ({
      id: r.id,
      kind: r.kind,
      message: r.message,
      channelId: r.channel_id,
      createdAt: iso(r.created_at),
      readAt: r.read_at === null ? null : iso(r.read_at),
    }),
  );
}

export async function markNotificationsRead(
  db: Kysely<Schema>,
  workspaceId: string,
  ids: string[],
  now = Date.now(),
) {
  if (ids.length === 0) return;
  await db
    .updateTable('notifications')
    .set({ read_at: now })
    .where('workspace_id', '=', workspaceId)
    .where('id', 'in', ids)
    .where('read_at', 'is', null)
    .execute();
}
