import { engagementOf, METRICS_CADENCE, nextMetricsSync, notFound } from '@araldo/core';
import { descriptorFor, type NetworkClient, NetworkError, type PostMetrics } from '@araldo/networks';
import {
  type ChannelsTable,
  channelsByIds,
  claimDueMetrics,
  deliveriesWithoutMetrics,
  findPost,
  insertMetricRows,
  type MetricValues,
  metricTargets,
  postponeMetrics,
  saveMetrics,
} from '@araldo/store';
import type { Selectable } from 'kysely';
import { ensureAllowed } from '../commands/guard';
import type { Actor, Context } from '../context';
import { clientForChannel } from '../network-runtime';

/** Remote ids per call: X takes 100 per request, and a smaller batch loses less to one failure. */
const BATCH = 50;
const RETRY_SOON_MS = 15 * 60_000;
/** A channel refusing to show its metrics is asked again later, not every pass. */
const AUTH_BACKOFF_MS = 6 * 3_600_000;
/** A person's "refresh" does not ask the network again for numbers read this recently. */
const REFRESH_MIN_MS = 60_000;

/**
 * What people are told when reading failed for a reason that is not the network's answer (a
 * bug, a database or decryption error): its own message may name internals, so it is not shown.
 */
const UNEXPECTED = 'Araldo could not read this channel’s numbers just now; it will try again shortly';

/** Why a channel's numbers could not be read now (the API names these too). */
export const METRICS_SKIP_REASONS = [
  'auth_expired',
  'rate_limited',
  'transient',
  'channel_inactive',
  'error',
] as const;
export type MetricsSkipReason = (typeof METRICS_SKIP_REASONS)[number];

export interface MetricsSyncReport {
  /** Deliveries whose metrics were read and stored. */
  synced: number;
  /** Channels passed over (for the rest of this pass), and why. */
  skipped: { channelId: string; reason: MetricsSkipReason; message: string }[];
}

interface Target {
  deliveryId: string;
  channelId: string;
  remoteId: string;
  publishedAt: number;
}

/** Networks report plain counts; anything else (a missing or odd field) counts as nothing. */
const count = (n: unknown) => (typeof n === 'number' && Number.isFinite(n) && n > 0 ? Math.round(n) : 0);
const optional = (n: unknown) => (n === null || n === undefined ? null : count(n));

function valuesOf(m: PostMetrics): MetricValues {
  const v = {
    likes: count(m.likes),
    comments: count(m.comments),
    shares: count(m.shares),
    impressions: optional(m.impressions),
    clicks: optional(m.clicks),
  };
  return { ...v, engagement: engagementOf(v), raw: m.raw };
}

/**
 * Reads a batch; when a network answers a batch with a permanent error (one post deleted
 * makes Mastodon's one-by-one reads fail), each post is read alone so only the gone ones
 * stop being synced.
 */
async function read(
  client: NetworkClient,
  batch: Target[],
): Promise<{ found: PostMetrics[]; gone: Target[] }> {
  try {
    return { found: await client.fetchMetrics(batch.map((t) => t.remoteId)), gone: [] };
  } catch (error) {
    if (!(error instanceof NetworkError) || error.failure !== 'permanent') throw error;
    if (batch.length === 1) return { found: [], gone: batch };
    const found: PostMetrics[] = [];
    const gone: Target[] = [];
    for (const t of batch) {
      const one = await read(client, [t]);
      found.push(...one.found);
      gone.push(...one.gone);
    }
    return { found, gone };
  }
}

async function record(ctx: Context, batch: Target[], found: PostMetrics[], gone: Target[], now: number) {
  const byRemote = new Map(found.map((m) => [m.remoteId, m]));
  await ctx.store.db.transaction().execute(async (trx) => {
    for (const t of batch) {
      const m = byRemote.get(t.remoteId);
      const next = gone.includes(t) ? null : nextMetricsSync(t.publishedAt, now);
      if (m) await saveMetrics(trx, t.deliveryId, valuesOf(m), { fetchedAt: now, nextSyncAt: next });
      // Not in the answer (X leaves deleted posts out): keep the last numbers, follow the cadence.
      else await postponeMetrics(trx, [t.deliveryId], next);
    }
  });
}

/**
 * One channel's deliveries, in batches. Failures follow their class: credentials refused →
 * the channel is passed over (its publishing is not touched: a token may lack only the
 * metrics scope); rate-limited → nothing more is asked of it until the network's reset;
 * transient → asked again soon.
 */
