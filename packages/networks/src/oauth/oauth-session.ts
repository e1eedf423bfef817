import type { ClientOptions, Credentials, OAuthDescription } from '../contract';
import type { HttpRequest, HttpResponse } from '../http/http-client';
import { NetworkError } from '../http/network-error';
import { rebaseOAuth, refreshAccessToken } from './oauth-flow';

const EARLY_REFRESH_MS = 5 * 60_000;

interface TokenCredentials {
  accessToken: string;
  refreshToken?: string | undefined;
  expiresAt?: number | undefined;
}

/**
 * Holds one channel's OAuth tokens: refreshes them when they are about to expire and once
 * after a 401 (a 401 means the request was not processed, so sending it again is safe),
 * hands the new ones to `onCredentials`, and says "reconnect" when refresh fails. Concurrent
 * callers share one refresh: networks that rotate refresh tokens (X, TikTok, Snapchat) accept
 * each refresh token once.
 */
export function oauthSession<C extends TokenCredentials>(o: {
  network: string;
  options: ClientOptions;
  credentials: C;
  oauth: OAuthDescription;
  defaultBaseUrl: string;
}) {
  let credentials = o.credentials;
  let refreshing: Promise<void> | null = null;
  const expired = () =>
    new NetworkError(
      'auth_expired',
      `${o.network} no longer accepts this channel's token; reconnect the channel`,
    );

  async function refreshOnce(): Promise<void> {
    const { clientId, clientSecret } = o.options.app;
    if (!credentials.refreshToken || !clientId) throw expired();
    let tokens: Awaited<ReturnType<typeof refreshAccessToken>>;
    try {
      tokens = await refreshAccessToken(
        rebaseOAuth(o.oauth, o.options.baseUrl, o.defaultBaseUrl),
        { clientId, clientSecret },
        credentials.refreshToken,
      );
    } catch (error) {
      // A network that cannot be reached is worth another try; anything else means reconnect.
      if (
        error instanceof NetworkError &&
        (error.failure === 'transient' || error.failure === 'rate_limited')
      )
        throw error;
      throw expired();
    }
    credentials = {
      ...credentials,
      accessToken: tokens.accessToken,
      refreshToken: tokens.refreshToken ?? credentials.refreshToken,
      expiresAt: tokens.expiresAt,
    };
    await o.options.onCredentials(credentials as Credentials);
  }

  const refresh = () => {
    refreshing ??= refreshOnce().finally(() => {
      refreshing = null;
    });
    return refreshing;
  };

  return {
    get credentials() {
      return credentials;
    },
    /** Keeps what the adapter learned about the account (a profile id) for later calls. */
    remember(update: Partial<C>) {
      credentials = { ...credentials, ...update };
    },
    /** Sends with a fresh bearer token; a 401 gets one refresh and one more try. */
    async send(req: HttpRequest): Promise<HttpResponse> {
      // Without a refresh token the current one is used to its end; the network's 401 decides.
      const expiring =
        credentials.expiresAt !== undefined && credentials.expiresAt - Date.now() < EARLY_REFRESH_MS;
      if (expiring && credentials.refreshToken) await refresh();
      const withToken = () => ({
        ...req,
        headers: { ...req.headers, authorization: `Bearer ${credentials.accessToken}` },
      });
      const response = await o.options.http.request(withToken());
      if (response.status !== 401 || !credentials.refreshToken) return response;
      await refresh();
      return o.options.http.request(withToken());
    },
  };
}

export type OAuthSession = ReturnType<typeof oauthSession>;
