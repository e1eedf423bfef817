import { notFound } from '@araldo/core';
import { type Context, createChannel, deleteChannel, ensureAllowed, updateChannel } from '@araldo/engine';
import { findChannel, listChannels, toChannel } from '@araldo/store';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorFor } from '../auth';
import { channel, commonErrors, id, network, pageOf, pageQuery, timeZone, workspaceParams } from '../schemas';

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
          summary: 'Record a connected account; credentials are encrypted at rest (admin)',
          params: workspaceParams,
          body: z.strictObject({
            network,
            name: z.string().trim().min(1).max(120),
            accountId: z.string().trim().min(1).max(200).optional(),
            accountHandle: z.string().trim().min(1).max(200).optional(),
            timeZone: timeZone.optional(),
            credentials: z.record(z.string().max(64), z.string().max(8192)).optional(),
            settings: settings.optional(),
          }),
          response: { 201: channel, ...commonErrors },
        },
      },
      async (request, reply) => {
        const actor = await actorFor(ctx, request, request.params.workspaceId);
        return reply
          .status(201)
          .send(await createChannel(ctx, actor, request.params.workspaceId, request.body));
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
