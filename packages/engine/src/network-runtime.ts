import path from 'node:path';
import { AraldoError, type NetworkId } from '@araldo/core';
import {
  type Credentials,
  descriptorFor,
  type NetworkClient,
  type NetworkDescriptor,
  NetworkError,
} from '@araldo/networks';
import { type ChannelsTable, readChannelCredentials, updateChannelCredentials } from '@araldo/store';
import type { Selectable } from 'kysely';
import type { Context } from './context';

/**
 * Where a network is reached: the server the user chose (a Mastodon instance, a Bluesky
 * PDS), else the operator's override (ARALDO_<NETWORK>_BASE_URL), else the documented host.
 */
export function baseUrlFor(
  ctx: Context,
  descriptor: NetworkDescriptor,
  serverUrl?: string | undefined,
): string {
  return serverUrl ?? ctx.config.networks[descriptor.id].baseUrl ?? descriptor.defaultBaseUrl;
}

export function appFor(ctx: Context, network: NetworkId) {
  const app = ctx.config.networks[network];
  return { clientId: app.clientId, clientSecret: app.clientSecret?.reveal() };
}

export const stateDirFor = (ctx: Context, network: NetworkId) =>
  path.join(ctx.config.dataDir, 'networks', network);

/** A client for a connected channel; refreshed tokens are sealed back into the channel row. */
export async function clientForChannel(
  ctx: Context,
  channel: Selectable<ChannelsTable>,
): Promise<NetworkClient> {
  const descriptor = descriptorFor(channel.network);
  const credentials = await readChannelCredentials<Credentials>(
    ctx.store.db,
    ctx.cipher,
    channel.workspace_id,
    channel.id,
  );
  const settings = JSON.parse(channel.settings) as { serverUrl?: string };
  return descriptor.createClient({
    baseUrl: baseUrlFor(ctx, descriptor, settings.serverUrl),
    http: ctx.http,
    credentials: credentials ?? {},
    app: appFor(ctx, descriptor.id),
    stateDir: stateDirFor(ctx, descriptor.id),
    onCredentials: (next) =>
      updateChannelCredentials(ctx.store.db, ctx.cipher, channel.workspace_id, channel.id, next),
  });
}

/** What a person connecting a channel should read when the network says no. */
export function connectionError(descriptor: NetworkDescriptor, error: unknown): AraldoError {
  if (error instanceof NetworkError) {
    if (error.failure === 'transient' || error.failure === 'rate_limited') {
      return new AraldoError(
        'network_unavailable',
        `${descriptor.name} did not answer; try again in a moment (${error.message})`,
      );
    }
    return new AraldoError(
      'validation_failed',
      `${descriptor.name} refused the connection: ${error.message}`,
    );
  }
  if (error instanceof AraldoError) return error;
  return new AraldoError(
    'validation_failed',
    `${descriptor.name} refused the connection: ${(error as Error).message}`,
  );
}
