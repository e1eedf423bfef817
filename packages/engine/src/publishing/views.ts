import type { Post } from '@araldo/core';
import { type Delivery, deliveriesOfPosts, toDelivery } from '@araldo/store';
import type { Context } from '../context';

export interface PostWithDeliveries extends Post {
  schedule: Record<string, unknown> | null;
  review: Record<string, unknown> | null;
  deliveries: Delivery[];
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
          .select(['id', 'schedule', 'review'])
          .where('id', 'in', ids)
          .execute();
  return posts.map((p) => {
    const extra = extras.find((e) => e.id === p.id);
    return {
      ...p,
      schedule: extra?.schedule ? (JSON.parse(extra.schedule) as Record<string, unknown>) : null,
      review: extra?.review ? (JSON.parse(extra.review) as Record<string, unknown>) : null,
      deliveries: deliveries.filter((d) => d.post_id === p.id).map(toDelivery),
    };
  });
}
