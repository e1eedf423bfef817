import { can, forbidden, invalid, newId, notFound } from '@araldo/core';
import { recordAudit } from '@araldo/store';
import { ensureAllowed } from '../commands/guard';
import type { Actor, Context } from '../context';
import { type Feed, type FeedRow, fetchFeed, type PollResult, pollFeedRow, toFeed } from './feed-poll';
import { workspaceChannels } from './post-writer';

export * from './feed-poll';

export const FEED_MODES = ['draft', 'queue', 'now'] as const;
export type FeedMode = (typeof FEED_MODES)[number];

export interface FeedInput {
  url: string;
  channelIds: string[];
  mode: FeedMode;
  /** How many of the items already in the feed become posts on the first poll (default 0). */
  backfill?: number | undefined;
}

async function findFeedRow(ctx: Context, workspaceId: string, id: string): Promise<FeedRow> {
  const row = await ctx.store.db
    .selectFrom('feeds')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw notFound('Feed');
  return row;
}

const hasSlots = (settings: string) =>
  ((JSON.parse(settings) as { slots?: unknown[] }).slots ?? []).length > 0;

/** Contributors manage their own feeds; editors and above anyone's, as with posts. */
function ensureMayChange(actor: Actor, row: FeedRow) {
  ensureAllowed(actor, 'posts.create');
  if (row.created_by !== actor.userId && !can(actor.role, 'posts.edit_any')) {
    throw forbidden('Contributors can change only the feeds they added');
  }
}

/**
 * Adds a feed after reading it once, so a wrong URL, a page that is not a feed, or an
 * address the private-address guard refuses is answered now rather than failing silently.
 */
export async function createFeed(
  ctx: Context,
  actor: Actor,
  workspaceId: string,
  input: FeedInput,
  now = Date.now(),
): Promise<Feed> {
  ensureAllowed(actor, 'posts.create');
  if (!URL.canParse(input.url) || !/^https?:$/.test(new URL(input.url).protocol)) {
    throw invalid('A feed URL must start with http:// or https://', [
      { path: 'url', message: 'not an http(s) URL' },
    ]);
  }
  const backfill = input.backfill ?? 0;
  if (!Number.isInteger(backfill) || backfill < 0 || backfill > 20) {
    throw invalid('backfill is 0 to 20 items', [{ path: 'backfill', message: '0 to 20' }]);
  }
  const channels = await workspaceChannels(ctx.store.db, workspaceId);
  const problems = input.channelIds.flatMap((id, i) =>
    channels.some((c) => c.id === id)
      ? []
      : [{ path: `channelIds.${i}`, message: 'no such channel in this workspace' }],
  );
  if (input.channelIds.length === 0)
    problems.push({ path: 'channelIds', message: 'choose at least one channel' });
  // `queue` takes each channel's next free posting slot: a channel without slots would
  // stop the feed at its first new item, so it is refused now.
  if (input.mode === 'queue') {
    input.channelIds.forEach((id, i) => {
      const channel = channels.find((c) => c.id === id);
      if (channel && !hasSlots(channel.settings)) {
        problems.push({
          path: `channelIds.${i}`,
          message: `${channel.name} has no posting slots for the queue`,
        });
      }
    });
  }
  if (problems.length > 0) throw invalid('The feed’s channels do not fit it', problems);

  let title: string | null;
  try {
    const read = await fetchFeed(ctx, input.url);
    title = read.notModified ? null : read.feed.title;
  } catch (error) {
    throw invalid(`Araldo could not read this feed: ${(error as Error).message}`, [
      { path: 'url', message: 'not a readable RSS or Atom feed' },
    ]);
  }
  const id = newId();
  await ctx.store.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('feeds')
      .values({
        id,
        workspace_id: workspaceId,
        created_by: actor.userId,
        url: input.url,
        title,
        channel_ids: JSON.stringify([...new Set(input.channelIds)]),
        mode: input.mode,
        backfill,
        seen: '[]',
        etag: null,
        last_modified: null,
        version: 0,
        active: 1,
        polled_at: null,
        last_error: null,
        created_at: now,
        updated_at: now,
      })
      .execute();
    await recordAudit(trx, {
      workspaceId,
      actorId: actor.userId,
      action: 'feed.created',
      targetType: 'feed',
      targetId: id,
      after: { url: input.url, mode: input.mode, channels: input.channelIds },
    });
  });
  return toFeed(await findFeedRow(ctx, workspaceId, id));
}

