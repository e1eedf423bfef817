import { type DeliveryState, nextSlots, notFound, type Slot } from '@araldo/core';
import { findChannel } from '@araldo/store';
import type { Actor, Context } from '../context';
import { ensureAllowed } from './guard';

/**
 * Deliveries that hold a slot: the same rule "add to queue" follows when it picks the next free
 * slot (publishing/schedule.ts), so the slots shown empty are the ones a queued post would take.
 */
const HOLDING: readonly DeliveryState[] = ['scheduled', 'retrying', 'awaiting_approval', 'needs_reconnect'];

export interface FreeSlots {
  timeZone: string;
  /** Whether the channel has weekly slots at all; without them there is nothing to list. */
  hasSlots: boolean;
  /** The next free slot instants after `after`, ascending, ISO-8601. */
  slots: string[];
}

/** A channel's next `count` posting slots that no pending post holds, from its weekly slots and zone. */
export async function freeQueueSlots(
  ctx: Context,
  actor: Actor,
  workspaceId: string,
  channelId: string,
  count: number,
  after = Date.now(),
): Promise<FreeSlots> {
  ensureAllowed(actor, 'posts.read');
  const channel = await findChannel(ctx.store.db, workspaceId, channelId);
  if (!channel) throw notFound('Channel');
  const slots = (JSON.parse(channel.settings) as { slots?: Slot[] }).slots ?? [];
  const taken = await ctx.store.db
    .selectFrom('deliveries')
    .select('due_at')
    .where('workspace_id', '=', workspaceId)
    .where('channel_id', '=', channelId)
    .where('state', 'in', [...HOLDING])
    .where('due_at', '>', after)
    .execute();
  const free = nextSlots(
    { zone: channel.time_zone, slots },
    after,
    count,
    new Set(taken.map((row) => row.due_at ?? 0)),
  );
  return {
    timeZone: channel.time_zone,
    hasSlots: slots.length > 0,
    slots: free.map((at) => new Date(at).toISOString()),
  };
}
