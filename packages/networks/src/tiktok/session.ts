import type { ClientOptions } from '../contract';
import type { HttpRequest } from '../http/http-client';
import { oauthSession } from '../oauth/oauth-session';
import type { TikTokCredentials } from './credentials';
import { type TikTokBody, tiktokFailure } from './errors';
import { TIKTOK_BASE_URL, tiktokOAuth } from './oauth';

/**
 * The channel's TikTok tokens (the shared OAuth session: TikTok rotates refresh tokens and
 * the refresh is the generic grant sent with `client_key`), plus TikTok's own answer format.
 */
export function tiktokSession(options: ClientOptions, initial: TikTokCredentials) {
  const session = oauthSession({
    network: 'TikTok',
    options,
    credentials: initial,
    oauth: tiktokOAuth,
    defaultBaseUrl: TIKTOK_BASE_URL,
  });
  return {
    get credentials() {
      return session.credentials;
    },
    send: session.send,
    /** Sends, and returns the answer when TikTok says `ok`; anything else becomes a NetworkError. */
    async call<T>(req: HttpRequest, doing: string): Promise<{ data: T; raw: string }> {
      const response = await session.send(req);
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
