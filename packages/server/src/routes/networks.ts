import { invalid } from '@araldo/core';
import { actorForUser, type Context, completeOAuthConnection, ensureAllowed } from '@araldo/engine';
import { descriptorFor, NETWORKS } from '@araldo/networks';
import { listNotifications, markNotificationsRead } from '@araldo/store';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorFor, requireUser } from '../auth';
import { commonErrors, id, network, pageOf, pageQuery, workspaceParams } from '../schemas';

const measure = z.object({ network: z.string(), length: z.number(), limit: z.number(), fits: z.boolean() });

/** What the composer and the connect screens need to know about each network. */
export const networkRoutes =
  (ctx: Context): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/networks',
      {
        schema: {
          tags: ['networks'],
          summary: 'The networks this Araldo can connect, with their capabilities and how they connect',
          response: {
            200: z.object({
              items: z.array(
                z.object({
                  id: z.string(),
                  name: z.string(),
                  connect: z.enum(['oauth2', 'app_password', 'access_token', 'none']),
                  fields: z.array(z.string()),
                  available: z.boolean(),
                  capabilities: z.record(z.string(), z.unknown()),
                }),
              ),
            }),
          },
        },
      },
      async (request) => {
        requireUser(request);
        return {
          items: Object.values(NETWORKS).map((d) => ({
            id: d.id,
            name: d.name,
            connect: d.connect.kind,
            fields: 'fields' in d.connect ? d.connect.fields : [],
            // An OAuth network needs the operator's app credentials before anyone can connect it.
            available: d.connect.kind !== 'oauth2' || Boolean(ctx.config.networks[d.id].clientId),
            capabilities: { ...d.capabilities },
          })),
        };
      },
    );

    app.post(
      '/text/measure',
      {
        schema: {
          tags: ['networks'],
          summary: 'Measure text exactly as a network counts it',
          body: z.strictObject({ network, text: z.string().max(100_000) }),
          response: { 200: measure, ...commonErrors },
        },
      },
      async (request) => {
        requireUser(request);
        return descriptorFor(request.body.network).measure(request.body.text);
      },
    );

    app.get(
      '/oauth/callback',
      {
        schema: {
          tags: ['channels'],
          summary: 'Where networks send the browser back after consent',
          hide: true,
        },
      },
      async (request, reply) => {
        const principal = requireUser(request);
        const callbackUrl = `${ctx.config.publicUrl}${request.url}`;
        try {
          const channel = await completeOAuthConnection(ctx, callbackUrl, async (workspaceId, userId) => {
            if (userId !== principal.userId) throw invalid('This connection was started by someone else');
            return actorForUser(ctx, workspaceId, userId);
          });
          return reply.redirect(`/w/${channel.workspaceId}/channels?connected=${channel.id}`);
        } catch (error) {
          const message = error instanceof Error ? error.message : 'The connection failed';
          return reply.redirect(`/?connectError=${encodeURIComponent(message)}`);
        }
      },
    );

    app.get(
      '/workspaces/:workspaceId/notifications',
      {
        schema: {
          tags: ['workspaces'],
          summary: 'Notices for the workspace (a channel needs reconnecting, a post failed…)',
          params: workspaceParams,
          querystring: pageQuery.extend({ unread: z.enum(['true', 'false']).optional() }),
          response: {
            200: pageOf(
              z.object({
                id,
                kind: z.string(),
                message: z.string(),
                channelId: id.nullable(),
                createdAt: z.string(),
                readAt: z.string().nullable(),
              }),
            ),
            ...commonErrors,
          },
        },
      },
      async (request) => {
        const actor = await actorFor(ctx, request, request.params.workspaceId);
        ensureAllowed(actor, 'workspace.read');
        return listNotifications(ctx.store.db, request.params.workspaceId, {
          ...request.query,
          unread: request.query.unread === 'true',
        });
      },
    );

    app.post(
      '/workspaces/:workspaceId/notifications/read',
      {
        schema: {
          tags: ['workspaces'],
          summary: 'Mark notices as read',
          params: workspaceParams,
          body: z.strictObject({ ids: z.array(id).max(500) }),
          response: { 204: z.null(), ...commonErrors },
        },
      },
      async (request, reply) => {
        const actor = await actorFor(ctx, request, request.params.workspaceId);
        ensureAllowed(actor, 'workspace.read');
        await markNotificationsRead(ctx.store.db, request.params.workspaceId, request.body.ids);
        return reply.status(204).send(null);
      },
    );
  };
