import type { OAuthDescription } from '../contract';

export const YOUTUBE_BASE_URL = 'https://www.googleapis.com';

export const youtubeOAuth: OAuthDescription = {
  authorizationUrl: 'https://accounts.google.com/o/oauth2/v2/auth',
  tokenUrl: 'https://oauth2.googleapis.com/token',
  revocationUrl: 'https://oauth2.googleapis.com/revoke',
  scopes: [
    'https://www.googleapis.com/auth/youtube.upload',
    'https://www.googleapis.com/auth/youtube.force-ssl',
  ],
  pkce: true,
  clientAuth: 'post',
  // Google hands out a refresh token only with offline access, and again on a repeated
  // connection only when consent is asked anew.
  extraAuthorizationParams: { access_type: 'offline', prompt: 'consent', include_granted_scopes: 'true' },
};
