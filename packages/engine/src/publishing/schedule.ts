import {
  AraldoError,
  can,
  conflict,
  type DeliveryState,
  type ErrorDetail,
  invalid,
  newId,
  nextOccurrence,
  nextSlots,
  notFound,
  PENDING_STATES,
  type Post,
  resolveLocal,
  type Slot,
} from '@araldo/core';
import { descriptorFor } from '@araldo/networks';
import {
  deliveriesOfPosts,
  findPost,
  insertDelivery,
  insertDeliveryIfAbsent,
  moveDelivery,
  recordAudit,
  type Schema,
  updatePost,
} from '@araldo/store';
import type { Kysely } from 'kysely';
import { ensureAllowed } from '../commands/guard';
import type { Actor, Context } from '../context';
import { emitEvent } from '../webhooks/events';
import { draftFor, loadAssets } from './content';

export const PUBLISH_QUEUE = 'publish';

export type When =
  | { kind: 'now' }
  | { kind: 'at'; local: string; zone: string }
  | { kind: 'instant'; at: number }
  /** Each channel's next free weekly posting slot, in the channel's own time zone. */
  | { kind: 'queue' }
  /** An RFC 5545 RRULE in wall-clock time of a zone; one delivery per channel per occurrence. */
  | { kind: 'recurring'; rrule: string; start: string; zone: string };

/** Checks every channel's version of the post with that network's rules; all problems at once. */
export async function validatePost(db: Kysely<Schema>, post: Post): Promise<ErrorDetail[]> {
  const channels = await db
    .selectFrom('channels')
    .select(['id', 'network', 'name'])
    .where('workspace_id', '=', post.workspaceId)
    .where(
      'id',
      'in',
      post.variants.map((v) => v.channelId),
    )
    .execute();
  const assets = await loadAssets(db, post.workspaceId, [
    ...post.media,
    ...post.variants.flatMap((v) => v.media ?? []),
  ]);
  const problems: ErrorDetail[] = [];
  if (post.variants.length === 0)
    problems.push({ path: 'channelIds', message: 'choose at least one channel' });
  for (const channel of channels) {
    const descriptor = descriptorFor(channel.network);
    for (const v of descriptor.validate(draftFor(post, channel.id, assets))) {
      problems.push({
        path: `variants.${channel.id}.${v.path}`,
        message: `${descriptor.name} (${channel.name}): ${v.message}`,
        code: v.code,
      });
    }
  }
  return problems;
}

/** The instant a schedule means, for every kind but `queue` (which depends on the channel). */
export function resolveWhen(when: Exclude<When, { kind: 'queue' }>, now = Date.now()): number {
  if (when.kind === 'now') return now;
  if (when.kind === 'instant') return when.at;
  if (when.kind === 'recurring') {
    const next = nextOccurrence({ rrule: when.rrule, start: when.start, zone: when.zone }, now - 1);
    if (next === null)
      throw invalid('This recurrence has no occurrence in the future', [
        { path: 'schedule.rrule', message: 'ended' },
      ]);
    return next;
  }
  // A time skipped by a DST change moves to the first valid minute; a repeated one takes the earlier.
  return resolveLocal(when.local, when.zone);
}

/**
 * The next free slot of a channel's queue: slots live in the channel's settings as
 * `{ weekday, time }` in the channel's zone; a slot already holding a pending delivery is taken.
 */
export async function nextQueueSlot(
  trx: Kysely<Schema>,
  channelId: string,
  now: number,
): Promise<{ at: number; paused: boolean }> {
  const channel = await trx
    .selectFrom('channels')
    .select(['name', 'time_zone', 'settings'])
    .where('id', '=', channelId)
    .executeTakeFirstOrThrow();
  const settings = JSON.parse(channel.settings) as { slots?: Slot[]; queuePaused?: boolean };
  const slots = settings.slots ?? [];
  if (slots.length === 0) {
    throw invalid(`${channel.name} has no posting slots yet: add some in its settings, or pick a time`, [
      { path: 'schedule', message: 'the channel has no queue slots' },
    ]);
  }
  const [next] = await freeSlots(trx, { id: channelId, time_zone: channel.time_zone, slots }, now, 1);
  return { at: next!, paused: Boolean(settings.queuePaused) };
}

/** Deliveries that hold a queue slot (so "add to queue" skips it, and the queue view shows it taken). */
const SLOT_HOLDING_STATES: readonly DeliveryState[] = [
  'scheduled',
  'retrying',
  'awaiting_approval',
  'needs_reconnect',
];

