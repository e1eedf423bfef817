/** Facebook Pages' Graph API origin; the Video API has its own (see video.ts). */
export const FACEBOOK_DEFAULT_BASE_URL = 'https://graph.facebook.com';
