import { z } from 'zod';

/**
 * What a Bluesky channel keeps: the app password to log in again when the refresh token is
 * gone (90 days, or revoked), and the current session, which refreshes rotate.
 */
export const blueskyCredentials = z.object({
  /** The account's PDS, or an entryway such as https://bsky.social. */
  service: z.url().optional(),
  identifier: z.string().min(1),
  appPassword: z.string().min(1),
  did: z.string().startsWith('did:').optional(),
  handle: z.string().optional(),
  accessJwt: z.string().optional(),
  refreshJwt: z.string().optional(),
});
export type BlueskyCredentials = z.infer<typeof blueskyCredentials>;
