import type { ClientOptions, OAuthDescription } from '../contract';
import type { HttpRequest, HttpResponse } from '../http/http-client';
import { oauthSession } from '../oauth/oauth-session';
import type { YouTubeCredentials } from './credentials';
import { youtubeError } from './errors';

/**
 * The channel's Google tokens (the shared OAuth session; Google does not rotate refresh
 * tokens, so the stored one is kept when the answer carries none), plus YouTube's errors.
 */
export function youtubeSession(
  options: ClientOptions,
  initial: YouTubeCredentials,
  oauth: OAuthDescription,
  defaultBaseUrl: string,
) {
  const session = oauthSession({ network: 'YouTube', options, credentials: initial, oauth, defaultBaseUrl });
  return {
    get credentials() {
      return session.credentials;
    },
    send: session.send,
    /** Sends and turns any status ≥ 400 into a classified NetworkError. */
    async call(req: HttpRequest, doing: string): Promise<HttpResponse> {
      const response = await session.send(req);
      if (response.status >= 400) throw youtubeError(response, doing);
      return response;
    },
    remember: session.remember,
  };
}

export type YouTubeSession = ReturnType<typeof youtubeSession>;
