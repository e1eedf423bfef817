import { AraldoError, iso, type Role } from '@araldo/core';
import { NetworkError } from '@araldo/networks';
import type { FeedsTable } from '@araldo/store';
import type { Selectable } from 'kysely';
import type { Actor, Context } from '../context';
import { type FeedItem, type ParsedFeed, parseFeed } from './feed-parser';
import { checkFits, createPostWithin, workspaceChannels } from './post-writer';

export type FeedRow = Selectable<FeedsTable>;

export const FEED_MAX_BYTES = 5 * 1024 * 1024;
/** A feed that suddenly lists many unseen items (moved, rebuilt) must not flood the channels. */
export const FEED_MAX_ITEMS_PER_POLL = 20;
/** Keys remembered per feed; a feed's current items are always among them. */
const SEEN_LIMIT = 1000;

export interface Feed {
  id: string;
  workspaceId: string;
  url: string;
  title: string | null;
  channelIds: string[];
  mode: FeedsTable['mode'];
  backfill: number;
  active: boolean;
  createdBy: string;
  polledAt: string | null;
  lastError: string | null;
  createdAt: string;
}

export const toFeed = (r: FeedRow): Feed => ({
  id: r.id,
  workspaceId: r.workspace_id,
  url: r.url,
  title: r.title,
  channelIds: JSON.parse(r.channel_ids) as string[],
  mode: r.mode,
  backfill: r.backfill,
  active: r.active === 1,
  createdBy: r.created_by,
  polledAt: r.polled_at === null ? null : iso(r.polled_at),
  lastError: r.last_error,
  createdAt: iso(r.created_at),
});

export interface PollResult {
  status: 'created' | 'not_modified' | 'failed' | 'raced';
  postIds: string[];
  /** Items that did not fit a channel's rules: saved as drafts instead of scheduled. */
  drafted: number;
  error: string | null;
}

/** Plain words for a failed fetch; a private-address refusal says which setting allows it. */
const fetchFailure = (error: unknown) =>
  error instanceof NetworkError || error instanceof AraldoError
    ? error.message
    : 'the feed could not be read';

/**
 * Fetches a feed through the process's HTTP layer, so the private-address guard applies
 * (DESIGN.md, security defaults). Throws with a message fit to show to the person.
 */
export async function fetchFeed(
  ctx: Context,
  url: string,
  cache: { etag?: string | null; lastModified?: string | null } = {},
): Promise<
  | { notModified: true }
  | { notModified: false; feed: ParsedFeed; etag: string | null; lastModified: string | null }
> {
  let response: Awaited<ReturnType<Context['http']['request']>>;
  try {
    response = await ctx.http.request({
      method: 'GET',
      url,
      timeoutMs: 15_000,
      headers: {
        accept: 'application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.8, */*;q=0.1',
        ...(cache.etag ? { 'if-none-match': cache.etag } : {}),
        ...(cache.lastModified ? { 'if-modified-since': cache.lastModified } : {}),
      },
    });
  } catch (error) {
    throw new AraldoError('network_unavailable', fetchFailure(error));
  }
  if (response.status === 304) return { notModified: true };
  if (response.status < 200 || response.status >= 300) {
    throw new AraldoError('network_unavailable', `the feed's server answered HTTP ${response.status}`);
  }
  if (response.body.length > FEED_MAX_BYTES) {
    throw new AraldoError(
      'network_unavailable',
      `the feed is larger than ${FEED_MAX_BYTES / 1024 / 1024} MB`,
    );
  }
  const header = (name: string) => {
    const v = response.headers[name];
    return (Array.isArray(v) ? v[0] : v) ?? null;
  };
  return {
    notModified: false,
    feed: parseFeed(response.text()),
    etag: header('etag'),
    lastModified: header('last-modified'),
  };
}

/** The first poll takes only the newest `backfill` items; later ones every new item, capped. */
function itemsToPost(row: FeedRow, items: FeedItem[], seen: Set<string>): FeedItem[] {
  const fresh = items.filter((i) => !seen.has(i.key));
  const firstPoll = row.version === 0;
  return fresh.slice(0, firstPoll ? row.backfill : FEED_MAX_ITEMS_PER_POLL);
}

