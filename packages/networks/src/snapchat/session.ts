import type { ClientOptions } from '../contract';
import type { HttpRequest } from '../http/http-client';
import { oauthSession } from '../oauth/oauth-session';
import type { SnapchatCredentials } from './credentials';
import { type SnapBody, snapchatError } from './errors';
import { SNAPCHAT_BASE_URL, snapchatOAuth } from './oauth';

/** Snap access tokens last an hour (the shared OAuth session), plus Snap's answer format. */
export function snapchatSession(options: ClientOptions, initial: SnapchatCredentials) {
  const session = oauthSession({
    network: 'Snapchat',
    options,
    credentials: initial,
    oauth: snapchatOAuth,
    defaultBaseUrl: SNAPCHAT_BASE_URL,
  });
  return {
    get credentials() {
      return session.credentials;
    },
    remember: session.remember,
    /** Sends; an HTTP error or `request_status: ERROR` becomes a classified NetworkError. */
    async call<T = unknown>(req: HttpRequest, doing: string): Promise<T & SnapBody> {
      const response = await session.send(req);
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
