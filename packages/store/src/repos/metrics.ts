import { iso } from '@araldo/core';
import type { Kysely, Selectable } from 'kysely';
import type { DialectName } from '../database';
import type { ChannelsTable, DeliveryMetricsTable, Schema } from '../schema';

/** What the API shows per delivery; null until the network was first asked. */
export interface DeliveryMetrics {
  likes: number;
  comments: number;
  shares: number;
  impressions: number | null;
  clicks: number | null;
  engagement: number;
  fetchedAt: string;
}

export const toDeliveryMetrics = (r: Selectable<DeliveryMetricsTable>): DeliveryMetrics | null =>
  r.fetched_at === null
    ? null
    : {
        likes: r.likes,
        comments: r.comments,
        shares: r.shares,
        impressions: r.impressions,
        clicks: r.clicks,
        engagement: r.engagement,
        fetchedAt: iso(r.fetched_at),
      };

export async function metricsOfDeliveries(db: Kysely<Schema>, workspaceId: string, deliveryIds: string[]) {
  if (deliveryIds.length === 0) return new Map<string, DeliveryMetrics>();
  const rows = await db
    .selectFrom('delivery_metrics')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('delivery_id', 'in', deliveryIds)
    .where('fetched_at', 'is not', null)
    .execute();
  return new Map(rows.map((r) => [r.delivery_id, toDeliveryMetrics(r)!]));
}

/**
 * Published deliveries that have a remote post but no metrics row yet, published since
 * `since`: the sync pass gives each one a row, due at once.
 */
export async function deliveriesWithoutMetrics(db: Kysely<Schema>, since: number, limit: number) {
  return db
    .selectFrom('deliveries')
    .innerJoin('channels', 'channels.id', 'deliveries.channel_id')
    .leftJoin('delivery_metrics', 'delivery_metrics.delivery_id', 'deliveries.id')
    .select([
      'deliveries.id',
      'deliveries.workspace_id',
      'deliveries.channel_id',
      'deliveries.published_at',
      'channels.network',
    ])
    .where('deliveries.state', '=', 'published')
    .where('deliveries.remote_id', 'is not', null)
    .where('deliveries.published_at', '>=', since)
    .where('delivery_metrics.delivery_id', 'is', null)
    .orderBy('deliveries.published_at')
    .limit(limit)
    .execute();
}

export async function insertMetricRows(
  db: Kysely<Schema>,
  rows: { deliveryId: string; workspaceId: string; channelId: string; nextSyncAt: number | null }[],
  now: number,
) {
  if (rows.length === 0) return;
  await db
    .insertInto('delivery_metrics')
    .values(
      rows.map((r) => ({
        delivery_id: r.deliveryId,
        workspace_id: r.workspaceId,
        channel_id: r.channelId,
        likes: 0,
        comments: 0,
        shares: 0,
        engagement: 0,
        raw: '{}',
        next_sync_at: r.nextSyncAt,
        created_at: now,
      })),
    )
    .onConflict((oc) => oc.column('delivery_id').doNothing())
    .execute();
}

/**
 * Takes up to `limit` due rows of active channels by pushing their next sync to the end of a
 * lease, so concurrent passes never read the same delivery twice; a pass that dies leaves
 * them to be taken again once the lease ends.
 */
export async function claimDueMetrics(
  db: Kysely<Schema>,
  dialect: DialectName,
  options: { now: number; leaseMs: number; limit: number },
): Promise<string[]> {
  let candidates = db
    .selectFrom('delivery_metrics')
    .innerJoin('channels', 'channels.id', 'delivery_metrics.channel_id')
    .select('delivery_metrics.delivery_id')
    .where('delivery_metrics.next_sync_at', '<=', options.now)
    .where('channels.status', '=', 'active')
    .orderBy('delivery_metrics.next_sync_at')
    .limit(options.limit);
  if (dialect === 'postgres') candidates = candidates.forUpdate(['delivery_metrics']).skipLocked();
  const rows = await db
    .updateTable('delivery_metrics')
    .set({ next_sync_at: options.now + options.leaseMs })
    .where('delivery_id', 'in', candidates)
    // Checked again on the row itself: a row another pass took meanwhile is not due any more.
    .where('next_sync_at', '<=', options.now)
    .returning('delivery_id')
    .execute();
  return rows.map((r) => r.delivery_id);
}

/** The claimed rows with what a sync needs: the remote id, the age, and the channel to ask. */
export async function metricTargets(db: Kysely<Schema>, deliveryIds: string[]) {
  if (deliveryIds.length === 0) return [];
  return db
    .selectFrom('delivery_metrics')
    .innerJoin('deliveries', 'deliveries.id', 'delivery_metrics.delivery_id')
    .select([
      'delivery_metrics.delivery_id',
      'delivery_metrics.channel_id',
      'deliveries.remote_id',
      'deliveries.published_at',
    ])
    .where('delivery_metrics.delivery_id', 'in', deliveryIds)
    .orderBy('delivery_metrics.delivery_id')
    .execute();
}

export async function channelsByIds(
  db: Kysely<Schema>,
  ids: string[],
): Promise<Map<string, Selectable<ChannelsTable>>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('channels').selectAll().where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, r]));
}

export interface MetricValues {
  likes: number;
  comments: number;
  shares: number;
  impressions: number | null;
  clicks: number | null;
  engagement: number;
  raw: Record<string, unknown>;
}

export async function saveMetrics(
  db: Kysely<Schema>,
  deliveryId: string,
  values: MetricValues,
  at: { fetchedAt: number; nextSyncAt: number | null },
) {
  await db
    .updateTable('delivery_metrics')
    .set({
      likes: values.likes,
      comments: values.comments,
      shares: values.shares,
      impressions: values.impressions,
      clicks: values.clicks,
      engagement: values.engagement,
      raw: JSON.stringify(values.raw),
      fetched_at: at.fetchedAt,
      next_sync_at: at.nextSyncAt,
    })
    .where('delivery_id', '=', deliveryId)
    .execute();
}

export async function postponeMetrics(db: Kysely<Schema>, deliveryIds: string[], nextSyncAt: number | null) {
  if (deliveryIds.length === 0) return;
  await db
    .updateTable('delivery_metrics')
    .set({ next_sync_at: nextSyncAt })
    .where('delivery_id', 'in', deliveryIds)
    .execute();
}

/**
 * Engagement of a channel's deliveries published in [from, to) that have metrics, except
 * one: what an evergreen delivery is compared with.
 */
export async function channelEngagements(
  db: Kysely<Schema>,
  channelId: string,
  window: { from: number; to: number; except: string },
): Promise<number[]> {
  const rows = await db
    .selectFrom('delivery_metrics')
    .innerJoin('deliveries', 'deliveries.id', 'delivery_metrics.delivery_id')
    .select('delivery_metrics.engagement')
    .where('delivery_metrics.channel_id', '=', channelId)
    .where('delivery_metrics.fetched_at', 'is not', null)
    .where('deliveries.published_at', '>=', window.from)
    .where('deliveries.published_at', '<', window.to)
    .where('delivery_metrics.delivery_id', '!=', window.except)
    .execute();
  return rows.map((r) => r.engagement);
}
