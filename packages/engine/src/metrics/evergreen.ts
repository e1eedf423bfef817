import {
  AraldoError,
  decideEvergreen,
  EVERGREEN_LIMITS,
  EVERGREEN_WINDOW_DAYS,
  type Evergreen,
  type EvergreenDecision,
  evergreenGeneration,
  evergreenOccurrence,
  newId,
} from '@araldo/core';
import { channelEngagements, insertDeliveryIfAbsent, recordAudit, type Schema } from '@araldo/store';
import type { Kysely } from 'kysely';
import type { Context } from '../context';
import { refreshPostStatuses } from '../publishing/batch-writes';
import { enqueueDeliveries, nextQueueSlot } from '../publishing/schedule';

const DAY = 86_400_000;

export type EvergreenOutcome = 'requeued' | 'skipped' | 'waiting' | 'taken' | 'failed';
export type EvergreenReport = Record<EvergreenOutcome, number>;

type Candidate = Awaited<ReturnType<typeof candidates>>[number];

/** Published deliveries of evergreen posts whose decision is still open, at least a day old. */
async function candidates(db: Kysely<Schema>, now: number) {
  const rows = await db
    .selectFrom('deliveries')
    .innerJoin('posts', 'posts.id', 'deliveries.post_id')
    .leftJoin('variants', (j) =>
      j
        .onRef('variants.post_id', '=', 'deliveries.post_id')
        .onRef('variants.channel_id', '=', 'deliveries.channel_id'),
    )
    .select([
      'deliveries.id',
      'deliveries.workspace_id',
      'deliveries.post_id',
      'deliveries.channel_id',
      'deliveries.occurrence',
      'deliveries.published_at',
      'posts.evergreen',
      'posts.schedule',
      'variants.id as variant_id',
    ])
    .where('posts.evergreen', 'is not', null)
    .where('deliveries.state', '=', 'published')
    .where('deliveries.evergreen_decided_at', 'is', null)
    .where('deliveries.published_at', '<=', now - EVERGREEN_LIMITS.afterDays.min * DAY)
    .orderBy('deliveries.published_at')
    .execute();
  // A recurring post comes back on its own schedule; evergreen does not apply to it.
  return rows.filter((r) => !r.schedule?.includes('"kind":"recurring"'));
}

/** Thrown inside the decision's transaction to undo the claim when it is too early to decide. */
class NotYet extends Error {}

const finiteOrNull = (n: number | null) => (n === null || Number.isNaN(n) ? null : n);

async function audit(
  trx: Kysely<Schema>,
  c: Candidate,
  evergreen: Evergreen,
  decision:
    | Exclude<EvergreenDecision, { kind: 'wait' }>
    | { kind: 'skip'; reason: 'no_queue_slots' | 'channel_removed' },
  now: number,
  requeue?: { deliveryId: string; dueAt: number },
) {
  const base = {
    channelId: c.channel_id,
    deliveryId: c.id,
    afterDays: evergreen.afterDays,
    maxTimes: evergreen.maxTimes,
    timesSoFar: evergreenGeneration(c.occurrence),
  };
  const numbers =
    'compared' in decision
      ? {
          engagement: decision.engagement,
          median: finiteOrNull(decision.median),
          compared: decision.compared,
        }
      : {};
  await recordAudit(
    trx,
    {
      workspaceId: c.workspace_id,
      actorId: null,
      action: requeue ? 'post.evergreen_requeued' : 'post.evergreen_skipped',
      targetType: 'post',
      targetId: c.post_id,
      after: requeue
        ? {
            ...base,
            ...numbers,
            requeuedDeliveryId: requeue.deliveryId,
            dueAt: new Date(requeue.dueAt).toISOString(),
          }
        : { ...base, ...numbers, reason: decision.kind === 'skip' ? decision.reason : undefined },
    },
    now,
  );
}

/**
 * Decides one published delivery, once. The claim (setting `evergreen_decided_at` where it
 * is still null) and everything the decision writes (the new delivery, its job, the audit
 * entry) share one transaction, so two workers never both decide and a crash decides nothing.
 */
