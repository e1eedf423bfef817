import type { ClientOptions, Credentials, OAuthDescription, TokenSet } from '../contract';
import type { HttpClient } from '../http/http-client';
import { NetworkError } from '../http/network-error';
import { GraphSession } from '../meta';
import type { ThreadsCredentials } from './credentials';

export const THREADS_VERSION = 'v1.0';

export const threadsOAuth: OAuthDescription = {
  // The guide now shows threads.com; threads.net still answers.
  authorizationUrl: 'https://threads.com/oauth/authorize',
  tokenUrl: 'https://graph.threads.net/oauth/access_token',
  scopes: [
    'threads_basic',
    'threads_content_publish',
    'threads_read_replies',
    'threads_manage_replies',
    'threads_manage_insights',
  ],
  pkce: false,
  clientAuth: 'post',
  scopeSeparator: ',',
};

/** One-hour token → `GET /access_token?grant_type=th_exchange_token` (60 days) → `/me`. */
export async function threadsCredentialsFromTokens(
  tokens: TokenSet,
  context: { http: HttpClient; baseUrl: string; app: ClientOptions['app'] },
): Promise<Credentials> {
  if (!context.app.clientSecret) {
    throw new NetworkError('permanent', 'Threads needs the app secret configured to connect a profile');
  }
  const graph = new GraphSession({
    http: context.http,
    origin: context.baseUrl,
    versionPath: `/${THREADS_VERSION}`,
    network: 'Threads',
    token: () => tokens.accessToken,
  });
  const long = await graph.plain<{ access_token: string; expires_in?: number }>(
    'GET',
    '/access_token',
    {
      grant_type: 'th_exchange_token',
      client_secret: context.app.clientSecret,
      access_token: tokens.accessToken,
    },
    'extend the login',
  );
  const me = await graph.plain<{ id: string; username?: string }>(
    'GET',
    `/${THREADS_VERSION}/me`,
    { fields: 'id,username,name', access_token: long.access_token },
    'read the profile',
  );
  const credentials: ThreadsCredentials = {
    accessToken: long.access_token,
    expiresAt: long.expires_in ? Date.now() + long.expires_in * 1000 : undefined,
    userId: me.id,
    username: me.username,
  };
  return credentials;
}
