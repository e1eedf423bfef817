import type { ClientOptions } from '../contract';
import { NetworkError } from '../http/network-error';
import { GraphSession } from './graph-session';
import { RENEW_AHEAD_MS } from './version';

export interface LongLivedCredentials {
  accessToken: string;
  expiresAt?: number | undefined;
}

/**
 * A Graph session on a 60-day token that renews itself with `GET /refresh_access_token?
 * grant_type=ig_refresh_token|th_refresh_token` (Instagram Login, Threads): ahead of expiry,
 * and once when the network rejects the token; the new token is handed to `onCredentials`.
 */
export function longLivedSession<C extends LongLivedCredentials>(o: {
  options: ClientOptions;
  credentials: C;
  versionPath: string;
  network: string;
  grantType: 'ig_refresh_token' | 'th_refresh_token';
}): GraphSession {
  const { credentials, network } = o;
  const session: GraphSession = new GraphSession({
    http: o.options.http,
    origin: o.options.baseUrl,
    versionPath: o.versionPath,
    network,
    token: () => credentials.accessToken,
    stale: () => credentials.expiresAt !== undefined && credentials.expiresAt - Date.now() < RENEW_AHEAD_MS,
    expired: () => credentials.expiresAt !== undefined && credentials.expiresAt <= Date.now(),
    async renew() {
      const fresh = await session
        .plain<{ access_token: string; expires_in?: number }>(
          'GET',
          '/refresh_access_token',
          { grant_type: o.grantType, access_token: credentials.accessToken },
          'renew the access token',
        )
        .catch((error: unknown) => {
          if (
            error instanceof NetworkError &&
            (error.failure === 'transient' || error.failure === 'rate_limited')
          )
            throw error;
          throw new NetworkError(
            'auth_expired',
            `${network} would not renew this channel's access token; reconnect the channel`,
            { cause: error },
          );
        });
      credentials.accessToken = fresh.access_token;
      credentials.expiresAt = fresh.expires_in ? Date.now() + fresh.expires_in * 1000 : undefined;
      await o.options.onCredentials({ ...credentials } as Record<string, unknown>);
    },
  });
  return session;
}
