import { z } from 'zod';

/** A 60-day Threads user token (renewed with th_refresh_token) and the profile it acts for. */
export const threadsCredentials = z.object({
  accessToken: z.string().min(1),
  expiresAt: z.number().optional(),
  userId: z.string().min(1),
  username: z.string().optional(),
});
export type ThreadsCredentials = z.infer<typeof threadsCredentials>;
