import type { OAuthDescription } from '../contract';

export const X_DEFAULT_BASE_URL = 'https://api.x.com';

/**
 * OAuth 2 authorization code with PKCE; a confidential client authenticates with Basic at
 * the token endpoint. `offline.access` is what makes X return a refresh token.
 */
export const xOAuth: OAuthDescription = {
  authorizationUrl: 'https://x.com/i/oauth2/authorize',
  tokenUrl: 'https://api.x.com/2/oauth2/token',
  revocationUrl: 'https://api.x.com/2/oauth2/revoke',
  scopes: ['tweet.read', 'tweet.write', 'users.read', 'media.write', 'offline.access'],
  pkce: true,
  clientAuth: 'basic',
};
