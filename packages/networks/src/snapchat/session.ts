import type { ClientOptions, Credentials } from '../contract';
import type { HttpRequest, HttpResponse } from '../http/http-client';
import { NetworkError } from '../http/network-error';
import { rebaseOAuth, refreshAccessToken } from '../oauth/oauth-flow';
import type { SnapchatCredentials } from './credentials';
import { type SnapBody, snapchatError } from './errors';
import { SNAPCHAT_BASE_URL, snapchatOAuth } from './oauth';

const EARLY_REFRESH_MS = 5 * 60_000;

const expired = () =>
  new NetworkError('auth_expired', "Snapchat no longer accepts this channel's token; reconnect the channel");

/** Snap access tokens last an hour: refreshed within 5 minutes of expiry and once after a 401. */
export function snapchatSession(options: ClientOptions, initial: SnapchatCredentials) {
  let credentials = initial;
  let refreshing: Promise<void> | null = null;

  async function refreshOnce(): Promise<void> {
    const { clientId, clientSecret } = options.app;
    if (!credentials.refreshToken || !clientId) throw expired();
    let tokens: Awaited<ReturnType<typeof refreshAccessToken>>;
    try {
      tokens = await refreshAccessToken(
        rebaseOAuth(snapchatOAuth, options.baseUrl, SNAPCHAT_BASE_URL),
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
      // Snap may hand out a new refresh token; the old one then stops working.
      refreshToken: tokens.refreshToken ?? credentials.refreshToken,
      expiresAt: tokens.expiresAt,
    };
    await options.onCredentials(credentials as Credentials);
  }

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
    await refresh();
    return options.http.request(signed());
  }

  return {
    get credentials() {
      return credentials;
    },
    remember(update: Partial<SnapchatCredentials>) {
      credentials = { ...credentials, ...update };
    },
    /** Sends; an HTTP error or `request_status: ERROR` becomes a classified NetworkError. */
    async call<T = unknown>(req: HttpRequest, doing: string): Promise<T & SnapBody> {
      const response = await send(req);
      let body = {} as T & SnapBody;
      try {
        body = response.json<T & SnapBody>();
      } catch {
        // empty or not JSON
      }
      if (response.status >= 400 || body.request_status?.toUpperCase() === 'ERROR')
        throw snapchatError(response, doing);
      return body;
    },
  };
}

export type SnapchatSession = ReturnType<typeof snapchatSession>;
