import type { ClientOptions, Credentials } from '../contract';
import type { HttpRequest, HttpResponse } from '../http/http-client';
import { NetworkError } from '../http/network-error';
import { rebaseOAuth, refreshAccessToken } from '../oauth/oauth-flow';
import type { TikTokCredentials } from './credentials';
import { type TikTokBody, tiktokFailure } from './errors';
import { TIKTOK_BASE_URL, tiktokOAuth } from './oauth';

const EARLY_REFRESH_MS = 5 * 60_000;

const expired = () =>
  new NetworkError('auth_expired', "TikTok no longer accepts this channel's token; reconnect the channel");

/**
 * The channel's TikTok tokens, refreshed within 5 minutes of expiry and once after a 401.
 * TikTok rotates refresh tokens (the old one stops working), so every refresh is handed to
 * `onCredentials` at once; the refresh itself is the generic grant sent with `client_key`.
 */
export function tiktokSession(options: ClientOptions, initial: TikTokCredentials) {
  let credentials = initial;
  let refreshing: Promise<void> | null = null;

  async function refreshOnce(): Promise<void> {
    const { clientId, clientSecret } = options.app;
    if (!credentials.refreshToken || !clientId) throw expired();
    let tokens: Awaited<ReturnType<typeof refreshAccessToken>>;
    try {
      tokens = await refreshAccessToken(
        rebaseOAuth(tiktokOAuth, options.baseUrl, TIKTOK_BASE_URL),
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
    // access_token_invalid (401): the request was not processed, so a second send is safe.
    await refresh();
    return options.http.request(signed());
  }

  return {
    get credentials() {
      return credentials;
    },
    send,
    /** Sends, and returns the answer when TikTok says `ok`; anything else becomes a NetworkError. */
    async call<T>(req: HttpRequest, doing: string): Promise<{ data: T; raw: string }> {
      const response = await send(req);
      let body: TikTokBody<T> = {};
      try {
        body = response.json<TikTokBody<T>>();
      } catch {
        // not JSON
      }
      if (response.status >= 400 || body.error?.code !== 'ok')
        throw tiktokFailure(response.status, response.headers, body, doing);
      return { data: body.data as T, raw: response.text() };
    },
  };
}

export type TikTokSession = ReturnType<typeof tiktokSession>;
