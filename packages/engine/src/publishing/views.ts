import type { Evergreen, Post } from '@araldo/core';
import {
  type Delivery,
  type DeliveryMetrics,
  deliveriesOfPosts,
  metricsOfDeliveries,
  toDelivery,
} from '@araldo/store';
import type { Context } from '../context';

export interface PostWithDeliveries extends Post {
  schedule: Record<string, unknown> | null;
  review: Record<string, unknown> | null;
  evergreen: Evergreen | null;
  /** Each with its latest metrics, null until they were first read. */
  deliveries: (Delivery & { metrics: DeliveryMetrics | null })[];
}

/** Posts as people see them: with each channel's delivery state, link or failure reason. */
export async function withDeliveries(
  ctx: Context,
  workspaceId: string,
  posts: Post[],
): Promise<PostWithDeliveries[]> {
  const ids = posts.map((p) => p.id);
  const deliveries = await deliveriesOfPosts(ctx.store.db, workspaceId, ids);
  const extras =
    ids.length === 0
      ? []
      : await ctx.store.db
          .selectFrom('posts')
          .select(['id', 'schedule', 'review', 'evergreen'])
          .where('id', 'in', ids)
          .execute();
  const metrics = await metricsOfDeliveries(
    ctx.store.db,
    workspaceId,
    deliveries.filter((d) => d.state === 'published').map((d) => d.id),
  );
  return posts.map((p) => {
    const extra = extras.find((e) => e.id === p.id);
    return {
      ...p,
      schedule: extra?.schedule ? (JSON.parse(extra.schedule) as Record<string, unknown>) : null,
      review: extra?.review ? (JSON.parse(extra.review) as Record<string, unknown>) : null,
      evergreen: extra?.evergreen ? (JSON.parse(extra.evergreen) as Evergreen) : null,
      deliveries: deliveries
        .filter((d) => d.post_id === p.id)
        .map((d) => ({ ...toDelivery(d), metrics: metrics.get(d.id) ?? null })),
    };
  });
}