/** A channel's next `count` weekly slots after `after` that no pending delivery holds. */
export async function freeSlots(
  db: Kysely<Schema>,
  channel: { id: string; time_zone: string; slots: Slot[] },
  after: number,
  count: number,
): Promise<number[]> {
  const taken = await db
    .selectFrom('deliveries')
    .select('due_at')
    .where('channel_id', '=', channel.id)
    .where('state', 'in', [...SLOT_HOLDING_STATES])
    .where('due_at', '>', after)
    .execute();
  return nextSlots(
    { zone: channel.time_zone, slots: channel.slots },
    after,
    count,
    new Set(taken.map((t) => t.due_at ?? 0)),
  );
}

export async function enqueueDeliveries(
  ctx: Context,
  trx: Kysely<Schema>,
  deliveries: { id: string; dueAt: number }[],
) {
  await ctx.queue.enqueue(
    trx,
    deliveries.map((d) => ({
      queue: PUBLISH_QUEUE,
      key: d.id,
      payload: { deliveryId: d.id },
      runAt: d.dueAt,
    })),
  );
}

/**
 * Turns a post into one delivery per channel due at one instant. Contributors' posts wait
 * for approval; everyone else's are scheduled and their jobs enqueued in the same
 * transaction. Deliveries already published are left alone; pending ones move.
 */
export async function schedulePost(
  ctx: Context,
  actor: Actor,
  workspaceId: string,
  postId: string,
  when: When,
) {
  await ctx.store.db
    .transaction()
    .execute((trx) => scheduleWithin(ctx, trx, actor, workspaceId, postId, when));
}

/** The same, inside a transaction the caller holds (creating or editing a post). */
export async function scheduleWithin(
  ctx: Context,
  trx: Kysely<Schema>,
  actor: Actor,
  workspaceId: string,
  postId: string,
  when: When,
  /** An edit that keeps the post's time leaves held deliveries for a person to decide on. */
  options: { keepHeld?: boolean } = {},
) {
  ensureAllowed(actor, 'posts.create');
  const now = Date.now();
  const fixedDue = when.kind === 'queue' ? null : resolveWhen(when, now);
  const approved = can(actor.role, 'posts.approve');
  {
    const post = await findPost(trx, workspaceId, postId);
    if (!post) throw notFound('Post');
    if (post.authorId !== actor.userId && !can(actor.role, 'posts.edit_any')) {
      throw new AraldoError('forbidden', 'Contributors can schedule only their own posts');
    }
    const problems = await validatePost(trx, post);
    if (problems.length > 0) throw invalid('The post does not fit every channel yet', problems);
    const target: DeliveryState = approved ? 'scheduled' : 'awaiting_approval';
    const existing = await deliveriesOfPosts(trx, workspaceId, [postId]);
    const toEnqueue: { id: string; dueAt: number }[] = [];
    let dueAt = fixedDue ?? now;
    // A recurring post has one delivery per channel per occurrence, keyed by its instant.
    const occurrence = when.kind === 'recurring' ? (fixedDue ?? 0) : 0;
    // An evergreen re-queue (negative occurrence) keeps its own slot when the post is edited.
    const stale = existing.filter(
      (d) =>
        d.occurrence !== occurrence &&
        d.occurrence >= 0 &&
        (PENDING_STATES.includes(d.state) || d.state === 'awaiting_approval'),
    );
    for (const d of stale) await moveDelivery(trx, d.id, d.state, 'cancelled');
    await ctx.queue.cancel(
      trx,
      stale.map((d) => d.id),
    );
    for (const variant of post.variants) {
      const current = existing.find((d) => d.channel_id === variant.channelId && d.occurrence === occurrence);
      // A paused queue still takes the post, in its place, but sends nothing until resumed.
      const slot = fixedDue === null ? await nextQueueSlot(trx, variant.channelId, now) : null;
      dueAt = fixedDue ?? slot!.at;
      const send = approved && !slot?.paused;
      if (!current) {
        const id = newId();
        await insertDelivery(trx, {
          id,
          workspaceId,
          postId,
          channelId: variant.channelId,
          state: target,
          dueAt,
          occurrence,
        });
        if (send) toEnqueue.push({ id, dueAt });
        continue;
      }
      if (current.state === 'published' || current.state === 'publishing' || current.state === 'unknown')
        continue;
      if (options.keepHeld && current.state === 'held') continue;
      await moveDelivery(trx, current.id, current.state, target, {
        due_at: dueAt,
        failure_class: null,
        failure_reason: null,
      });
      if (send) toEnqueue.push({ id: current.id, dueAt });
      else await ctx.queue.cancel(trx, [current.id]);
    }
    // Evergreen re-queues keep their slots, but carry the latest text: a contributor's edit
    // sends them to approval with the rest of the post.
    if (!approved) {
      const requeued = existing.filter((d) => d.occurrence < 0 && d.state === 'scheduled');
      for (const d of requeued) await moveDelivery(trx, d.id, 'scheduled', 'awaiting_approval');
      await ctx.queue.cancel(
        trx,
        requeued.map((d) => d.id),
      );
    }
    // Channels removed from the post since it was last scheduled are withdrawn.
    const dropped = existing.filter(
      (d) => !post.variants.some((v) => v.channelId === d.channel_id) && PENDING_STATES.includes(d.state),
    );
    for (const d of dropped) await moveDelivery(trx, d.id, d.state, 'cancelled');
    await ctx.queue.cancel(
      trx,
      dropped.map((d) => d.id),
    );
    await enqueueDeliveries(ctx, trx, toEnqueue);
    await updatePost(trx, workspaceId, postId, { status: approved ? 'scheduled' : 'awaiting_approval' });
    await trx
      .updateTable('posts')
      .set({ schedule: JSON.stringify({ ...when, dueAt: fixedDue ?? dueAt }) })
      .where('id', '=', postId)
      .execute();
    await recordAudit(trx, {
      workspaceId,
      actorId: actor.userId,
      action: approved ? 'post.scheduled' : 'post.submitted_for_approval',
      targetType: 'post',
      targetId: postId,
      after: { dueAt: new Date(dueAt).toISOString(), channels: post.variants.map((v) => v.channelId) },
    });
  }
}

