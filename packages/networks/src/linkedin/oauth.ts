import type { OAuthDescription } from '../contract';

export const LINKEDIN_DEFAULT_BASE_URL = 'https://api.linkedin.com';

/**
 * Versioned REST APIs need `LinkedIn-Version: YYYYMM`; LinkedIn supports each version for
 * about a year, so this moves forward with the adapter.
 */
export const LINKEDIN_VERSION = '202510';

/**
 * LinkedIn's 3-legged flow: the client id and secret go in the token request's form body.
 * `openid profile` give /v2/userinfo (the member's id); company pages need the
 * Community Management product's `w_organization_social r_organization_social`.
 */
export const linkedinOAuth: OAuthDescription = {
  authorizationUrl: 'https://www.linkedin.com/oauth/v2/authorization',
  tokenUrl: 'https://www.linkedin.com/oauth/v2/accessToken',
  revocationUrl: 'https://www.linkedin.com/oauth/v2/revoke',
  scopes: ['openid', 'profile', 'w_member_social'],
  pkce: false,
  clientAuth: 'post',
};
