import type { OAuthDescription } from '../contract';

export const TIKTOK_BASE_URL = 'https://open.tiktokapis.com';

export const tiktokOAuth: OAuthDescription = {
  authorizationUrl: 'https://www.tiktok.com/v2/auth/authorize/',
  tokenUrl: 'https://open.tiktokapis.com/v2/oauth/token/',
  revocationUrl: 'https://open.tiktokapis.com/v2/oauth/revoke/',
  scopes: ['user.info.basic', 'user.info.profile', 'user.info.stats', 'video.publish', 'video.list'],
  // Login Kit for Web: PKCE is for desktop and mobile apps only.
  pkce: false,
  clientAuth: 'post',
  // TikTok names the client id `client_key` at authorize, token, refresh and revoke, and
  // joins scopes with commas.
  clientIdParameter: 'client_key',
  scopeSeparator: ',',
};
