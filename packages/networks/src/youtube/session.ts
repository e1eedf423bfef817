import type { ClientOptions, Credentials, OAuthDescription } from '../contract';
import type { HttpRequest, HttpResponse } from '../http/http-client';
import { NetworkError } from '../http/network-error';
import { rebaseOAuth, refreshAccessToken } from '../oauth/oauth-flow';
import type { YouTubeCredentials } from './credentials';
import { youtubeError } from './errors';

const EARLY_REFRESH_MS = 5 * 60_000;

const expired = () =>
  new NetworkError('auth_expired', "YouTube no longer accepts this channel's token; reconnect the channel");

/**
 * The channel's Google tokens: refreshed when within 5 minutes of expiry and once after a
 * 401. Google does not rotate refresh tokens, so the stored one is kept when the answer
 * carries none (oauth-flow does that).
 */
export function youtubeSession(
  options: ClientOptions,
  initial: YouTubeCredentials,
  oauth: OAuthDescription,
  defaultBaseUrl: string,
) {
  let credentials = initial;
  let refreshing: Promise<void> | null = null;

  async function refreshOnce(): Promise<void> {
    const { clientId, clientSecret } = options.app;
    if (!credentials.refreshToken || !clientId) throw expired();
    let tokens: Awaited<ReturnType<typeof refreshAccessToken>>;
    try {
      tokens = await refreshAccessToken(
        rebaseOAuth(oauth, options.baseUrl, defaultBaseUrl),
        { clientId, clientSecret },
        credentials.refreshToken,
      );
    } catch (error) {
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
    await options.onCredentials(credentials as Credentials);
  }

  // Concurrent calls that all find the token stale share one refresh.
  const refresh = () => {
    refreshing ??= refreshOnce().finally(() => {
      refreshing = null;
    });
    return refreshing;
  };

  async function send(req: HttpRequest): Promise<HttpResponse> {
    if (credentials.expiresAt !== undefined && credentials.expiresAt - Date.now() < EARLY_REFRESH_MS)
      await refresh();
    const signed = () => ({
      ...req,
      headers: { ...req.headers, authorization: `Bearer ${credentials.accessToken}` },
    });
    const response = await options.http.request(signed());
    if (response.status !== 401) return response;
    // A 401 means the request was not processed, so sending it again cannot duplicate it.
    await refresh();
    return options.http.request(signed());
  }

  return {
    get credentials() {
      return credentials;
    },
    send,
    /** Sends and turns any status ≥ 400 into a classified NetworkError. */
    async call(req: HttpRequest, doing: string): Promise<HttpResponse> {
      const response = await send(req);
      if (response.status >= 400) throw youtubeError(response, doing);
      return response;
    },
    remember(update: Partial<YouTubeCredentials>) {
      credentials = { ...credentials, ...update };
    },
  };
}

export type YouTubeSession = ReturnType<typeof youtubeSession>;
