import { type Context, createApiToken, revokeApiToken } from '@araldo/engine';
import { listApiTokens } from '@araldo/store';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireUser } from '../auth';
import { apiToken, commonErrors, id, pageOf } from '../schemas';

export const tokenRoutes =
  (ctx: Context): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/tokens',
      {
        schema: {
          tags: ['tokens'],
          summary: 'Your personal API tokens (never their secrets)',
          response: { 200: pageOf(apiToken), ...commonErrors },
        },
      },
      async (request) => ({
        items: await listApiTokens(ctx.store.db, requireUser(request).userId),
        nextCursor: null,
      }),
    );

    app.post(
      '/tokens',
      {
        schema: {
          tags: ['tokens'],
          summary: 'Create a personal API token; the secret is shown in this answer only',
          body: z.strictObject({
            name: z.string().trim().min(1).max(80),
            scope: z.enum(['read', 'write']),
            expiresInDays: z.number().int().min(1).max(3650).optional(),
          }),
          response: { 201: z.object({ token: apiToken, secret: z.string() }), ...commonErrors },
        },
      },
      async (request, reply) => {
        const created = await createApiToken(ctx, requireUser(request).userId, request.body);
        return reply.status(201).send(created);
      },
    );

    app.delete(
      '/tokens/:tokenId',
      {
        schema: {
          tags: ['tokens'],
          summary: 'Revoke a token at once',
          params: z.strictObject({ tokenId: id }),
          response: { 204: z.null(), ...commonErrors },
        },
      },
      async (request, reply) => {
        await revokeApiToken(ctx, requireUser(request).userId, request.params.tokenId);
        return reply.status(204).send(null);
      },
    );
  };
