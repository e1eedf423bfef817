import { type QueryClient, type QueryKey, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useApi } from '../api/api-context';
import { queryKeys } from '../api/query-keys';
import type { Delivery, PostWithDeliveries } from '../api/types';

/** Changes arriving together (a burst of publications) are applied to the caches together. */
const FLUSH_MS = 150;

/** A post's status follows its deliveries (the server's rule, simplified for display). */
const statusOf = (post: PostWithDeliveries): PostWithDeliveries['status'] => {
  const states = post.deliveries.map((delivery) => delivery.state);
  if (states.length > 0 && states.every((state) => state === 'published')) return 'published';
  if (states.includes('failed')) return 'failed';
  return post.status;
};

const withDelivery = (post: PostWithDeliveries, delivery: Delivery): PostWithDeliveries => {
  const updated = { ...post, deliveries: post.deliveries.map((d) => (d.id === delivery.id ? delivery : d)) };
  return { ...updated, status: statusOf(updated) };
};

/** Whether a delivery the planner has not fetched would show in a range it holds. */
const belongsTo = (key: QueryKey, delivery: Delivery) => {
  const [, , , , from, to, channelId] = key as ReturnType<typeof queryKeys.postsInRange>;
  const at = delivery.publishedAt ?? delivery.dueAt;
  if (at === null || (channelId !== '' && channelId !== delivery.channelId)) return false;
  const instant = Date.parse(at);
  return instant >= Date.parse(from) && instant < Date.parse(to);
};

/**
 * Applies delivery changes to what is on screen. A delivery the caches already hold is
 * replaced in place; one a planner range does not know but would show (a post made
 * elsewhere, or moved into the range) makes that range fetch again.
 */
const apply = (queryClient: QueryClient, workspaceId: string, deliveries: Delivery[]) => {
  const latest = new Map(deliveries.map((delivery) => [delivery.id, delivery]));
  const ranges = queryClient.getQueriesData<PostWithDeliveries[]>({
    queryKey: queryKeys.plannerPosts(workspaceId),
  });
  for (const [key, posts] of ranges) {
    if (!posts) continue;
    const known = new Set(posts.flatMap((post) => post.deliveries.map((d) => d.id)));
    queryClient.setQueryData<PostWithDeliveries[]>(key, (current) =>
      current?.map((post) =>
        post.deliveries.some((d) => latest.has(d.id))
          ? post.deliveries.reduce(
              (acc, d) => (latest.has(d.id) ? withDelivery(acc, latest.get(d.id)!) : acc),
              post,
            )
          : post,
      ),
    );
    if ([...latest.values()].some((delivery) => !known.has(delivery.id) && belongsTo(key, delivery))) {
      void queryClient.invalidateQueries({ queryKey: key, exact: true });
    }
  }
  // A queue changes whenever one of its channel's deliveries does (queued, reordered, sent).
  for (const channelId of new Set(deliveries.map((delivery) => delivery.channelId))) {
    void queryClient.invalidateQueries({ queryKey: queryKeys.queue(workspaceId, channelId) });
  }
  for (const postId of new Set(deliveries.map((delivery) => delivery.postId))) {
    const key = queryKeys.post(workspaceId, postId);
    // A read under way may have left before this change and would overwrite it when it lands
    // (a post published while its page loads): that read is cancelled and made again.
    if (queryClient.isFetching({ queryKey: key, exact: true }) > 0) {
      void queryClient.invalidateQueries({ queryKey: key, exact: true });
      continue;
    }
    const post = queryClient.getQueryData<PostWithDeliveries>(key);
    if (!post) continue;
    const mine = [...latest.values()].filter((delivery) => delivery.postId === postId);
    if (mine.some((delivery) => !post.deliveries.some((d) => d.id === delivery.id))) {
      void queryClient.invalidateQueries({ queryKey: key });
    } else {
      queryClient.setQueryData(key, mine.reduce(withDelivery, post));
    }
  }
  // The first-steps guide holds only the newest posts: it reads them again (only if on screen).
  void queryClient.invalidateQueries({ queryKey: queryKeys.onboarding(workspaceId) });
  if (deliveries.some((delivery) => delivery.state === 'awaiting_approval')) {
    void queryClient.invalidateQueries({ queryKey: queryKeys.approvals(workspaceId) });
  }
};

/** The workspace's server-sent events, for as long as the workspace is on screen. */
export const useWorkspaceEvents = (workspaceId: string) => {
  const api = useApi();
  const queryClient = useQueryClient();
  useEffect(() => {
    if (typeof EventSource === 'undefined') return;
    const source = new EventSource(api.eventsUrl(workspaceId), { withCredentials: true });
    let pending: Delivery[] = [];
    let timer: ReturnType<typeof setTimeout> | undefined;
    const flush = () => {
      timer = undefined;
      const batch = pending;
      pending = [];
      apply(queryClient, workspaceId, batch);
    };
    source.addEventListener('delivery', (event) => {
      pending.push(JSON.parse((event as MessageEvent<string>).data) as Delivery);
      timer ??= setTimeout(flush, FLUSH_MS);
    });
    source.addEventListener('notification', () => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.notices(workspaceId) });
    });
    return () => {
      source.close();
      if (timer) clearTimeout(timer);
    };
  }, [api, queryClient, workspaceId]);
};
