import {
  type Channel,
  type ChannelStatus,
  conflict,
  type NetworkId,
  newId,
  notFound,
  type Slot,
  validateSlotSchedule,
} from '@araldo/core';
import {
  deleteChannel as deleteChannelRow,
  findChannel,
  findChannelByAccount,
  getWorkspace,
  insertChannel,
  recordAudit,
  toChannel,
  updateChannel as updateChannelRow,
} from '@araldo/store';
import type { Actor, Context } from '../context';
import { ensureAllowed } from './guard';
import { checkTimeZone } from './users';

export interface ChannelInput {
  network: NetworkId;
  name: string;
  accountId?: string | undefined;
  accountHandle?: string | undefined;
  timeZone?: string | undefined;
  credentials?: Record<string, unknown> | undefined;
  settings?: Record<string, unknown> | undefined;
}

/** Stores a connected account. Network-specific connect flows verify credentials before calling this. */
export async function createChannel(
  ctx: Context,
  actor: Actor,
  workspaceId: string,
  input: ChannelInput,
): Promise<Channel> {
  ensureAllowed(actor, 'channels.manage');
  if (input.timeZone !== undefined) checkTimeZone(input.timeZone);
  return ctx.store.db.transaction().execute(async (trx) => {
    const ws = await getWorkspace(trx, workspaceId);
    if (!ws) throw notFound('Workspace');
    const id = newId();
    const accountId = input.accountId ?? id;
    if (await findChannelByAccount(trx, workspaceId, input.network, accountId)) {
      throw conflict(`This ${input.network} account is already connected to the workspace`);
    }
    await insertChannel(trx, ctx.cipher, {
      id,
      workspaceId,
      network: input.network,
      name: input.name,
      accountId,
      accountHandle: input.accountHandle ?? null,
      timeZone: input.timeZone ?? ws.time_zone,
      credentials: input.credentials,
      settings: input.settings ?? {},
    });
    const channel = toChannel((await findChannel(trx, workspaceId, id))!);
    await recordAudit(trx, {
      workspaceId,
      actorId: actor.userId,
      action: 'channel.connected',
      targetType: 'channel',
      targetId: id,
      after: { network: channel.network, name: channel.name, accountHandle: channel.accountHandle },
    });
    return channel;
  });
}

export async function updateChannel(
  ctx: Context,
  actor: Actor,
  workspaceId: string,
  id: string,
  patch: {
    name?: string | undefined;
    timeZone?: string | undefined;
    status?: ChannelStatus | undefined;
    settings?: Record<string, unknown> | undefined;
    slots?: Slot[] | undefined;
  },
): Promise<Channel> {
  ensureAllowed(actor, 'channels.manage');
  if (patch.timeZone !== undefined) checkTimeZone(patch.timeZone);
  return ctx.store.db.transaction().execute(async (trx) => {
    const before = await findChannel(trx, workspaceId, id);
    if (!before) throw notFound('Channel');
    // A broken channel comes back only through a reconnect, never by flipping its status.
    if (before.status === 'needs_reconnect' && patch.status === 'active') {
      throw conflict('This channel needs to be reconnected; connect the account again instead');
    }
    const { slots, ...rest } = patch;
    if (slots !== undefined) validateSlotSchedule({ zone: patch.timeZone ?? before.time_zone, slots });
    const settings =
      slots === undefined && rest.settings === undefined
        ? undefined
        : {
            ...(JSON.parse(before.settings) as Record<string, unknown>),
            ...rest.settings,
            ...(slots ? { slots } : {}),
          };
    await updateChannelRow(trx, workspaceId, id, { ...rest, settings });
    const after = toChannel((await findChannel(trx, workspaceId, id))!);
    await recordAudit(trx, {
      workspaceId,
      actorId: actor.userId,
      action: 'channel.updated',
      targetType: 'channel',
      targetId: id,
      before: { name: before.name, timeZone: before.time_zone, status: before.status },
      after: { name: after.name, timeZone: after.timeZone, status: after.status },
    });
    return after;
  });
}

export async function deleteChannel(ctx: Context, actor: Actor, workspaceId: string, id: string) {
  ensureAllowed(actor, 'channels.manage');
  await ctx.store.db.transaction().execute(async (trx) => {
    const before = await findChannel(trx, workspaceId, id);
    if (!before) throw notFound('Channel');
    await deleteChannelRow(trx, workspaceId, id);
    await recordAudit(trx, {
      workspaceId,
      actorId: actor.userId,
      action: 'channel.removed',
      targetType: 'channel',
      targetId: id,
      before: { network: before.network, name: before.name },
    });
  });
}
