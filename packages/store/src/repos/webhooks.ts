import { iso } from '@araldo/core';
import type { Insertable, Kysely, Selectable, Updateable } from 'kysely';
import { decodeCursor, toPage } from '../pagination';
import type { Schema, WebhookDeliveriesTable, WebhookEndpointsTable } from '../schema';

/** An endpoint as the API shows it: never its secret. */
export interface WebhookEndpoint {
  id: string;
  workspaceId: string;
  url: string;
  description: string | null;
  events: string[];
  active: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface WebhookDelivery {
  id: string;
  endpointId: string;
  eventId: string;
  type: string;
  state: WebhookDeliveriesTable['state'];
  attempts: number;
  nextAttemptAt: string | null;
  lastStatus: number | null;
  lastError: string | null;
  deliveredAt: string | null;
  createdAt: string;
  /** The body as sent, so a person can see what the receiver got. */
  payload: unknown;
}

export const toWebhookEndpoint = (r: Selectable<WebhookEndpointsTable>): WebhookEndpoint => ({
  id: r.id,
  workspaceId: r.workspace_id,
  url: r.url,
  description: r.description,
  events: JSON.parse(r.events) as string[],
  active: r.active === 1,
  createdAt: iso(r.created_at),
  updatedAt: iso(r.updated_at),
});

const instant = (v: number | null) => (v === null ? null : iso(v));

export const toWebhookDelivery = (r: Selectable<WebhookDeliveriesTable>): WebhookDelivery => ({
  id: r.id,
  endpointId: r.endpoint_id,
  eventId: r.event_id,
  type: r.type,
  state: r.state,
  attempts: r.attempt_count,
  nextAttemptAt: instant(r.next_attempt_at),
  lastStatus: r.last_status,
  lastError: r.last_error,
  deliveredAt: instant(r.delivered_at),
  createdAt: iso(r.created_at),
  payload: JSON.parse(r.payload),
});

export async function insertWebhookEndpoint(db: Kysely<Schema>, row: Insertable<WebhookEndpointsTable>) {
  await db.insertInto('webhook_endpoints').values(row).execute();
}

export async function findWebhookEndpoint(db: Kysely<Schema>, workspaceId: string, id: string) {
  return db
    .selectFrom('webhook_endpoints')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function listWebhookEndpoints(db: Kysely<Schema>, workspaceId: string) {
  const rows = await db
    .selectFrom('webhook_endpoints')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .orderBy('id')
    .execute();
  return rows.map(toWebhookEndpoint);
}

/** The workspace's endpoints that take new events (callers filter by subscribed type). */
export async function activeWebhookEndpoints(db: Kysely<Schema>, workspaceId: string) {
  return db
    .selectFrom('webhook_endpoints')
    .select(['id', 'events'])
    .where('workspace_id', '=', workspaceId)
    .where('active', '=', 1)
    .execute();
}

export async function updateWebhookEndpoint(
  db: Kysely<Schema>,
  workspaceId: string,
  id: string,
  patch: Omit<Updateable<WebhookEndpointsTable>, 'id' | 'workspace_id'>,
) {
  await db
    .updateTable('webhook_endpoints')
    .set(patch)
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .execute();
}

export async function deleteWebhookEndpoint(db: Kysely<Schema>, workspaceId: string, id: string) {
  const result = await db
    .deleteFrom('webhook_endpoints')
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

export async function insertWebhookDeliveries(
  db: Kysely<Schema>,
  rows: Insertable<WebhookDeliveriesTable>[],
) {
  if (rows.length === 0) return;
  await db.insertInto('webhook_deliveries').values(rows).execute();
}

/** The delivery log of one endpoint, newest first. */
export async function listWebhookDeliveries(
  db: Kysely<Schema>,
  workspaceId: string,
  endpointId: string,
  options: { limit: number; cursor?: string | undefined },
) {
  const after = decodeCursor(options.cursor);
  let q = db
    .selectFrom('webhook_deliveries')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('endpoint_id', '=', endpointId);
  if (after) q = q.where('id', '<', after);
  const rows = await q
    .orderBy('id', 'desc')
    .limit(options.limit + 1)
    .execute();
  return toPage(rows, options.limit, toWebhookDelivery);
}

export async function findWebhookDelivery(
  db: Kysely<Schema>,
  workspaceId: string,
  endpointId: string,
  id: string,
) {
  return db
    .selectFrom('webhook_deliveries')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('endpoint_id', '=', endpointId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/** Deliveries to send, with where and how: only for senders, which work across workspaces. */
export async function dueWebhookDeliveries(db: Kysely<Schema>, now: number, limit: number, ids?: string[]) {
  let q = db
    .selectFrom('webhook_deliveries as d')
    .innerJoin('webhook_endpoints as e', 'e.id', 'd.endpoint_id')
    .selectAll('d')
    .select(['e.url', 'e.secret']);
  if (ids) q = q.where('d.id', 'in', ids);
  else q = q.where('d.state', '=', 'pending').where('d.next_attempt_at', '<=', now).where('e.active', '=', 1);
  return q.orderBy('d.next_attempt_at').limit(limit).execute();
}

/**
 * Takes a delivery for `leaseMs` by moving its next attempt forward, only if nobody moved
 * it first; a sender that dies mid-send leaves it due again once the lease lapses.
 */
export async function claimWebhookDelivery(
  db: Kysely<Schema>,
  id: string,
  seenNextAttemptAt: number | null,
  leaseUntil: number,
) {
  let q = db
    .updateTable('webhook_deliveries')
    .set({ next_attempt_at: leaseUntil })
    .where('id', '=', id)
    .where('state', '=', 'pending');
  q =
    seenNextAttemptAt === null
      ? q.where('next_attempt_at', 'is', null)
      : q.where('next_attempt_at', '=', seenNextAttemptAt);
  const result = await q.executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function recordWebhookAttempt(
  db: Kysely<Schema>,
  id: string,
  outcome: Pick<
    Updateable<WebhookDeliveriesTable>,
    'state' | 'attempt_count' | 'next_attempt_at' | 'last_status' | 'last_error' | 'delivered_at'
  >,
) {
  await db.updateTable('webhook_deliveries').set(outcome).where('id', '=', id).execute();
}
