import { z } from 'zod';

/**
 * A Page token (from `/me/accounts` with a long-lived user token: it does not expire) and the
 * long-lived user token it came from (~60 days), kept to fetch a fresh Page token if Meta
 * invalidates the old one (password change, security checkpoint).
 */
export const facebookCredentials = z.object({
  accessToken: z.string().min(1),
  pageId: z.string().min(1),
  pageName: z.string().optional(),
  userAccessToken: z.string().optional(),
  userTokenExpiresAt: z.number().optional(),
  expiresAt: z.number().optional(),
});
export type FacebookCredentials = z.infer<typeof facebookCredentials>;