async function syncChannel(
  ctx: Context,
  channel: Selectable<ChannelsTable>,
  targets: Target[],
  now: number,
  report: MetricsSyncReport,
) {
  const skip = async (from: number, reason: MetricsSkipReason, message: string, until: number) => {
    await postponeMetrics(
      ctx.store.db,
      targets.slice(from).map((t) => t.deliveryId),
      until,
    );
    report.skipped.push({ channelId: channel.id, reason, message });
  };
  let client: NetworkClient;
  try {
    client = await clientForChannel(ctx, channel);
  } catch {
    return skip(0, 'error', UNEXPECTED, now + RETRY_SOON_MS);
  }
  for (let i = 0; i < targets.length; i += BATCH) {
    const batch = targets.slice(i, i + BATCH);
    try {
      const { found, gone } = await read(client, batch);
      await record(ctx, batch, found, gone, now);
      report.synced += found.length;
    } catch (error) {
      if (!(error instanceof NetworkError)) return skip(i, 'error', UNEXPECTED, now + RETRY_SOON_MS);
      if (error.failure === 'auth_expired')
        return skip(i, 'auth_expired', error.message, now + AUTH_BACKOFF_MS);
      if (error.failure === 'rate_limited') {
        return skip(i, 'rate_limited', error.message, Math.max(error.resetAt ?? 0, now + RETRY_SOON_MS));
      }
      return skip(i, 'transient', error.message, now + RETRY_SOON_MS);
    }
  }
}

async function syncTargets(
  ctx: Context,
  rows: Awaited<ReturnType<typeof metricTargets>>,
  now: number,
  report: MetricsSyncReport = { synced: 0, skipped: [] },
): Promise<MetricsSyncReport> {
  const channels = await channelsByIds(ctx.store.db, [...new Set(rows.map((r) => r.channel_id))]);
  for (const [channelId, channel] of channels) {
    const targets = rows
      .filter((r) => r.channel_id === channelId && r.remote_id !== null)
      .map((r) => ({
        deliveryId: r.delivery_id,
        channelId,
        remoteId: r.remote_id!,
        publishedAt: r.published_at ?? now,
      }));
    if (channel.status !== 'active') {
      // Its rows wait for the channel to be reconnected; the background pass does not claim them.
      report.skipped.push({
        channelId,
        reason: 'channel_inactive',
        message: `the channel is ${channel.status}`,
      });
      continue;
    }
    await syncChannel(ctx, channel, targets, now, report);
  }
  return report;
}

/** Every newly published delivery gets a metrics row, due at once (none for networks without metrics). */
async function addNewDeliveries(ctx: Context, now: number) {
  const fresh = await deliveriesWithoutMetrics(ctx.store.db, now - METRICS_CADENCE.dailyUntil, 500);
  await insertMetricRows(
    ctx.store.db,
    fresh.map((d) => ({
      deliveryId: d.id,
      workspaceId: d.workspace_id,
      channelId: d.channel_id,
      nextSyncAt: descriptorFor(d.network).capabilities.metrics ? (d.published_at ?? now) : null,
    })),
    now,
  );
}

/**
 * One pass of the metrics sync: claims due rows (young posts hourly, then daily up to thirty
 * days) and asks each channel's network for them in batches. Safe in many workers at once:
 * a row is claimed by moving its next sync past a lease before any network call.
 */
export async function syncMetrics(
  ctx: Context,
  options: { now?: number; limit?: number; leaseMs?: number } = {},
): Promise<MetricsSyncReport> {
  const now = options.now ?? Date.now();
  await addNewDeliveries(ctx, now);
  const claimed = await claimDueMetrics(ctx.store.db, ctx.store.dialect, {
    now,
    leaseMs: options.leaseMs ?? 10 * 60_000,
    limit: options.limit ?? 500,
  });
  return syncTargets(ctx, await metricTargets(ctx.store.db, claimed), now);
}

/** Reads one post's metrics now, on every channel it was published on (a person asked). */
export async function refreshPostMetrics(
  ctx: Context,
  actor: Actor,
  workspaceId: string,
  postId: string,
  now = Date.now(),
): Promise<MetricsSyncReport> {
  ensureAllowed(actor, 'posts.create');
  if (!(await findPost(ctx.store.db, workspaceId, postId))) throw notFound('Post');
  const published = await ctx.store.db
    .selectFrom('deliveries')
    .innerJoin('channels', 'channels.id', 'deliveries.channel_id')
    .select(['deliveries.id', 'deliveries.channel_id', 'channels.network'])
    .where('deliveries.workspace_id', '=', workspaceId)
    .where('deliveries.post_id', '=', postId)
    .where('deliveries.state', '=', 'published')
    .where('deliveries.remote_id', 'is not', null)
    .execute();
  const readable = published.filter((d) => descriptorFor(d.network).capabilities.metrics);
  await insertMetricRows(
    ctx.store.db,
    readable.map((d) => ({ deliveryId: d.id, workspaceId, channelId: d.channel_id, nextSyncAt: now })),
    now,
  );
  const recent = new Set(
    readable.length === 0
      ? []
      : (
          await ctx.store.db
            .selectFrom('delivery_metrics')
            .select('delivery_id')
            .where(
              'delivery_id',
              'in',
              readable.map((d) => d.id),
            )
            .where('fetched_at', '>', now - REFRESH_MIN_MS)
            .execute()
        ).map((r) => r.delivery_id),
  );
  const rows = await metricTargets(
    ctx.store.db,
    readable.filter((d) => !recent.has(d.id)).map((d) => d.id),
  );
  return syncTargets(ctx, rows, now);
}
