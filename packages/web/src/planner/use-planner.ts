import { useQuery } from '@tanstack/react-query';
import { useApi } from '../api/api-context';
import type { ApiClient } from '../api/client';
import { queryKeys } from '../api/query-keys';
import type { Delivery, PostWithDeliveries } from '../api/types';
import { zonedParts } from '../time/zoned';

export interface PlannerQuery {
  /** ISO instants: the posts with a delivery published, or else due, in [from, to). */
  from: string;
  to: string;
  /** One channel's posts, or '' for every channel. */
  channelId: string;
}

/** The posts of the period on screen, all pages of 200; the events stream keeps them current. */
const fetchRange = async (
  api: ApiClient,
  workspaceId: string,
  { from, to, channelId }: PlannerQuery,
): Promise<PostWithDeliveries[]> => {
  const posts: PostWithDeliveries[] = [];
  let cursor: string | undefined;
  do {
    const page = await api.listPosts(workspaceId, {
      from,
      to,
      ...(channelId ? { channelId } : {}),
      ...(cursor ? { cursor } : {}),
    });
    posts.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return posts;
};

export const usePlannerPosts = (workspaceId: string, query: PlannerQuery, enabled = true) => {
  const api = useApi();
  return useQuery({
    queryKey: queryKeys.postsInRange(workspaceId, query),
    queryFn: () => fetchRange(api, workspaceId, query),
    staleTime: 30_000,
    enabled,
  });
};

/** One delivery placed on the workspace's calendar. */
export interface PlannerEntry {
  post: PostWithDeliveries;
  delivery: Delivery;
  /** When it went out, else when it is due. */
  at: string;
  day: string;
  time: string;
}

export const toEntries = (posts: readonly PostWithDeliveries[], zone: string): PlannerEntry[] => {
  const entries: PlannerEntry[] = [];
  for (const post of posts) {
    for (const delivery of post.deliveries) {
      const at = delivery.publishedAt ?? delivery.dueAt;
      if (!at) continue;
      entries.push({ post, delivery, at, ...zonedParts(at, zone) });
    }
  }
  return entries.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
};

export const byDay = (entries: readonly PlannerEntry[]): Map<string, PlannerEntry[]> => {
  const days = new Map<string, PlannerEntry[]>();
  for (const entry of entries) {
    const list = days.get(entry.day);
    if (list) list.push(entry);
    else days.set(entry.day, [entry]);
  }
  return days;
};

/** Only these wait for their time, so only these can be moved to another day. */
export const movable = (entry: PlannerEntry) =>
  entry.delivery.state === 'scheduled' || entry.delivery.state === 'awaiting_approval';
