import { type Context, METRICS_SKIP_REASONS, refreshPostMetrics } from '@araldo/engine';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorFor } from '../auth';
import { commonErrors, id, postWithDeliveries, workspaceParams } from '../schemas';
import { postView } from './posts';

const refreshed = z
  .object({
    post: postWithDeliveries,
    synced: z.number().meta({ description: 'deliveries whose metrics were read now' }),
    skipped: z
      .array(
        z.object({
          channelId: id,
          reason: z.enum(METRICS_SKIP_REASONS),
          message: z.string(),
        }),
      )
      .meta({ description: 'channels that could not be read now; their last numbers stay' }),
  })
  .meta({ id: 'MetricsRefresh' });

export const metricsRoutes =
  (ctx: Context): FastifyPluginAsyncZod =>
  async (app) => {
    app.post(
      '/workspaces/:workspaceId/posts/:postId/metrics/refresh',
      {
        schema: {
          tags: ['posts'],
          summary:
            'Read the latest likes, comments, shares, impressions and clicks of a published post from each ' +
            'network now, instead of waiting for the background sync (numbers read in the last minute are kept)',
          params: workspaceParams.extend({ postId: id }),
          body: z.strictObject({}).optional(),
          response: { 200: refreshed, ...commonErrors },
        },
      },
      async (request) => {
        const { workspaceId, postId } = request.params;
        const actor = await actorFor(ctx, request, workspaceId);
        const report = await refreshPostMetrics(ctx, actor, workspaceId, postId);
        return { post: await postView(ctx, workspaceId, postId), ...report };
      },
    );
  };
