import { invalid, nextSlots, notFound, PENDING_STATES, type Slot, shuffle } from '@araldo/core';
import { findChannel, recordAudit, type Schema } from '@araldo/store';
import type { Kysely } from 'kysely';
import { ensureAllowed } from '../commands/guard';
import type { Actor, Context } from '../context';
import { PUBLISH_QUEUE } from './schedule';

export interface QueuedItem {
  deliveryId: string;
  postId: string;
  text: string;
  dueAt: string;
}

/** Deliveries that came from "add to queue" and have not gone out, in publishing order. */
async function queued(db: Kysely<Schema>, workspaceId: string, channelId: string) {
  const rows = await db
    .selectFrom('deliveries')
    .innerJoin('posts', 'posts.id', 'deliveries.post_id')
    .select(['deliveries.id', 'deliveries.post_id', 'deliveries.state', 'deliveries.due_at', 'posts.text'])
    .where('deliveries.workspace_id', '=', workspaceId)
    .where('deliveries.channel_id', '=', channelId)
    // Held deliveries wait for a person's decision; reordering must not send them.
    .where('deliveries.state', 'in', [...PENDING_STATES.filter((s) => s !== 'held')])
    // Evergreen re-queues (negative occurrences) sit in the queue whatever the post's own schedule.
    .where((eb) =>
      eb.or([eb('posts.schedule', 'like', '%"kind":"queue"%'), eb('deliveries.occurrence', '<', 0)]),
    )
    .orderBy('deliveries.due_at')
    .execute();
  return rows;
}

export async function channelQueue(ctx: Context, actor: Actor, workspaceId: string, channelId: string) {
  ensureAllowed(actor, 'posts.read');
  if (!(await findChannel(ctx.store.db, workspaceId, channelId))) throw notFound('Channel');
  const channel = (await findChannel(ctx.store.db, workspaceId, channelId))!;
  const paused = Boolean((JSON.parse(channel.settings) as { queuePaused?: boolean }).queuePaused);
  const items: QueuedItem[] = (await queued(ctx.store.db, workspaceId, channelId)).map((r) => ({
    deliveryId: r.id,
    postId: r.post_id,
    text: r.text,
    dueAt: new Date(r.due_at ?? 0).toISOString(),
  }));
  return { paused, items };
}

/**
 * Reorders a channel's queue: the same slot instants, filled in a new order (the order given,
 * or a shuffle). A paused queue keeps its order but sends nothing.
 */
export async function reorderQueue(
  ctx: Context,
  actor: Actor,
  workspaceId: string,
  channelId: string,
  order: { deliveryIds: string[] } | { shuffleSeed: string },
) {
  ensureAllowed(actor, 'posts.edit_any');
  await ctx.store.db.transaction().execute(async (trx) => {
    const channel = await findChannel(trx, workspaceId, channelId);
    if (!channel) throw notFound('Channel');
    const rows = await queued(trx, workspaceId, channelId);
    const instants = rows.map((r) => r.due_at ?? 0).sort((a, b) => a - b);
    let ordered = rows;
    if ('deliveryIds' in order) {
      const ids = order.deliveryIds;
      const known = new Set(rows.map((r) => r.id));
      if (
        ids.length !== rows.length ||
        ids.some((id) => !known.has(id)) ||
        new Set(ids).size !== ids.length
      ) {
        throw invalid('Give every queued delivery of this channel exactly once', [
          { path: 'deliveryIds', message: `expected the ${rows.length} queued deliveries` },
        ]);
      }
      ordered = ids.map((id) => rows.find((r) => r.id === id)!);
    } else {
      ordered = shuffle(rows, order.shuffleSeed);
    }
    const paused = Boolean((JSON.parse(channel.settings) as { queuePaused?: boolean }).queuePaused);
    for (const [i, row] of ordered.entries()) {
      const dueAt = instants[i]!;
      await trx
        .updateTable('deliveries')
        .set({ due_at: dueAt, updated_at: Date.now() })
        .where('id', '=', row.id)
        .execute();
      if (!paused) {
        await ctx.queue.enqueue(trx, [
          { queue: PUBLISH_QUEUE, key: row.id, payload: { deliveryId: row.id }, runAt: dueAt },
        ]);
      }
    }
    await recordAudit(trx, {
      workspaceId,
      actorId: actor.userId,
      action: 'deliveryIds' in order ? 'queue.reordered' : 'queue.shuffled',
      targetType: 'channel',
      targetId: channelId,
    });
  });
  return channelQueue(ctx, actor, workspaceId, channelId);
}

/**
 * Pausing stops the queue from publishing (its jobs are withdrawn, its posts stay queued);
 * resuming hands the queued posts the next free slots from now, in their order.
 */
export async function pauseQueue(
  ctx: Context,
  actor: Actor,
  workspaceId: string,
  channelId: string,
  paused: boolean,
) {
  ensureAllowed(actor, 'posts.edit_any');
  await ctx.store.db.transaction().execute(async (trx) => {
    const channel = await findChannel(trx, workspaceId, channelId);
    if (!channel) throw notFound('Channel');
    const settings = JSON.parse(channel.settings) as { queuePaused?: boolean; slots?: Slot[] };
    await trx
      .updateTable('channels')
      .set({ settings: JSON.stringify({ ...settings, queuePaused: paused }) })
      .where('id', '=', channelId)
      .execute();
    const rows = await queued(trx, workspaceId, channelId);
    if (paused) {
      await ctx.queue.cancel(
        trx,
        rows.map((r) => r.id),
      );
    } else if (rows.length > 0) {
      const instants = nextSlots(
        { zone: channel.time_zone, slots: settings.slots ?? [] },
        Date.now(),
        rows.length,
      );
      for (const [i, row] of rows.entries()) {
        const dueAt = instants[i]!;
        await trx
          .updateTable('deliveries')
          .set({ due_at: dueAt, updated_at: Date.now() })
          .where('id', '=', row.id)
          .execute();
        await ctx.queue.enqueue(trx, [
          { queue: PUBLISH_QUEUE, key: row.id, payload: { deliveryId: row.id }, runAt: dueAt },
        ]);
      }
    }
    await recordAudit(trx, {
      workspaceId,
      actorId: actor.userId,
      action: paused ? 'queue.paused' : 'queue.resumed',
      targetType: 'channel',
      targetId: channelId,
    });
  });
  return channelQueue(ctx, actor, workspaceId, channelId);
}
