import { notFound, type Slot } from '@araldo/core';
import { findChannel } from '@araldo/store';
import type { Actor, Context } from '../context';
import { freeSlots } from '../publishing/schedule';
import { ensureAllowed } from './guard';

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
  const free = await freeSlots(
    ctx.store.db,
    { id: channelId, time_zone: channel.time_zone, slots },
    after,
    count,
  );
  return {
    timeZone: channel.time_zone,
    hasSlots: slots.length > 0,
    slots: free.map((at) => new Date(at).toISOString()),
  };
}
