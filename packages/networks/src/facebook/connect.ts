import type { ClientOptions, Credentials, OAuthDescription, TokenSet } from '../contract';
import type { HttpClient } from '../http/http-client';
import { NetworkError } from '../http/network-error';
import { GRAPH_VERSION, GraphSession } from '../meta';
import type { FacebookCredentials } from './credentials';

export const facebookOAuth: OAuthDescription = {
  authorizationUrl: `https://www.facebook.com/${GRAPH_VERSION}/dialog/oauth`,
  tokenUrl: `https://graph.facebook.com/${GRAPH_VERSION}/oauth/access_token`,
  scopes: [
    'pages_show_list',
    'pages_manage_posts',
    'pages_read_engagement',
    'pages_manage_engagement',
    'read_insights',
  ],
  // Facebook Login's manual flow documents no PKCE for web apps; the app secret authenticates.
  pkce: false,
  clientAuth: 'post',
  scopeSeparator: ',',
};

/**
 * The code gives a short-lived user token (about an hour). It is exchanged for a long-lived
 * one (`grant_type=fb_exchange_token`, ~60 days), which lists the Pages the person manages
 * with a Page token each (`/me/accounts`; such Page tokens do not expire). The Page is the one
 * named by `page_id` in the token answer's extras when the caller put it there, else the first.
 */
export async function facebookCredentialsFromTokens(
  tokens: TokenSet,
  context: { http: HttpClient; baseUrl: string; app: ClientOptions['app'] },
): Promise<Credentials> {
  const { clientId, clientSecret } = context.app;
  if (!clientId || !clientSecret) {
    throw new NetworkError('permanent', 'Facebook needs the app id and secret configured to connect a Page');
  }
  const graph = new GraphSession({
    http: context.http,
    origin: context.baseUrl,
    versionPath: `/${GRAPH_VERSION}`,
    network: 'Facebook',
    token: () => tokens.accessToken,
  });
  const long = await graph.plain<{ access_token: string; expires_in?: number }>(
    'GET',
    `/${GRAPH_VERSION}/oauth/access_token`,
    {
      grant_type: 'fb_exchange_token',
      client_id: clientId,
      client_secret: clientSecret,
      fb_exchange_token: tokens.accessToken,
    },
    'extend the login',
  );
  const pages = await graph.plain<{ data: { id: string; name: string; access_token?: string }[] }>(
    'GET',
    `/${GRAPH_VERSION}/me/accounts`,
    { fields: 'id,name,access_token', access_token: long.access_token },
    'list the Pages',
  );
  const wanted = typeof tokens.raw.page_id === 'string' ? tokens.raw.page_id : undefined;
  const page = wanted ? pages.data.find((p) => p.id === wanted) : pages.data[0];
  if (!page?.access_token) {
    throw new NetworkError(
      'permanent',
      wanted
        ? 'This Facebook login cannot manage the chosen Page'
        : 'This Facebook login manages no Page; Araldo publishes to Pages only',
    );
  }
  const credentials: FacebookCredentials = {
    accessToken: page.access_token,
    pageId: page.id,
    pageName: page.name,
    userAccessToken: long.access_token,
    userTokenExpiresAt: long.expires_in ? Date.now() + long.expires_in * 1000 : undefined,
  };
  return credentials;
}