async function decideOne(ctx: Context, c: Candidate, now: number): Promise<EvergreenOutcome> {
  const evergreen = JSON.parse(c.evergreen ?? 'null') as Evergreen | null;
  if (!evergreen || c.published_at === null) return 'waiting';
  if (now < c.published_at + evergreen.afterDays * DAY) return 'waiting';
  try {
    return await ctx.store.db.transaction().execute(async (trx) => {
      const claimed = await trx
        .updateTable('deliveries')
        .set({ evergreen_decided_at: now })
        .where('id', '=', c.id)
        .where('state', '=', 'published')
        .where('evergreen_decided_at', 'is', null)
        .executeTakeFirst();
      if (Number(claimed.numUpdatedRows) === 0) return 'taken';
      const metrics = await trx
        .selectFrom('delivery_metrics')
        .select(['engagement', 'fetched_at'])
        .where('delivery_id', '=', c.id)
        .executeTakeFirst();
      const others = await channelEngagements(trx, c.channel_id, {
        from: now - EVERGREEN_WINDOW_DAYS * DAY,
        to: now,
        except: c.id,
      });
      // The person took this channel off the post after it went out there: it stays off.
      if (c.variant_id === null) {
        await audit(trx, c, evergreen, { kind: 'skip', reason: 'channel_removed' }, now);
        return 'skipped';
      }
      const decision = decideEvergreen({
        evergreen,
        generation: evergreenGeneration(c.occurrence),
        publishedAt: c.published_at!,
        engagement: metrics && metrics.fetched_at !== null ? metrics.engagement : null,
        others,
        now,
      });
      if (decision.kind === 'wait') throw new NotYet();
      if (decision.kind === 'skip') {
        await audit(trx, c, evergreen, decision, now);
        return 'skipped';
      }
      return requeue(ctx, trx, c, evergreen, decision, now);
    });
  } catch (error) {
    if (error instanceof NotYet) return 'waiting';
    throw error;
  }
}

/** Into the channel's next free queue slot, as "add to queue" does; a paused queue holds it. */
async function requeue(
  ctx: Context,
  trx: Kysely<Schema>,
  c: Candidate,
  evergreen: Evergreen,
  decision: Extract<EvergreenDecision, { kind: 'requeue' }>,
  now: number,
): Promise<EvergreenOutcome> {
  let slot: { at: number; paused: boolean };
  try {
    slot = await nextQueueSlot(trx, c.channel_id, now);
  } catch (error) {
    if (!(error instanceof AraldoError) || error.code !== 'validation_failed') throw error;
    await audit(trx, c, evergreen, { kind: 'skip', reason: 'no_queue_slots' }, now);
    return 'skipped';
  }
  const id = newId();
  const inserted = await insertDeliveryIfAbsent(
    trx,
    {
      id,
      workspaceId: c.workspace_id,
      postId: c.post_id,
      channelId: c.channel_id,
      occurrence: evergreenOccurrence(decision.generation),
      state: 'scheduled',
      dueAt: slot.at,
    },
    now,
  );
  if (!inserted) return 'taken';
  if (!slot.paused) await enqueueDeliveries(ctx, trx, [{ id, dueAt: slot.at }]);
  await refreshPostStatuses(trx, [c.post_id], now);
  await audit(trx, c, evergreen, decision, now, { deliveryId: id, dueAt: slot.at });
  return 'requeued';
}

/**
 * One pass of evergreen re-queuing: every published delivery of an evergreen post is
 * decided once, `afterDays` after it went out, and each decision is written to the audit log
 * (re-queued, or skipped with its reason) so people can see why.
 */
export async function requeueEvergreen(ctx: Context, now = Date.now()): Promise<EvergreenReport> {
  const report: EvergreenReport = { requeued: 0, skipped: 0, waiting: 0, taken: 0, failed: 0 };
  for (const c of await candidates(ctx.store.db, now)) {
    // One delivery that cannot be decided (its post deleted meanwhile) does not stop the others.
    report[await decideOne(ctx, c, now).catch(() => 'failed' as const)]++;
  }
  return report;
}