async function recordFailure(ctx: Context, row: FeedRow, message: string, now: number): Promise<PollResult> {
  await ctx.store.db
    .updateTable('feeds')
    .set({ polled_at: now, last_error: message })
    .where('id', '=', row.id)
    .execute();
  return { status: 'failed', postIds: [], drafted: 0, error: message };
}

/**
 * One poll of one feed. The items remembered and the posts made for them are written in
 * one transaction, guarded by the feed's version: of two pollers that fetched the same
 * items, one records them and the other writes nothing, so no item becomes two posts.
 */
export async function pollFeedRow(ctx: Context, row: FeedRow, now = Date.now()): Promise<PollResult> {
  let fetched: Awaited<ReturnType<typeof fetchFeed>>;
  try {
    fetched = await fetchFeed(ctx, row.url, { etag: row.etag, lastModified: row.last_modified });
  } catch (error) {
    return recordFailure(ctx, row, fetchFailure(error), now);
  }
  if (fetched.notModified) {
    await ctx.store.db
      .updateTable('feeds')
      .set({ polled_at: now, last_error: null })
      .where('id', '=', row.id)
      .execute();
    return { status: 'not_modified', postIds: [], drafted: 0, error: null };
  }
  const membership = await ctx.store.db
    .selectFrom('memberships')
    .select('role')
    .where('workspace_id', '=', row.workspace_id)
    .where('user_id', '=', row.created_by)
    .executeTakeFirst();
  if (!membership) return recordFailure(ctx, row, 'the person who added this feed left the workspace', now);
  // Posts are written as the person who added the feed, with the role they hold now: a
  // contributor's feed items wait for approval like anything else they write.
  const actor: Actor = { userId: row.created_by, role: membership.role as Role };
  const channels = await workspaceChannels(ctx.store.db, row.workspace_id);
  const channelIds = (JSON.parse(row.channel_ids) as string[]).filter((id) =>
    channels.some((c) => c.id === id),
  );
  if (channelIds.length === 0)
    return recordFailure(ctx, row, 'none of the feed’s channels exist any more', now);

  const { feed } = fetched;
  const seen = new Set(JSON.parse(row.seen) as string[]);
  const toPost = itemsToPost(row, feed.items, seen).reverse(); // oldest first: they go out in order
  const current = feed.items.map((i) => i.key);
  const remembered = [...new Set([...current, ...seen])].slice(0, Math.max(SEEN_LIMIT, current.length));

  try {
    return await recordItems(ctx, row, fetched, { toPost, remembered, channels, channelIds, actor }, now);
  } catch (error) {
    // Nothing of this poll was kept; the next poll tries the same items again.
    const message = error instanceof AraldoError ? error.message : 'the feed’s posts could not be saved';
    return recordFailure(ctx, row, message, now);
  }
}

async function recordItems(
  ctx: Context,
  row: FeedRow,
  fetched: { feed: ParsedFeed; etag: string | null; lastModified: string | null },
  plan: {
    toPost: FeedItem[];
    remembered: string[];
    channels: Awaited<ReturnType<typeof workspaceChannels>>;
    channelIds: string[];
    actor: Actor;
  },
  now: number,
): Promise<PollResult> {
  const { feed } = fetched;
  const { toPost, remembered, channels, channelIds, actor } = plan;
  return ctx.store.db.transaction().execute(async (trx) => {
    const claimed = await trx
      .updateTable('feeds')
      .set({
        seen: JSON.stringify(remembered),
        etag: fetched.etag,
        last_modified: fetched.lastModified,
        title: feed.title ?? row.title,
        version: row.version + 1,
        polled_at: now,
        last_error: null,
        updated_at: now,
      })
      .where('id', '=', row.id)
      .where('version', '=', row.version)
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) === 0) {
      return { status: 'raced' as const, postIds: [], drafted: 0, error: null };
    }
    const postIds: string[] = [];
    let drafted = 0;
    for (const item of toPost) {
      const post = { text: item.title, link: item.link, channelIds, firstComment: null, campaign: null };
      const fits = checkFits(post, channels).length === 0;
      if (row.mode !== 'draft' && !fits) drafted++;
      const when = row.mode === 'draft' || !fits ? undefined : ({ kind: row.mode } as const);
      postIds.push(
        await createPostWithin(ctx, trx, actor, row.workspace_id, post, when, {
          source: 'feed',
          feed: row.id,
          item: item.key,
        }),
      );
    }
    return { status: 'created' as const, postIds, drafted, error: null };
  });
}
