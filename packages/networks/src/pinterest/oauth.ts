import type { OAuthDescription } from '../contract';

export const PINTEREST_DEFAULT_BASE_URL = 'https://api.pinterest.com';

/**
 * Pinterest OAuth: the client authenticates with HTTP Basic at /v5/oauth/token and scopes
 * are comma-separated. No revocation endpoint is documented.
 */
export const pinterestOAuth: OAuthDescription = {
  authorizationUrl: 'https://www.pinterest.com/oauth/',
  tokenUrl: 'https://api.pinterest.com/v5/oauth/token',
  scopes: ['boards:read', 'pins:read', 'pins:write', 'user_accounts:read'],
  scopeSeparator: ',',
  pkce: false,
  clientAuth: 'basic',
};
