import { moveDelivery, notify, type Schema } from '@araldo/store';
import type { Kysely } from 'kysely';
import type { Context } from '../context';
import { emitEvents } from '../webhooks/events';
import { refreshPostStatuses } from './batch-writes';
import { enqueueDeliveries } from './schedule';

/**
 * What happens to the posts that waited for a channel once it is connected again. Those
 * still close to their time go out now. Those long overdue are held for a person: a sale
 * announced after the sale ended does more harm than a post never sent.
 */
export async function releaseWaiting(
  ctx: Context,
  trx: Kysely<Schema>,
  channel: { id: string; workspace_id: string; name: string; network: string },
  now: number,
): Promise<{ released: number; held: number }> {
  const waiting = await trx
    .selectFrom('deliveries')
    .select(['id', 'post_id', 'due_at'])
    .where('channel_id', '=', channel.id)
    .where('state', '=', 'needs_reconnect')
    .execute();
  const limit = ctx.config.reconnectHoldMs;
  const overdue = (dueAt: number | null) => limit > 0 && dueAt !== null && now - dueAt > limit;
  const release = waiting.filter((d) => !overdue(d.due_at));
  const hold = waiting.filter((d) => overdue(d.due_at));
  for (const d of release) {
    await moveDelivery(trx, d.id, 'needs_reconnect', 'scheduled', {
      due_at: now,
      failure_class: null,
      failure_reason: null,
    });
  }
  await enqueueDeliveries(
    ctx,
    trx,
    release.map((d) => ({ id: d.id, dueAt: now })),
  );
  for (const d of hold) {
    const late = describeLateness(now - (d.due_at ?? now));
    await moveDelivery(trx, d.id, 'needs_reconnect', 'held', {
      failure_class: null,
      failure_reason: `${channel.name} came back ${late} after this was due: publish it now, reschedule or withdraw it`,
    });
  }
  if (hold.length > 0) {
    await notify(
      trx,
      {
        workspaceId: channel.workspace_id,
        kind: 'post.held',
        channelId: channel.id,
        message: `${channel.name} (${channel.network}) is connected again. ${hold.length} overdue ${
          hold.length === 1 ? 'post waits' : 'posts wait'
        } for you to publish, reschedule or withdraw ${hold.length === 1 ? 'it' : 'them'}`,
      },
      now,
    );
    await emitEvents(
      trx,
      hold.map((d) => ({
        workspaceId: channel.workspace_id,
        type: 'post.held' as const,
        data: {
          postId: d.post_id,
          deliveryId: d.id,
          channelId: channel.id,
          network: channel.network,
          dueAt: d.due_at === null ? null : new Date(d.due_at).toISOString(),
        },
      })),
      now,
    );
  }
  await refreshPostStatuses(
    trx,
    waiting.map((d) => d.post_id),
    now,
  );
  return { released: release.length, held: hold.length };
}

const describeLateness = (ms: number) => {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 120) return `${minutes} minutes`;
  const hours = Math.round(minutes / 60);
  return hours < 48 ? `${hours} hours` : `${Math.round(hours / 24)} days`;
};
