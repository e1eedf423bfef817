import { type Channel, type ChannelStatus, iso, type NetworkId } from '@araldo/core';
import type { Kysely, Selectable } from 'kysely';
import type { CredentialCipher } from '../credential-cipher';
import { decodeCursor, toPage } from '../pagination';
import type { ChannelsTable, Schema } from '../schema';

export const toChannel = (r: Selectable<ChannelsTable>): Channel => ({
  id: r.id,
  workspaceId: r.workspace_id,
  network: r.network as NetworkId,
  name: r.name,
  accountId: r.account_id,
  accountHandle: r.account_handle,
  timeZone: r.time_zone,
  status: r.status,
  settings: JSON.parse(r.settings) as Record<string, unknown>,
  createdAt: iso(r.created_at),
  updatedAt: iso(r.updated_at),
});

export interface NewChannel {
  id: string;
  workspaceId: string;
  network: NetworkId;
  name: string;
  accountId: string;
  accountHandle: string | null;
  timeZone: string;
  credentials: unknown;
  settings: Record<string, unknown>;
}

/** Credentials go in sealed or not at all: this is the only way a channel row is written. */
export async function insertChannel(
  db: Kysely<Schema>,
  cipher: CredentialCipher,
  c: NewChannel,
  now = Date.now(),
) {
  await db
    .insertInto('channels')
    .values({
      id: c.id,
      workspace_id: c.workspaceId,
      network: c.network,
      name: c.name,
      account_id: c.accountId,
      account_handle: c.accountHandle,
      time_zone: c.timeZone,
      status: 'active',
      credentials: c.credentials === undefined || c.credentials === null ? null : cipher.seal(c.credentials),
      settings: JSON.stringify(c.settings),
      created_at: now,
      updated_at: now,
      checked_at: now,
    })
    .execute();
}

export async function findChannel(db: Kysely<Schema>, workspaceId: string, id: string) {
  return db
    .selectFrom('channels')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function findChannelByAccount(
  db: Kysely<Schema>,
  workspaceId: string,
  network: string,
  accountId: string,
) {
  return db
    .selectFrom('channels')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('network', '=', network)
    .where('account_id', '=', accountId)
    .executeTakeFirst();
}

export async function listChannels(
  db: Kysely<Schema>,
  workspaceId: string,
  options: { limit: number; cursor?: string | undefined },
) {
  const after = decodeCursor(options.cursor);
  let q = db.selectFrom('channels').selectAll().where('workspace_id', '=', workspaceId);
  if (after) q = q.where('id', '>', after);
  const rows = await q
    .orderBy('id')
    .limit(options.limit + 1)
    .execute();
  return toPage(rows, options.limit, toChannel);
}

export async function channelIdsInWorkspace(db: Kysely<Schema>, workspaceId: string, ids: string[]) {
  if (ids.length === 0) return new Set<string>();
  const rows = await db
    .selectFrom('channels')
    .select('id')
    .where('workspace_id', '=', workspaceId)
    .where('id', 'in', ids)
    .execute();
  return new Set(rows.map((r) => r.id));
}

export async function updateChannel(
  db: Kysely<Schema>,
  workspaceId: string,
  id: string,
  patch: {
    name?: string | undefined;
    timeZone?: string | undefined;
    status?: ChannelStatus | undefined;
    settings?: Record<string, unknown> | undefined;
  },
  now = Date.now(),
) {
  await db
    .updateTable('channels')
    .set({
      ...(patch.name !== undefined ? { name: patch.name } : {}),
      ...(patch.timeZone !== undefined ? { time_zone: patch.timeZone } : {}),
      ...(patch.status !== undefined ? { status: patch.status } : {}),
      ...(patch.settings !== undefined ? { settings: JSON.stringify(patch.settings) } : {}),
      updated_at: now,
    })
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .execute();
}

export async function readChannelCredentials<T>(
  db: Kysely<Schema>,
  cipher: CredentialCipher,
  workspaceId: string,
  id: string,
): Promise<T | null> {
  const row = await db
    .selectFrom('channels')
    .select('credentials')
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row?.credentials ? cipher.open<T>(row.credentials) : null;
}

export async function deleteChannel(db: Kysely<Schema>, workspaceId: string, id: string) {
  await db.deleteFrom('channels').where('workspace_id', '=', workspaceId).where('id', '=', id).execute();
}

export async function updateChannelCredentials(
  db: Kysely<Schema>,
  cipher: CredentialCipher,
  workspaceId: string,
  id: string,
  credentials: unknown,
  now = Date.now(),
) {
  await db
    .updateTable('channels')
    .set({ credentials: cipher.seal(credentials), updated_at: now })
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .execute();
}

/** Channels whose credentials were last checked at or before `before`, oldest first. */
export async function channelsToCheck(db: Kysely<Schema>, before: number, limit: number) {
  return db
    .selectFrom('channels')
    .selectAll()
    .where('status', '=', 'active')
    .where((eb) => eb.or([eb('checked_at', 'is', null), eb('checked_at', '<=', before)]))
    .orderBy('checked_at')
    .limit(limit)
    .execute();
}

export async function markChannelChecked(db: Kysely<Schema>, id: string, now = Date.now()) {
  await db.updateTable('channels').set({ checked_at: now }).where('id', '=', id).execute();
}