/**
 * Withdraws what has not gone out yet. A delivery already being published cannot be
 * recalled: it finishes or is reconciled, and the answer says which ones those are.
 */
export async function unschedulePost(ctx: Context, actor: Actor, workspaceId: string, postId: string) {
  return ctx.store.db.transaction().execute((trx) => unscheduleWithin(ctx, trx, actor, workspaceId, postId));
}

/** The same, inside a transaction the caller holds (an edit that also unschedules). */
export async function unscheduleWithin(
  ctx: Context,
  trx: Kysely<Schema>,
  actor: Actor,
  workspaceId: string,
  postId: string,
) {
  ensureAllowed(actor, 'posts.create');
  {
    const post = await findPost(trx, workspaceId, postId);
    if (!post) throw notFound('Post');
    if (post.authorId !== actor.userId && !can(actor.role, 'posts.edit_any')) {
      throw new AraldoError('forbidden', 'Contributors can change only their own posts');
    }
    const deliveries = await deliveriesOfPosts(trx, workspaceId, [postId]);
    const withdrawn: string[] = [];
    for (const d of deliveries) {
      if (PENDING_STATES.includes(d.state) || d.state === 'awaiting_approval') {
        if (await moveDelivery(trx, d.id, d.state, 'draft')) withdrawn.push(d.id);
      }
    }
    await ctx.queue.cancel(trx, withdrawn);
    const inFlight = deliveries
      .filter((d) => d.state === 'publishing' || d.state === 'unknown')
      .map((d) => d.id);
    const published = deliveries.some((d) => d.state === 'published');
    // Withdrawing a recurring post ends the recurrence too.
    await trx.updateTable('posts').set({ schedule: null }).where('id', '=', postId).execute();
    await updatePost(trx, workspaceId, postId, { status: published ? 'published' : 'draft' });
    await recordAudit(trx, {
      workspaceId,
      actorId: actor.userId,
      action: 'post.unscheduled',
      targetType: 'post',
      targetId: postId,
      after: { withdrawn: withdrawn.length, inFlight },
    });
    return { withdrawn: withdrawn.length, inFlight };
  }
}

/** An editor's decision on a contributor's post; approval schedules it as submitted. */
export async function reviewPost(
  ctx: Context,
  actor: Actor,
  workspaceId: string,
  postId: string,
  decision: { approve: boolean; comment?: string | undefined },
) {
  ensureAllowed(actor, 'posts.approve');
  await ctx.store.db.transaction().execute(async (trx) => {
    const post = await trx
      .selectFrom('posts')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', postId)
      .executeTakeFirst();
    if (!post) throw notFound('Post');
    if (post.status !== 'awaiting_approval') throw conflict('This post is not waiting for approval');
    const deliveries = await deliveriesOfPosts(trx, workspaceId, [postId]);
    const schedule = JSON.parse(post.schedule ?? '{}') as { dueAt?: number };
    // An approval that comes after the intended time publishes at once rather than never.
    const dueAt = Math.max(schedule.dueAt ?? Date.now(), Date.now());
    const toEnqueue: { id: string; dueAt: number }[] = [];
    for (const d of deliveries.filter((x) => x.state === 'awaiting_approval')) {
      const to = decision.approve ? 'scheduled' : 'draft';
      // An evergreen re-queue (negative occurrence) goes back to its own slot.
      const at = d.occurrence < 0 ? Math.max(d.due_at ?? dueAt, Date.now()) : dueAt;
      if (await moveDelivery(trx, d.id, 'awaiting_approval', to, { due_at: at })) {
        if (decision.approve) toEnqueue.push({ id: d.id, dueAt: at });
      }
    }
    await enqueueDeliveries(ctx, trx, toEnqueue);
    await updatePost(trx, workspaceId, postId, { status: decision.approve ? 'scheduled' : 'rejected' });
    const review = {
      by: actor.userId,
      at: new Date().toISOString(),
      approved: decision.approve,
      comment: decision.comment ?? null,
    };
    await trx
      .updateTable('posts')
      .set({ review: JSON.stringify(review) })
      .where('id', '=', postId)
      .execute();
    await recordAudit(trx, {
      workspaceId,
      actorId: actor.userId,
      action: decision.approve ? 'post.approved' : 'post.rejected',
      targetType: 'post',
      targetId: postId,
      after: review,
    });
    await emitEvent(trx, {
      workspaceId,
      type: decision.approve ? 'post.approved' : 'post.rejected',
      data: { postId, by: actor.userId, comment: decision.comment ?? null },
    });
  });
}

