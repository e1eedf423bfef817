import { newId } from '@araldo/core';
import {
  activeWebhookEndpoints,
  insertWebhookDeliveries,
  type Schema,
  type WebhookDeliveriesTable,
} from '@araldo/store';
import type { Insertable, Kysely } from 'kysely';

export const WEBHOOK_EVENT_TYPES = [
  'post.published',
  'post.failed',
  'post.needs_reconnect',
  'post.held',
  'post.approved',
  'post.rejected',
  'channel.needs_reconnect',
  'channel.token_expiring',
] as const;

export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** `ping` is sent only on request, to test an endpoint; nobody subscribes to it. */
export type WebhookDeliveryType = WebhookEventType | 'ping';

export interface WebhookEvent {
  workspaceId: string;
  type: WebhookEventType;
  data: Record<string, unknown>;
}

/** The body every receiver gets; `id` is the event's, shared by all its deliveries. */
export function webhookBody(
  eventId: string,
  type: WebhookDeliveryType,
  workspaceId: string,
  data: Record<string, unknown>,
  now: number,
): string {
  return JSON.stringify({ id: eventId, type, createdAt: new Date(now).toISOString(), workspaceId, data });
}

/**
 * Records an event in the outbox, inside the transaction that makes the change it reports:
 * the event exists if and only if the change commits. The sender delivers it afterwards, so
 * a slow or dead receiver never holds a transaction open. Returns the event id.
 */
export async function emitEvent(trx: Kysely<Schema>, event: WebhookEvent, now = Date.now()): Promise<string> {
  const [eventId] = await emitEvents(trx, [event], now);
  return eventId!;
}

/**
 * The same for a batch (the publisher records outcomes a hundred at a time): endpoints are
 * read once per workspace and the rows written in one insert. Returns the event ids in order.
 */
export async function emitEvents(
  trx: Kysely<Schema>,
  events: WebhookEvent[],
  now = Date.now(),
): Promise<string[]> {
  const endpointsOf = new Map<string, { id: string; events: string[] }[]>();
  for (const workspaceId of new Set(events.map((e) => e.workspaceId))) {
    const rows = await activeWebhookEndpoints(trx, workspaceId);
    endpointsOf.set(
      workspaceId,
      rows.map((r) => ({ id: r.id, events: JSON.parse(r.events) as string[] })),
    );
  }
  const ids: string[] = [];
  const rows: Insertable<WebhookDeliveriesTable>[] = [];
  for (const event of events) {
    const eventId = newId();
    ids.push(eventId);
    const endpoints = (endpointsOf.get(event.workspaceId) ?? []).filter((e) => e.events.includes(event.type));
    if (endpoints.length === 0) continue;
    const payload = webhookBody(eventId, event.type, event.workspaceId, event.data, now);
    for (const e of endpoints) {
      rows.push({
        id: newId(),
        workspace_id: event.workspaceId,
        endpoint_id: e.id,
        event_id: eventId,
        type: event.type,
        payload,
        state: 'pending',
        attempt_count: 0,
        next_attempt_at: now,
        last_status: null,
        last_error: null,
        delivered_at: null,
        created_at: now,
      });
    }
  }
  // Chunked: PostgreSQL takes at most 65,535 parameters in one statement.
  for (let i = 0; i < rows.length; i += 500) await insertWebhookDeliveries(trx, rows.slice(i, i + 500));
  return ids;
}
