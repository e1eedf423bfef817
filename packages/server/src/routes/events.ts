import { type Context, ensureAllowed } from '@araldo/engine';
import { toDelivery } from '@araldo/store';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { actorFor } from '../auth';
import { workspaceParams } from '../schemas';

const POLL_MS = 1_000;
const HEARTBEAT_MS = 15_000;

/**
 * Server-sent events: deliveries and notices as they change, so a post turning published or
 * failed changes on screen without a reload. Workers may run in other processes, so changes
 * are read from the database (a cheap indexed query per second per open stream) rather than
 * from an in-process bus.
 */
export const eventRoutes =
  (ctx: Context): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/workspaces/:workspaceId/events',
      {
        schema: {
          tags: ['workspaces'],
          summary:
            'Server-sent events: `delivery` (a delivery changed state) and `notification` (a new notice), as JSON',
          params: workspaceParams,
        },
      },
      async (request, reply) => {
        const { workspaceId } = request.params;
        const actor = await actorFor(ctx, request, workspaceId);
        ensureAllowed(actor, 'posts.read');
        reply.hijack();
        const res = reply.raw;
        res.writeHead(200, {
          'content-type': 'text/event-stream; charset=utf-8',
          'cache-control': 'no-cache, no-transform',
          connection: 'keep-alive',
          'x-accel-buffering': 'no',
        });
        res.write('retry: 3000\n\n');
        let since = Date.now();
        let lastNotice = '';
        let closed = false;
        const send = (event: string, data: unknown) =>
          res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
        const poll = async () => {
          const now = Date.now();
          const changed = await ctx.store.db
            .selectFrom('deliveries')
            .selectAll()
            .where('workspace_id', '=', workspaceId)
            .where('updated_at', '>', since - 1)
            .orderBy('updated_at')
            .limit(500)
            .execute();
          since = now;
          for (const d of changed) send('delivery', toDelivery(d));
          const notices = await ctx.store.db
            .selectFrom('notifications')
            .select(['id', 'kind', 'message', 'channel_id'])
            .where('workspace_id', '=', workspaceId)
            .where('id', '>', lastNotice)
            .orderBy('id')
            .limit(50)
            .execute();
          if (lastNotice) {
            for (const n of notices)
              send('notification', { id: n.id, kind: n.kind, message: n.message, channelId: n.channel_id });
          }
          lastNotice = notices.at(-1)?.id ?? lastNotice;
        };
        const latest = await ctx.store.db
          .selectFrom('notifications')
          .select('id')
          .where('workspace_id', '=', workspaceId)
          .orderBy('id', 'desc')
          .limit(1)
          .executeTakeFirst();
        lastNotice = latest?.id ?? '0';
        const timer = setInterval(() => {
          if (!closed) poll().catch(() => undefined);
        }, POLL_MS);
        const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), HEARTBEAT_MS);
        request.raw.on('close', () => {
          closed = true;
          clearInterval(timer);
          clearInterval(heartbeat);
        });
      },
    );
  };