/**
 * Sends failed deliveries again, now, after the person fixed what the network refused; and
 * sends held ones (overdue when their channel came back) once the person said so.
 */
export async function retryFailed(ctx: Context, actor: Actor, workspaceId: string, postId: string) {
  ensureAllowed(actor, 'posts.create');
  return ctx.store.db.transaction().execute(async (trx) => {
    const post = await findPost(trx, workspaceId, postId);
    if (!post) throw notFound('Post');
    if (post.authorId !== actor.userId && !can(actor.role, 'posts.edit_any')) {
      throw new AraldoError('forbidden', 'Contributors can retry only their own posts');
    }
    const failed = (await deliveriesOfPosts(trx, workspaceId, [postId])).filter(
      (d) => d.state === 'failed' || d.state === 'held',
    );
    if (failed.length === 0) throw conflict('No delivery of this post has failed or is held');
    const problems = await validatePost(trx, post);
    if (problems.length > 0) throw invalid('The post does not fit every channel yet', problems);
    const now = Date.now();
    for (const d of failed) {
      await moveDelivery(trx, d.id, d.state, 'scheduled', {
        due_at: now,
        failure_class: null,
        failure_reason: null,
        attempt_count: 0,
        journal: d.journal,
      });
    }
    await enqueueDeliveries(
      ctx,
      trx,
      failed.map((d) => ({ id: d.id, dueAt: now })),
    );
    await updatePost(trx, workspaceId, postId, { status: 'scheduled' });
    await recordAudit(trx, {
      workspaceId,
      actorId: actor.userId,
      action: 'post.retried',
      targetType: 'post',
      targetId: postId,
      after: { deliveries: failed.map((d) => d.id) },
    });
    return { retried: failed.length };
  });
}

/**
 * Keeps every recurring post one occurrence ahead: once an occurrence has gone out (or been
 * given up), the next one gets its deliveries and jobs. Safe in many workers at once: a
 * delivery is unique per (post, channel, occurrence).
 */
export async function extendRecurrences(ctx: Context, now = Date.now()): Promise<number> {
  const posts = await ctx.store.db
    .selectFrom('posts')
    .select(['id', 'workspace_id', 'schedule'])
    .where('status', 'in', ['scheduled', 'published', 'failed'])
    .where('schedule', 'like', '%"kind":"recurring"%')
    .execute();
  let created = 0;
  for (const post of posts) {
    const when = JSON.parse(post.schedule ?? '{}') as Extract<When, { kind: 'recurring' }>;
    const deliveries = await deliveriesOfPosts(ctx.store.db, post.workspace_id, [post.id]);
    if (
      deliveries.some(
        (d) => PENDING_STATES.includes(d.state) || d.state === 'publishing' || d.state === 'unknown',
      )
    )
      continue;
    const latest = Math.max(0, ...deliveries.map((d) => d.occurrence));
    const next = nextOccurrence(
      { rrule: when.rrule, start: when.start, zone: when.zone },
      Math.max(latest, now - 1),
    );
    if (next === null) continue;
    const channels = [...new Set(deliveries.filter((d) => d.state !== 'cancelled').map((d) => d.channel_id))];
    await ctx.store.db.transaction().execute(async (trx) => {
      const jobs: { id: string; dueAt: number }[] = [];
      for (const channelId of channels) {
        const id = newId();
        const inserted = await insertDeliveryIfAbsent(
          trx,
          {
            id,
            workspaceId: post.workspace_id,
            postId: post.id,
            channelId,
            occurrence: next,
            state: 'scheduled',
            dueAt: next,
          },
          now,
        );
        if (inserted) jobs.push({ id, dueAt: next });
      }
      await enqueueDeliveries(ctx, trx, jobs);
      if (jobs.length > 0) await updatePost(trx, post.workspace_id, post.id, { status: 'scheduled' });
      created += jobs.length;
    });
  }
  return created;
}
