import { type DeliveryState, groupBy } from '@araldo/core';
import type { Schema } from '@araldo/store';
import { type Kysely, sql } from 'kysely';

/**
 * The publisher's hot path in a handful of statements per batch instead of several per
 * delivery: one UPDATE … RETURNING per (from → to) group, one multi-row INSERT of attempts,
 * and for the common outcome (published on first try) one UPDATE … FROM (VALUES …). Both
 * SQLite (3.33+) and PostgreSQL take these forms.
 */
export async function startAttempts(
  trx: Kysely<Schema>,
  items: {
    deliveryId: string;
    workspaceId: string;
    from: DeliveryState;
    to: DeliveryState;
    attemptId: string;
  }[],
  worker: string,
  now: number,
): Promise<Set<string>> {
  const moved = new Set<string>();
  for (const group of groupBy(items, (item) => `${item.from}>${item.to}`).values()) {
    const { from, to } = group[0]!;
    for (let i = 0; i < group.length; i += 500) {
      const rows = await trx
        .updateTable('deliveries')
        .set((eb) => ({ state: to, attempt_count: eb('attempt_count', '+', 1), updated_at: now }))
        .where(
          'id',
          'in',
          group.slice(i, i + 500).map((g) => g.deliveryId),
        )
        // Compare-and-set: a delivery someone else moved meanwhile is left alone.
        .where('state', '=', from)
        .returning('id')
        .execute();
      for (const r of rows) moved.add(r.id);
    }
  }
  const started = items.filter((i) => moved.has(i.deliveryId));
  for (let i = 0; i < started.length; i += 500) {
    await trx
      .insertInto('attempts')
      .values(
        started.slice(i, i + 500).map((s) => ({
          id: s.attemptId,
          delivery_id: s.deliveryId,
          workspace_id: s.workspaceId,
          worker,
          started_at: now,
          finished_at: null,
          outcome: null,
          failure_class: null,
          message: null,
          remote_id: null,
        })),
      )
      .execute();
  }
  return moved;
}

export async function recordPublishedBatch(
  trx: Kysely<Schema>,
  items: { deliveryId: string; attemptId: string; remoteId: string; url: string }[],
  now: number,
) {
  for (let i = 0; i < items.length; i += 300) {
    const part = items.slice(i, i + 300);
    const deliveries = sql.join(part.map((x) => sql`(${x.deliveryId}, ${x.remoteId}, ${x.url})`));
    await sql`update deliveries set state = 'published', remote_id = v.column2, remote_url = v.column3,
        published_at = ${now}, failure_class = null, failure_reason = null, updated_at = ${now}
      from (values ${deliveries}) as v where deliveries.id = v.column1 and deliveries.state = 'publishing'`.execute(
      trx,
    );
    const attempts = sql.join(part.map((x) => sql`(${x.attemptId}, ${x.remoteId})`));
    await sql`update attempts set finished_at = ${now}, outcome = 'published', remote_id = v.column2
      from (values ${attempts}) as v where attempts.id = v.column1`.execute(trx);
  }
}

/** Every post of the batch read at once; only posts whose status changes are written, in id order. */
export async function refreshPostStatuses(trx: Kysely<Schema>, postIds: string[], now: number) {
  if (postIds.length === 0) return;
  const ids = [...new Set(postIds)].sort();
  const rows = await trx
    .selectFrom('deliveries')
    .select(['post_id', 'state'])
    .where('post_id', 'in', ids)
    .execute();
  const current = new Map(
    (await trx.selectFrom('posts').select(['id', 'status']).where('id', 'in', ids).execute()).map((r) => [
      r.id,
      r.status,
    ]),
  );
  const byPost = groupBy(rows, (r) => r.post_id);
  for (const id of ids) {
    const states = byPost.get(id)?.map((r) => r.state);
    if (!states || states.length === 0) continue;
    const status = postStatus(states);
    if (current.get(id) !== status)
      await trx.updateTable('posts').set({ status, updated_at: now }).where('id', '=', id).execute();
  }
}

/** A post's status summarises its deliveries. */
export function postStatus(states: DeliveryState[]) {
  return states.every((s) => s === 'published' || s === 'cancelled')
    ? ('published' as const)
    : states.some((s) => s === 'failed')
      ? ('failed' as const)
      : states.some((s) => s === 'awaiting_approval')
        ? ('awaiting_approval' as const)
        : states.every((s) => s === 'draft' || s === 'cancelled')
          ? ('draft' as const)
          : ('scheduled' as const);
}
