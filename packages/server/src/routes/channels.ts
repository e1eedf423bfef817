import { notFound } from '@araldo/core';
import {
  type Context,
  channelQueue,
  connectChannel,
  deleteChannel,
  ensureAllowed,
  freeQueueSlots,
  pauseQueue,
  reorderQueue,
  startOAuthConnection,
  updateChannel,
} from '@araldo/engine';
import { findChannel, listChannels, toChannel } from '@araldo/store';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorFor } from '../auth';
import {
  channel,
  commonErrors,
  errorBody,
  id,
  isoInstant,
  network,
  pageOf,
  pageQuery,
  slots,
  timeZone,
  workspaceParams,
} from '../schemas';

const channelParams = workspaceParams.extend({ channelId: id });
const settings = z.record(z.string().max(64), z.unknown());

export const channelRoutes =
  (ctx: Context): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/workspaces/:workspaceId/channels',
      {
        schema: {
          tags: ['channels'],
          summary: 'Connected accounts (credentials are never returned)',
          params: workspaceParams,
          querystring: pageQuery,
          response: { 200: pageOf(channel), ...commonErrors },
        },
      },
      async (request) => {
        const actor = await actorFor(ctx, request, request.params.workspaceId);
        ensureAllowed(actor, 'channels.read');
        return listChannels(ctx.store.db, request.params.workspaceId, request.query);
      },
    );

    app.post(
      '/workspaces/:workspaceId/channels',
      {
        schema: {
          tags: ['channels'],
          summary:
            'Connect an account that logs in with a form: Bluesky (server, identifier, appPassword), ' +
            'Mastodon (server, accessToken) or the sandbox (no credentials). The network checks the ' +
            'credentials first; nothing is saved when it refuses. Connecting an account already here ' +
            'refreshes its credentials (reconnect). OAuth networks start at /channels/oauth/start (admin)',
          params: workspaceParams,
          body: z.strictObject({
            network,
            name: z.string().trim().min(1).max(120).optional(),
            timeZone: timeZone.optional(),
            server: z.string().trim().min(1).max(300).optional(),
            identifier: z.string().trim().min(1).max(300).optional(),
            appPassword: z.string().min(1).max(300).optional(),
            accessToken: z.string().min(1).max(4096).optional(),
          }),
          response: { 201: channel, ...commonErrors, 502: errorBody },
        },
      },
      async (request, reply) => {
        const actor = await actorFor(ctx, request, request.params.workspaceId);
        const { network: id, name, timeZone: zone, server, ...fields } = request.body;
        const connected = await connectChannel(ctx, actor, request.params.workspaceId, {
          network: id,
          name,
          timeZone: zone,
          server,
          fields,
        });
        return reply.status(201).send(connected);
      },
    );

    app.post(
      '/workspaces/:workspaceId/channels/oauth/start',
      {
        schema: {
          tags: ['channels'],
          summary: "Start connecting an OAuth network: send the person's browser to authorizationUrl (admin)",
          params: workspaceParams,
          body: z.strictObject({ network }),
          response: { 200: z.object({ authorizationUrl: z.string() }), ...commonErrors },
        },
      },
      async (request) => {
        const actor = await actorFor(ctx, request, request.params.workspaceId);
        return startOAuthConnection(ctx, actor, request.params.workspaceId, request.body.network);
      },
    );

    app.get(
      '/workspaces/:workspaceId/channels/:channelId',
      {
        schema: {
          tags: ['channels'],
          summary: 'One channel',
          params: channelParams,
          response: { 200: channel, ...commonErrors },
        },
      },
      async (request) => {
        const { workspaceId, channelId } = request.params;
        const actor = await actorFor(ctx, request, workspaceId);
        ensureAllowed(actor, 'channels.read');
        const row = await findChannel(ctx.store.db, workspaceId, channelId);
        if (!row) throw notFound('Channel');
        return toChannel(row);
      },
    );

    app.patch(
      '/workspaces/:workspaceId/channels/:channelId',
      {
        schema: {
          tags: ['channels'],
          summary: 'Rename, pause or change the time zone of a channel (admin)',
          params: channelParams,
          body: z.strictObject({
            name: z.string().trim().min(1).max(120).optional(),
            timeZone: timeZone.optional(),
            status: z.enum(['active', 'disabled']).optional(),
            settings: settings.optional(),
            slots: slots.optional(),
          }),
          response: { 200: channel, ...commonErrors },
        },
      },
      async (request) => {
        const { workspaceId, channelId } = request.params;
        const actor = await actorFor(ctx, request, workspaceId);
        return updateChannel(ctx, actor, workspaceId, channelId, request.body);
      },
    );

    const queueView = z.object({
      paused: z.boolean(),
      items: z.array(z.object({ deliveryId: id, postId: id, text: z.string(), dueAt: z.string() })),
    });
    app.get(
      '/workspaces/:workspaceId/channels/:channelId/queue',
      {
        schema: {
          tags: ['channels'],
          summary: "The channel's queue: posts added to it that have not gone out, in order",
          params: channelParams,
          response: { 200: queueView, ...commonErrors },
        },
      },
      async (request) => {
        const { workspaceId, channelId } = request.params;
        return channelQueue(ctx, await actorFor(ctx, request, workspaceId), workspaceId, channelId);
      },
    );
    app.get(
      '/workspaces/:workspaceId/channels/:channelId/queue/slots',
      {
        schema: {
          tags: ['channels'],
          summary:
            "The channel's next free posting slots, from its weekly slots in its time zone: the ones no " +
            'scheduled or pending post holds, which "add to queue" would fill next',
          params: channelParams,
          querystring: z.strictObject({ count: z.coerce.number().int().min(1).max(100).default(10) }),
          response: {
            200: z.object({
              timeZone: z.string(),
              hasSlots: z.boolean(),
              slots: z.array(isoInstant),
            }),
            ...commonErrors,
          },
        },
      },
      async (request) => {
        const { workspaceId, channelId } = request.params;
        const actor = await actorFor(ctx, request, workspaceId);
        return freeQueueSlots(ctx, actor, workspaceId, channelId, request.query.count);
      },
    );
    app.post(
      '/workspaces/:workspaceId/channels/:channelId/queue/reorder',
      {
        schema: {
          tags: ['channels'],
          summary: 'Put the queued posts in this order; they keep the same slots (editor)',
          params: channelParams,
          body: z.strictObject({ deliveryIds: z.array(id).max(1000) }),
          response: { 200: queueView, ...commonErrors },
        },
      },
      async (request) => {
        const { workspaceId, channelId } = request.params;
        const actor = await actorFor(ctx, request, workspaceId);
        return reorderQueue(ctx, actor, workspaceId, channelId, { deliveryIds: request.body.deliveryIds });
      },
    );
    app.post(
      '/workspaces/:workspaceId/channels/:channelId/queue/shuffle',
      {
        schema: {
          tags: ['channels'],
          summary: 'Shuffle the queued posts over the same slots (editor)',
          params: channelParams,
          body: z.strictObject({}),
          response: { 200: queueView, ...commonErrors },
        },
      },
      async (request) => {
        const { workspaceId, channelId } = request.params;
        const actor = await actorFor(ctx, request, workspaceId);
        return reorderQueue(ctx, actor, workspaceId, channelId, { shuffleSeed: `${Date.now()}` });
      },
    );
    for (const paused of [true, false]) {
      app.post(
        `/workspaces/:workspaceId/channels/:channelId/queue/${paused ? 'pause' : 'resume'}`,
        {
          schema: {
            tags: ['channels'],
            summary: paused
              ? 'Pause the queue: queued posts stay but nothing is sent (editor)'
              : 'Resume the queue: queued posts take the next free slots from now (editor)',
            params: channelParams,
            body: z.strictObject({}),
            response: { 200: queueView, ...commonErrors },
          },
        },
        async (request) => {
          const { workspaceId, channelId } = request.params;
          const actor = await actorFor(ctx, request, workspaceId);
          return pauseQueue(ctx, actor, workspaceId, channelId, paused);
        },
      );
    }

    app.delete(
      '/workspaces/:workspaceId/channels/:channelId',
      {
        schema: {
          tags: ['channels'],
          summary: 'Disconnect a channel and forget its credentials (admin)',
          params: channelParams,
          response: { 204: z.null(), ...commonErrors },
        },
      },
      async (request, reply) => {
        const { workspaceId, channelId } = request.params;
        const actor = await actorFor(ctx, request, workspaceId);
        await deleteChannel(ctx, actor, workspaceId, channelId);
        return reply.status(204).send(null);
      },
    );
  };