export async function listFeeds(ctx: Context, actor: Actor, workspaceId: string): Promise<Feed[]> {
  ensureAllowed(actor, 'posts.read');
  const rows = await ctx.store.db
    .selectFrom('feeds')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .orderBy('id')
    .execute();
  return rows.map(toFeed);
}

/** Posts already made from the feed stay; nothing new is made from it. */
export async function deleteFeed(ctx: Context, actor: Actor, workspaceId: string, id: string) {
  const row = await findFeedRow(ctx, workspaceId, id);
  ensureMayChange(actor, row);
  await ctx.store.db.transaction().execute(async (trx) => {
    await trx.deleteFrom('feeds').where('workspace_id', '=', workspaceId).where('id', '=', id).execute();
    await recordAudit(trx, {
      workspaceId,
      actorId: actor.userId,
      action: 'feed.deleted',
      targetType: 'feed',
      targetId: id,
      before: { url: row.url },
    });
  });
}

/** Polls one feed now, on request, instead of waiting for the poller's next round. */
export async function pollFeed(
  ctx: Context,
  actor: Actor,
  workspaceId: string,
  id: string,
): Promise<PollResult & { feed: Feed }> {
  const row = await findFeedRow(ctx, workspaceId, id);
  ensureMayChange(actor, row);
  const result = await pollFeedRow(ctx, row);
  return { ...result, feed: toFeed(await findFeedRow(ctx, workspaceId, id)) };
}

export interface FeedPollerOptions {
  /** How often each feed is read; many publishers ask for no more than every 15 minutes. */
  everyMs?: number;
  batch?: number;
  idleMs?: number;
}

/**
 * Reads due feeds, a batch at a time. Each feed is claimed by moving its `polled_at`
 * forward only if nobody else did, so several workers share the feeds without reading one
 * twice; and if two did, the version guard in `pollFeedRow` keeps items from doubling.
 */
export class FeedPoller {
  readonly #ctx: Context;
  readonly #o: Required<FeedPollerOptions>;
  #running = false;
  #loop: Promise<void> | undefined;
  #wake: (() => void) | undefined;

  constructor(ctx: Context, options: FeedPollerOptions = {}) {
    this.#ctx = ctx;
    this.#o = { everyMs: 15 * 60_000, batch: 20, idleMs: 30_000, ...options };
  }

  start() {
    if (this.#running) return;
    this.#running = true;
    this.#loop = (async () => {
      while (this.#running) {
        const done = await this.runOnce().catch(() => 0);
        if (done === 0 && this.#running) {
          await new Promise<void>((resolve) => {
            this.#wake = resolve;
            setTimeout(resolve, this.#o.idleMs).unref();
          });
        }
      }
    })();
  }

  async stop() {
    this.#running = false;
    this.#wake?.();
    await this.#loop;
  }

  /** Polls the feeds that are due; answers how many it polled. */
  async runOnce(now = Date.now()): Promise<number> {
    const db = this.#ctx.store.db;
    const due = await db
      .selectFrom('feeds')
      .selectAll()
      .where('active', '=', 1)
      .where((eb) => eb.or([eb('polled_at', 'is', null), eb('polled_at', '<=', now - this.#o.everyMs)]))
      .orderBy('polled_at')
      .limit(this.#o.batch)
      .execute();
    let polled = 0;
    for (const row of due) {
      let claim = db.updateTable('feeds').set({ polled_at: now }).where('id', '=', row.id);
      claim =
        row.polled_at === null
          ? claim.where('polled_at', 'is', null)
          : claim.where('polled_at', '=', row.polled_at);
      if (Number((await claim.executeTakeFirst()).numUpdatedRows) === 0) continue;
      await pollFeedRow(this.#ctx, row, now);
      polled++;
    }
    return polled;
  }
}
