import { AraldoError, type Channel, invalid, notFound } from '@araldo/core';
import {
  type AccountInfo,
  authorizationRequest,
  type Credentials,
  descriptorFor,
  exchangeCode,
  type NetworkDescriptor,
  rebaseOAuth,
} from '@araldo/networks';
import {
  findChannel,
  findChannelByAccount,
  getWorkspace,
  recordAudit,
  savePendingConnection,
  takePendingConnection,
  toChannel,
  updateChannelCredentials,
  updateChannel as updateChannelRow,
} from '@araldo/store';
import type { Actor, Context } from '../context';
import { appFor, baseUrlFor, connectionError, stateDirFor } from '../network-runtime';
import { releaseWaiting } from '../publishing/reconnect';
import { createChannel } from './channels';
import { ensureAllowed } from './guard';
import { checkTimeZone } from './users';

export interface ConnectInput {
  network: string;
  name?: string | undefined;
  timeZone?: string | undefined;
  /** The user's own server: a Mastodon instance, a Bluesky PDS. */
  server?: string | undefined;
  fields?: Record<string, string | undefined>;
}

const SERVER_FIELDS = ['server', 'service'];

function serverUrl(descriptor: NetworkDescriptor, server: string | undefined): string | undefined {
  if (server === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(/^https?:\/\//.test(server) ? server : `https://${server}`);
  } catch {
    throw invalid(`${server} is not a server address`, [{ path: 'server', message: 'not a URL' }]);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw invalid(`${descriptor.name} servers are reached over https`, [
      { path: 'server', message: 'must be https' },
    ]);
  }
  return url.origin;
}

/** Asks the network whose account the credentials open; nothing is saved before it answers yes. */
async function verifyCredentials(
  ctx: Context,
  descriptor: NetworkDescriptor,
  credentials: Credentials,
  server?: string,
) {
  let latest = credentials;
  const client = descriptor.createClient({
    baseUrl: baseUrlFor(ctx, descriptor, server),
    http: ctx.http,
    credentials,
    app: appFor(ctx, descriptor.id),
    stateDir: stateDirFor(ctx, descriptor.id),
    onCredentials: async (next) => {
      latest = next;
    },
  });
  try {
    const account = await client.verify();
    return { account, credentials: latest };
  } catch (error) {
    throw connectionError(descriptor, error);
  }
}

/** Saves a verified account: a new channel, or fresh credentials for one already connected. */
async function saveConnection(
  ctx: Context,
  actor: Actor,
  workspaceId: string,
  descriptor: NetworkDescriptor,
  verified: { account: AccountInfo; credentials: Credentials },
  options: { name?: string | undefined; timeZone?: string | undefined; server?: string | undefined },
): Promise<Channel> {
  const existing = await findChannelByAccount(
    ctx.store.db,
    workspaceId,
    descriptor.id,
    verified.account.accountId,
  );
  if (existing) {
    await ctx.store.db.transaction().execute(async (trx) => {
      await updateChannelCredentials(trx, ctx.cipher, workspaceId, existing.id, verified.credentials);
      await updateChannelRow(trx, workspaceId, existing.id, { status: 'active' });
      const { released, held } = await releaseWaiting(ctx, trx, existing, Date.now());
      await recordAudit(trx, {
        workspaceId,
        actorId: actor.userId,
        action: 'channel.reconnected',
        targetType: 'channel',
        targetId: existing.id,
        before: { status: existing.status },
        after: { status: 'active', released, held },
      });
    });
    return toChannel((await findChannel(ctx.store.db, workspaceId, existing.id))!);
  }
  return createChannel(ctx, actor, workspaceId, {
    network: descriptor.id,
    name: options.name ?? verified.account.displayName,
    accountId: verified.account.accountId,
    accountHandle: verified.account.handle ?? undefined,
    timeZone: options.timeZone,
    credentials: verified.credentials,
    settings: options.server ? { serverUrl: options.server } : {},
  });
}

/** Connects a network that logs in with a form (app password, access token) or not at all. */
export async function connectChannel(ctx: Context, actor: Actor, workspaceId: string, input: ConnectInput) {
  ensureAllowed(actor, 'channels.manage');
  const descriptor = descriptorFor(input.network);
  const workspace = await getWorkspace(ctx.store.db, workspaceId);
  if (!workspace) throw notFound('Workspace');
  if (input.timeZone !== undefined) checkTimeZone(input.timeZone);
  const connect = descriptor.connect;
  if (connect.kind === 'oauth2') {
    throw invalid(
      `${descriptor.name} connects through its own sign-in page: start with /channels/oauth/start`,
    );
  }
  let credentials: Credentials;
  let server: string | undefined;
  if (connect.kind === 'none') {
    if (!descriptor.initialCredentials)
      throw new AraldoError('internal_error', `${descriptor.name} cannot be connected`);
    credentials = descriptor.initialCredentials({
      name: input.name ?? workspace.name,
      timeZone: input.timeZone ?? workspace.time_zone,
    });
  } else {
    const fields = input.fields ?? {};
    const missing = connect.fields.filter((f) => !SERVER_FIELDS.includes(f) && !fields[f]);
    if (missing.length > 0) {
      throw invalid(
        `${descriptor.name} needs ${missing.join(' and ')}`,
        missing.map((f) => ({ path: f, message: 'required' })),
      );
    }
    server = serverUrl(descriptor, input.server);
    credentials = Object.fromEntries(
      connect.fields.filter((f) => !SERVER_FIELDS.includes(f)).map((f) => [f, fields[f]]),
    );
  }
  const verified = await verifyCredentials(ctx, descriptor, credentials, server);
  return saveConnection(ctx, actor, workspaceId, descriptor, verified, {
    name: input.name,
    timeZone: input.timeZone,
    server,
  });
}

export const oauthCallbackUrl = (ctx: Context) => `${ctx.config.publicUrl}/api/v1/oauth/callback`;

/** First half of an OAuth connection: where to send the person's browser. */
export async function startOAuthConnection(ctx: Context, actor: Actor, workspaceId: string, network: string) {
  ensureAllowed(actor, 'channels.manage');
  const descriptor = descriptorFor(network);
  if (descriptor.connect.kind !== 'oauth2') throw invalid(`${descriptor.name} does not connect with OAuth`);
  const app = appFor(ctx, descriptor.id);
  if (!app.clientId) {
    const key = `ARALDO_${descriptor.id.toUpperCase()}_CLIENT_ID`;
    throw invalid(
      `${descriptor.name} is not set up on this Araldo: the administrator must set ${key} and its secret`,
    );
  }
  const desc = rebaseOAuth(descriptor.connect.oauth, baseUrlFor(ctx, descriptor), descriptor.defaultBaseUrl);
  const redirectUri = oauthCallbackUrl(ctx);
  const request = await authorizationRequest(
    desc,
    { clientId: app.clientId, clientSecret: app.clientSecret },
    { redirectUri },
  );
  await savePendingConnection(ctx.store.db, ctx.cipher, request.state, {
    workspaceId,
    userId: actor.userId,
    network: descriptor.id,
    codeVerifier: request.codeVerifier,
    redirectUri,
  });
  return { authorizationUrl: request.url };
}

/** Second half: the network sent the browser back; exchange, verify, save. */
export async function completeOAuthConnection(
  ctx: Context,
  callbackUrl: string,
  roleOf: (workspaceId: string, userId: string) => Promise<Actor>,
): Promise<Channel> {
  const state = new URL(callbackUrl).searchParams.get('state') ?? '';
  const pending = await takePendingConnection(ctx.store.db, ctx.cipher, state);
  if (!pending) throw invalid('This connection link has expired or was already used; start again');
  const actor = await roleOf(pending.workspaceId, pending.userId);
  ensureAllowed(actor, 'channels.manage');
  const descriptor = descriptorFor(pending.network);
  if (descriptor.connect.kind !== 'oauth2') throw invalid(`${descriptor.name} does not connect with OAuth`);
  const baseUrl = baseUrlFor(ctx, descriptor);
  const desc = rebaseOAuth(descriptor.connect.oauth, baseUrl, descriptor.defaultBaseUrl);
  const app = appFor(ctx, descriptor.id);
  try {
    const tokens = await exchangeCode(
      desc,
      { clientId: app.clientId ?? '', clientSecret: app.clientSecret },
      {
        redirectUri: pending.redirectUri,
        callbackUrl,
        state,
        codeVerifier: pending.codeVerifier,
      },
    );
    const credentials = descriptor.credentialsFromTokens
      ? await descriptor.credentialsFromTokens(tokens, { http: ctx.http, baseUrl, app })
      : { accessToken: tokens.accessToken, refreshToken: tokens.refreshToken, expiresAt: tokens.expiresAt };
    const verified = await verifyCredentials(ctx, descriptor, credentials);
    return await saveConnection(ctx, actor, pending.workspaceId, descriptor, verified, {});
  } catch (error) {
    throw connectionError(descriptor, error);
  }
}
