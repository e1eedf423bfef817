import type { OAuthDescription } from '../contract';

export const SNAPCHAT_BASE_URL = 'https://businessapi.snapchat.com';

// Snap Kit / Marketing API OAuth: the app is made in Snap Business Manager and allowlisted
// for the Public Profile API; Snap documents no revocation endpoint.
export const snapchatOAuth: OAuthDescription = {
  authorizationUrl: 'https://accounts.snapchat.com/login/oauth2/authorize',
  tokenUrl: 'https://accounts.snapchat.com/login/oauth2/access_token',
  scopes: ['snapchat-profile-api'],
  pkce: false,
  clientAuth: 'post',
};
