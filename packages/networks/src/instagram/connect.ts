import type { ClientOptions, Credentials, OAuthDescription, TokenSet } from '../contract';
import type { HttpClient } from '../http/http-client';
import { NetworkError } from '../http/network-error';
import { GRAPH_VERSION, GraphSession } from '../meta';
import type { InstagramCredentials } from './credentials';

/** Business Login for Instagram (the Instagram API with Instagram Login, graph.instagram.com). */
export const instagramOAuth: OAuthDescription = {
  authorizationUrl: 'https://www.instagram.com/oauth/authorize',
  tokenUrl: 'https://api.instagram.com/oauth/access_token',
  // The `business_*` scope names were retired on 2025-01-27.
  scopes: [
    'instagram_business_basic',
    'instagram_business_content_publish',
    'instagram_business_manage_comments',
    'instagram_business_manage_insights',
  ],
  pkce: false,
  clientAuth: 'post',
  scopeSeparator: ',',
};

/**
 * The code gives a one-hour token; `GET /access_token?grant_type=ig_exchange_token` turns it
 * into a 60-day one, and `/me?fields=user_id,username` names the professional account
 * (`user_id` is the id publishing endpoints take; `id` is app-scoped).
 */
export async function instagramCredentialsFromTokens(
  tokens: TokenSet,
  context: { http: HttpClient; baseUrl: string; app: ClientOptions['app'] },
): Promise<Credentials> {
  if (!context.app.clientSecret) {
    throw new NetworkError('permanent', 'Instagram needs the app secret configured to connect an account');
  }
  const graph = new GraphSession({
    http: context.http,
    origin: context.baseUrl,
    versionPath: `/${GRAPH_VERSION}`,
    network: 'Instagram',
    token: () => tokens.accessToken,
  });
  const long = await graph.plain<{ access_token: string; expires_in?: number }>(
    'GET',
    '/access_token',
    {
      grant_type: 'ig_exchange_token',
      client_secret: context.app.clientSecret,
      access_token: tokens.accessToken,
    },
    'extend the login',
  );
  const me = await graph.plain<{ id: string; user_id?: string; username?: string }>(
    'GET',
    `/${GRAPH_VERSION}/me`,
    { fields: 'user_id,username', access_token: long.access_token },
    'read the account',
  );
  const credentials: InstagramCredentials = {
    accessToken: long.access_token,
    expiresAt: long.expires_in ? Date.now() + long.expires_in * 1000 : undefined,
    userId: me.user_id ?? me.id,
    username: me.username,
  };
  return credentials;
}
