import { invalid, newId, notFound } from '@araldo/core';
import {
  deleteWebhookEndpoint as deleteEndpointRow,
  findWebhookDelivery,
  findWebhookEndpoint,
  insertWebhookDeliveries,
  insertWebhookEndpoint,
  listWebhookDeliveries as listDeliveryRows,
  listWebhookEndpoints as listEndpointRows,
  recordAudit,
  toWebhookDelivery,
  toWebhookEndpoint,
  updateWebhookEndpoint as updateEndpointRow,
  type WebhookDelivery,
  type WebhookEndpoint,
} from '@araldo/store';
import { ensureAllowed } from '../commands/guard';
import type { Actor, Context } from '../context';
import { WEBHOOK_EVENT_TYPES, type WebhookEventType, webhookBody } from './events';
import { WebhookSender } from './sender';
import { newWebhookSecret } from './signature';

/*
 * Webhooks send the workspace's activity to a URL of the admin's choosing, so managing them
 * takes the admin role: `members.manage` is the existing permission held by admins and
 * owners, and no new permission is added to core's table.
 */
const PERMISSION = 'members.manage' as const;

export interface WebhookEndpointInput {
  url: string;
  events: WebhookEventType[];
  description?: string | null | undefined;
  active?: boolean | undefined;
}

/** Only http(s): the private-address guard in the HTTP layer covers where it may point. */
export function checkWebhookUrl(url: string, path = 'url'): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw invalid(`${url} is not a URL`, [{ path, message: 'not a URL' }]);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw invalid('Only http:// and https:// URLs can receive webhooks', [
      { path, message: 'must be an http(s) URL' },
    ]);
  }
  if (url.length > 2048) throw invalid('The URL is too long', [{ path, message: 'at most 2048 characters' }]);
  return parsed.toString();
}

function checkEvents(events: string[]): WebhookEventType[] {
  const unknown = events.filter((e) => !(WEBHOOK_EVENT_TYPES as readonly string[]).includes(e));
  if (unknown.length > 0 || events.length === 0) {
    throw invalid('Choose at least one event Araldo sends', [
      { path: 'events', message: `one or more of ${WEBHOOK_EVENT_TYPES.join(', ')}` },
    ]);
  }
  return [...new Set(events)] as WebhookEventType[];
}

/** The secret is returned this once; afterwards only its sealed form exists. */
export async function createWebhookEndpoint(
  ctx: Context,
  actor: Actor,
  workspaceId: string,
  input: WebhookEndpointInput,
  now = Date.now(),
): Promise<{ endpoint: WebhookEndpoint; secret: string }> {
  ensureAllowed(actor, PERMISSION);
  const url = checkWebhookUrl(input.url);
  const events = checkEvents(input.events);
  const secret = newWebhookSecret();
  const id = newId();
  return ctx.store.db.transaction().execute(async (trx) => {
    await insertWebhookEndpoint(trx, {
      id,
      workspace_id: workspaceId,
      url,
      description: input.description ?? null,
      secret: ctx.cipher.seal(secret),
      events: JSON.stringify(events),
      active: input.active === false ? 0 : 1,
      created_at: now,
      updated_at: now,
    });
    const endpoint = toWebhookEndpoint((await findWebhookEndpoint(trx, workspaceId, id))!);
    await recordAudit(trx, {
      workspaceId,
      actorId: actor.userId,
      action: 'webhook.created',
      targetType: 'webhook_endpoint',
      targetId: id,
      after: { url, events },
    });
    return { endpoint, secret };
  });
}

export async function updateWebhookEndpoint(
  ctx: Context,
  actor: Actor,
  workspaceId: string,
  id: string,
  patch: Partial<WebhookEndpointInput>,
): Promise<WebhookEndpoint> {
  ensureAllowed(actor, PERMISSION);
  const url = patch.url === undefined ? undefined : checkWebhookUrl(patch.url);
  const events = patch.events === undefined ? undefined : checkEvents(patch.events);
  return ctx.store.db.transaction().execute(async (trx) => {
    const before = await findWebhookEndpoint(trx, workspaceId, id);
    if (!before) throw notFound('Webhook');
    await updateEndpointRow(trx, workspaceId, id, {
      ...(url !== undefined ? { url } : {}),
      ...(events !== undefined ? { events: JSON.stringify(events) } : {}),
      ...(patch.description !== undefined ? { description: patch.description } : {}),
      ...(patch.active !== undefined ? { active: patch.active ? 1 : 0 } : {}),
      updated_at: Date.now(),
    });
    const after = toWebhookEndpoint((await findWebhookEndpoint(trx, workspaceId, id))!);
    const { url: u, events: e, active: a } = toWebhookEndpoint(before);
    await recordAudit(trx, {
      workspaceId,
      actorId: actor.userId,
      action: 'webhook.updated',
      targetType: 'webhook_endpoint',
      targetId: id,
      before: { url: u, events: e, active: a },
      after: { url: after.url, events: after.events, active: after.active },
    });
    return after;
  });
}

