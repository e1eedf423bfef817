import { NetworkError } from '@araldo/networks';
import {
  type ChannelsTable,
  channelsToCheck,
  markChannelChecked,
  notify,
  recordAudit,
  updateChannel,
} from '@araldo/store';
import type { Selectable } from 'kysely';
import type { Context } from './context';
import { clientForChannel } from './network-runtime';
import { emitEvent } from './webhooks/events';

export type ChannelHealth = 'ok' | 'needs_reconnect' | 'unreachable';

/**
 * Asks the network whether the channel's credentials still work. The adapter refreshes
 * tokens near expiry while doing so; when the network refuses them for good the channel is
 * marked needs_reconnect and the workspace is told at once, instead of posts quietly failing.
 */
export async function checkChannel(ctx: Context, channel: Selectable<ChannelsTable>): Promise<ChannelHealth> {
  try {
    const client = await clientForChannel(ctx, channel);
    await client.verify();
    await markChannelChecked(ctx.store.db, channel.id);
    await warnBeforeLapse(ctx, channel.id);
    return 'ok';
  } catch (error) {
    if (
      !(error instanceof NetworkError) ||
      (error.failure !== 'auth_expired' && error.failure !== 'permanent')
    ) {
      return 'unreachable';
    }
    await markNeedsReconnect(ctx, channel, error.message);
    return 'needs_reconnect';
  }
}

export async function markNeedsReconnect(ctx: Context, channel: Selectable<ChannelsTable>, reason: string) {
  await ctx.store.db.transaction().execute(async (trx) => {
    const current = await trx
      .selectFrom('channels')
      .select('status')
      .where('id', '=', channel.id)
      .executeTakeFirst();
    if (current?.status !== 'active') return;
    await updateChannel(trx, channel.workspace_id, channel.id, { status: 'needs_reconnect' });
    await markChannelChecked(trx, channel.id);
    await recordAudit(trx, {
      workspaceId: channel.workspace_id,
      actorId: null,
      action: 'channel.needs_reconnect',
      targetType: 'channel',
      targetId: channel.id,
      before: { status: 'active' },
      after: { status: 'needs_reconnect', reason },
    });
    await emitEvent(trx, {
      workspaceId: channel.workspace_id,
      type: 'channel.needs_reconnect',
      data: { channelId: channel.id, network: channel.network, name: channel.name, reason },
    });
    await notify(trx, {
      workspaceId: channel.workspace_id,
      kind: 'channel.needs_reconnect',
      channelId: channel.id,
      message: `${channel.name} (${channel.network}) needs to be reconnected: ${reason}`,
    });
  });
}

/** One pass of the periodic check: each active channel at least every `everyMs`. */
export async function checkChannels(
  ctx: Context,
  options: { everyMs?: number; batch?: number; now?: number } = {},
) {
  const now = options.now ?? Date.now();
  const due = await channelsToCheck(
    ctx.store.db,
    now - (options.everyMs ?? 6 * 3_600_000),
    options.batch ?? 50,
  );
  const results: Record<ChannelHealth, number> = { ok: 0, needs_reconnect: 0, unreachable: 0 };
  for (const channel of due) results[await checkChannel(ctx, channel)]++;
  return results;
}

const DAY = 86_400_000;

/**
 * Tokens that cannot be refreshed (LinkedIn and Meta's live about 60 days) lapse on a known
 * day: the workspace is told a week ahead, once per token, so nobody discovers it through a
 * failed post.
 */
export async function warnBeforeLapse(ctx: Context, channelId: string, now = Date.now(), days = 7) {
  const row = await ctx.store.db
    .selectFrom('channels')
    .selectAll()
    .where('id', '=', channelId)
    .executeTakeFirst();
  if (!row?.credentials) return false;
  const credentials = ctx.cipher.open<{ expiresAt?: number; refreshToken?: string }>(row.credentials);
  const expiresAt = credentials.expiresAt;
  // A token the adapter can refresh by itself is not a person's problem.
  if (!expiresAt || credentials.refreshToken || expiresAt - now > days * DAY) return false;
  const settings = JSON.parse(row.settings) as { expiryWarnedFor?: number };
  if (settings.expiryWarnedFor === expiresAt) return false;
  const when = new Date(expiresAt).toISOString().slice(0, 10);
  await ctx.store.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('channels')
      .set({ settings: JSON.stringify({ ...settings, expiryWarnedFor: expiresAt }) })
      .where('id', '=', channelId)
      .execute();
    await emitEvent(trx, {
      workspaceId: row.workspace_id,
      type: 'channel.token_expiring',
      data: { channelId, network: row.network, name: row.name, expiresAt: new Date(expiresAt).toISOString() },
    });
    await notify(trx, {
      workspaceId: row.workspace_id,
      kind: 'channel.token_expiring',
      channelId,
      message: `${row.name} (${row.network}) must be reconnected before ${when}, when its access ends`,
    });
  });
  return true;
}
