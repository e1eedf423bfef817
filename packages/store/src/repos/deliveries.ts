import { canMove, type DeliveryState, iso } from '@araldo/core';
import type { Kysely, Selectable, Updateable } from 'kysely';
import type { DeliveriesTable, Schema } from '../schema';

export interface Delivery {
  id: string;
  postId: string;
  channelId: string;
  state: DeliveryState;
  dueAt: string | null;
  attempts: number;
  remoteId: string | null;
  remoteUrl: string | null;
  failureClass: string | null;
  failureReason: string | null;
  publishedAt: string | null;
}

export const toDelivery = (r: Selectable<DeliveriesTable>): Delivery => ({
  id: r.id,
  postId: r.post_id,
  channelId: r.channel_id,
  state: r.state,
  dueAt: r.due_at === null ? null : iso(r.due_at),
  attempts: r.attempt_count,
  remoteId: r.remote_id,
  remoteUrl: r.remote_url,
  failureClass: r.failure_class,
  failureReason: r.failure_reason,
  publishedAt: r.published_at === null ? null : iso(r.published_at),
});

export async function deliveriesOfPosts(db: Kysely<Schema>, workspaceId: string, postIds: string[]) {
  if (postIds.length === 0) return [];
  return db
    .selectFrom('deliveries')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('post_id', 'in', postIds)
    .orderBy('channel_id')
    .orderBy('occurrence')
    .execute();
}

interface NewDelivery {
  id: string;
  workspaceId: string;
  postId: string;
  channelId: string;
  state: DeliveryState;
  dueAt: number | null;
  occurrence?: number;
}

const deliveryRow = (d: NewDelivery, now: number) => ({
  id: d.id,
  workspace_id: d.workspaceId,
  post_id: d.postId,
  channel_id: d.channelId,
  occurrence: d.occurrence ?? 0,
  state: d.state,
  due_at: d.dueAt,
  attempt_count: 0,
  journal: '{}',
  created_at: now,
  updated_at: now,
});

export async function insertDelivery(db: Kysely<Schema>, d: NewDelivery, now = Date.now()) {
  await db.insertInto('deliveries').values(deliveryRow(d, now)).execute();
}

/**
 * The same unless the (post, channel, occurrence) exists already; true when this call made it.
 * How several workers extend a recurrence or re-queue an evergreen post without doubling it.
 */
export async function insertDeliveryIfAbsent(db: Kysely<Schema>, d: NewDelivery, now = Date.now()) {
  const inserted = await db
    .insertInto('deliveries')
    .values(deliveryRow(d, now))
    .onConflict((oc) => oc.columns(['post_id', 'channel_id', 'occurrence']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return inserted !== undefined;
}

export class IllegalTransition extends Error {
  override name = 'IllegalTransition';
}

/**
 * Moves a delivery to a new state only from the state the caller saw, so two writers
 * racing (a worker finishing, a person unscheduling) cannot both win. Returns whether the
 * row moved; an impossible move is a programming error and throws.
 */
export async function moveDelivery(
  db: Kysely<Schema>,
  id: string,
  from: DeliveryState,
  to: DeliveryState,
  changes: Omit<Updateable<DeliveriesTable>, 'state' | 'id'> = {},
  now = Date.now(),
): Promise<boolean> {
  if (!canMove(from, to)) throw new IllegalTransition(`delivery ${id}: ${from} → ${to} is not a legal move`);
  const result = await db
    .updateTable('deliveries')
    .set({ ...changes, state: to, updated_at: now })
    .where('id', '=', id)
    .where('state', '=', from)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function mergeJournal(db: Kysely<Schema>, id: string, entries: Record<string, unknown>) {
  const row = await db.selectFrom('deliveries').select('journal').where('id', '=', id).executeTakeFirst();
  const journal = { ...(JSON.parse(row?.journal ?? '{}') as Record<string, unknown>), ...entries };
  await db
    .updateTable('deliveries')
    .set({ journal: JSON.stringify(journal) })
    .where('id', '=', id)
    .execute();
  return journal;
}