export async function deleteWebhookEndpoint(ctx: Context, actor: Actor, workspaceId: string, id: string) {
  ensureAllowed(actor, PERMISSION);
  await ctx.store.db.transaction().execute(async (trx) => {
    const before = await findWebhookEndpoint(trx, workspaceId, id);
    if (!before) throw notFound('Webhook');
    // Its pending deliveries go with it (foreign key cascade): nothing is sent afterwards.
    await deleteEndpointRow(trx, workspaceId, id);
    await recordAudit(trx, {
      workspaceId,
      actorId: actor.userId,
      action: 'webhook.deleted',
      targetType: 'webhook_endpoint',
      targetId: id,
      before: { url: before.url },
    });
  });
}

export async function listWebhookEndpoints(ctx: Context, actor: Actor, workspaceId: string) {
  ensureAllowed(actor, PERMISSION);
  return listEndpointRows(ctx.store.db, workspaceId);
}

/** The delivery log of one endpoint, newest first, with what was sent and how it went. */
export async function listWebhookDeliveries(
  ctx: Context,
  actor: Actor,
  workspaceId: string,
  endpointId: string,
  page: { limit: number; cursor?: string | undefined },
) {
  ensureAllowed(actor, PERMISSION);
  if (!(await findWebhookEndpoint(ctx.store.db, workspaceId, endpointId))) throw notFound('Webhook');
  return listDeliveryRows(ctx.store.db, workspaceId, endpointId, page);
}

/**
 * Queues one delivery for one endpoint and sends it straight away, so the answer shows how
 * it went. What the receiver said stays in the log either way.
 */
async function sendOne(
  ctx: Context,
  actor: Actor,
  workspaceId: string,
  endpointId: string,
  message: { eventId: string; type: string; payload: string; action: string },
): Promise<WebhookDelivery> {
  const id = newId();
  const now = Date.now();
  // Due only after a lease: background senders leave it to this request, and take it over
  // if this process dies before sending.
  const leased = now + 60_000;
  await ctx.store.db.transaction().execute(async (trx) => {
    await insertWebhookDeliveries(trx, [
      {
        id,
        workspace_id: workspaceId,
        endpoint_id: endpointId,
        event_id: message.eventId,
        type: message.type,
        payload: message.payload,
        state: 'pending',
        attempt_count: 0,
        next_attempt_at: leased,
        last_status: null,
        last_error: null,
        delivered_at: null,
        created_at: now,
      },
    ]);
    await recordAudit(trx, {
      workspaceId,
      actorId: actor.userId,
      action: message.action,
      targetType: 'webhook_endpoint',
      targetId: endpointId,
      after: { delivery: id, event: message.eventId },
    });
  });
  await new WebhookSender(ctx).sendNow([id]);
  return toWebhookDelivery((await findWebhookDelivery(ctx.store.db, workspaceId, endpointId, id))!);
}

/**
 * Sends an earlier delivery's event again, byte for byte, as a new delivery with its own id
 * (receivers that deduplicate by event id see it is the same event).
 */
export async function redeliverWebhook(
  ctx: Context,
  actor: Actor,
  workspaceId: string,
  endpointId: string,
  deliveryId: string,
): Promise<WebhookDelivery> {
  ensureAllowed(actor, PERMISSION);
  const original = await findWebhookDelivery(ctx.store.db, workspaceId, endpointId, deliveryId);
  if (!original) throw notFound('Webhook delivery');
  return sendOne(ctx, actor, workspaceId, endpointId, {
    eventId: original.event_id,
    type: original.type,
    payload: original.payload,
    action: 'webhook.redelivered',
  });
}

/** A `ping` to check the endpoint receives and verifies Araldo's requests; never retried. */
export async function pingWebhookEndpoint(
  ctx: Context,
  actor: Actor,
  workspaceId: string,
  endpointId: string,
): Promise<WebhookDelivery> {
  ensureAllowed(actor, PERMISSION);
  if (!(await findWebhookEndpoint(ctx.store.db, workspaceId, endpointId))) throw notFound('Webhook');
  const eventId = newId();
  return sendOne(ctx, actor, workspaceId, endpointId, {
    eventId,
    type: 'ping',
    payload: webhookBody(eventId, 'ping', workspaceId, { endpointId }, Date.now()),
    action: 'webhook.pinged',
  });
}
