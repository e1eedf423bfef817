import {
  type Context,
  createWebhookEndpoint,
  deleteWebhookEndpoint,
  listWebhookDeliveries,
  listWebhookEndpoints,
  pingWebhookEndpoint,
  redeliverWebhook,
  updateWebhookEndpoint,
  WEBHOOK_EVENT_TYPES,
} from '@araldo/engine';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorFor } from '../auth';
import { commonErrors, id, isoInstant, pageOf, pageQuery, workspaceParams } from '../schemas';

const webhookParams = workspaceParams.extend({ webhookId: id });
const deliveryParams = webhookParams.extend({ deliveryId: id });

const eventType = z.enum(WEBHOOK_EVENT_TYPES);

const endpoint = z
  .object({
    id,
    workspaceId: id,
    url: z.string(),
    description: z.string().nullable(),
    events: z.array(z.string()),
    active: z.boolean(),
    createdAt: isoInstant,
    updatedAt: isoInstant,
  })
  .meta({ id: 'WebhookEndpoint' });

const delivery = z
  .object({
    id,
    endpointId: id,
    eventId: id,
    type: z.string(),
    state: z.enum(['pending', 'delivered', 'failed']),
    attempts: z.number(),
    nextAttemptAt: isoInstant.nullable(),
    lastStatus: z.number().nullable(),
    lastError: z.string().nullable(),
    deliveredAt: isoInstant.nullable(),
    createdAt: isoInstant,
    payload: z.unknown(),
  })
  .meta({ id: 'WebhookDelivery' });

const fields = {
  url: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).max(2048),
  events: z.array(eventType).min(1).max(WEBHOOK_EVENT_TYPES.length),
  description: z.string().trim().max(200).nullable().optional(),
  active: z.boolean().optional(),
};

/** Outgoing webhooks: admins and owners only (the engine checks `members.manage`). */
export const webhookRoutes =
  (ctx: Context): FastifyPluginAsyncZod =>
  async (app) => {
    const base = '/workspaces/:workspaceId/webhooks';

    app.get(
      base,
      {
        schema: {
          tags: ['webhooks'],
          summary: 'Webhook endpoints of the workspace (never their secrets)',
          params: workspaceParams,
          response: { 200: pageOf(endpoint), ...commonErrors },
        },
      },
      async (request) => {
        const actor = await actorFor(ctx, request, request.params.workspaceId);
        return {
          items: await listWebhookEndpoints(ctx, actor, request.params.workspaceId),
          nextCursor: null,
        };
      },
    );

    app.post(
      base,
      {
        schema: {
          tags: ['webhooks'],
          summary:
            'Add an endpoint that receives the chosen events, signed with HMAC-SHA256. The signing ' +
            'secret is in this answer only',
          params: workspaceParams,
          body: z.strictObject(fields),
          response: { 201: z.object({ endpoint, secret: z.string() }), ...commonErrors },
        },
      },
      async (request, reply) => {
        const actor = await actorFor(ctx, request, request.params.workspaceId);
        const created = await createWebhookEndpoint(ctx, actor, request.params.workspaceId, request.body);
        return reply.status(201).send(created);
      },
    );

    app.patch(
      `${base}/:webhookId`,
      {
        schema: {
          tags: ['webhooks'],
          summary: 'Change the URL, the events, the description, or pause and resume an endpoint',
          params: webhookParams,
          body: z.strictObject({ ...fields, url: fields.url.optional(), events: fields.events.optional() }),
          response: { 200: endpoint, ...commonErrors },
        },
      },
      async (request) => {
        const { workspaceId, webhookId } = request.params;
        const actor = await actorFor(ctx, request, workspaceId);
        return updateWebhookEndpoint(ctx, actor, workspaceId, webhookId, request.body);
      },
    );

    app.delete(
      `${base}/:webhookId`,
      {
        schema: {
          tags: ['webhooks'],
          summary: 'Delete an endpoint and its delivery log; nothing more is sent to it',
          params: webhookParams,
          response: { 204: z.null(), ...commonErrors },
        },
      },
      async (request, reply) => {
        const { workspaceId, webhookId } = request.params;
        const actor = await actorFor(ctx, request, workspaceId);
        await deleteWebhookEndpoint(ctx, actor, workspaceId, webhookId);
        return reply.status(204).send(null);
      },
    );

    app.get(
      `${base}/:webhookId/deliveries`,
      {
        schema: {
          tags: ['webhooks'],
          summary: 'The delivery log: what was sent, newest first, with each answer and the next retry',
          params: webhookParams,
          querystring: pageQuery,
          response: { 200: pageOf(delivery), ...commonErrors },
        },
      },
      async (request) => {
        const { workspaceId, webhookId } = request.params;
        const actor = await actorFor(ctx, request, workspaceId);
        return listWebhookDeliveries(ctx, actor, workspaceId, webhookId, request.query);
      },
    );

    app.post(
      `${base}/:webhookId/deliveries/:deliveryId/redeliver`,
      {
        schema: {
          tags: ['webhooks'],
          summary: 'Send a delivery’s event again now, as a new delivery; the answer says how it went',
          params: deliveryParams,
          response: { 200: delivery, ...commonErrors },
        },
      },
      async (request) => {
        const { workspaceId, webhookId, deliveryId } = request.params;
        const actor = await actorFor(ctx, request, workspaceId);
        return redeliverWebhook(ctx, actor, workspaceId, webhookId, deliveryId);
      },
    );

    app.post(
      `${base}/:webhookId/test`,
      {
        schema: {
          tags: ['webhooks'],
          summary: 'Send a `ping` event now to check the endpoint receives and verifies Araldo’s requests',
          params: webhookParams,
          response: { 200: delivery, ...commonErrors },
        },
      },
      async (request) => {
        const { workspaceId, webhookId } = request.params;
        const actor = await actorFor(ctx, request, workspaceId);
        return pingWebhookEndpoint(ctx, actor, workspaceId, webhookId);
      },
    );
  };
