import { z } from 'zod';

/** A 60-day Instagram user token (Instagram Login) and the professional account it acts for. */
export const instagramCredentials = z.object({
  accessToken: z.string().min(1),
  expiresAt: z.number().optional(),
  userId: z.string().min(1),
  username: z.string().optional(),
});
export type InstagramCredentials = z.infer<typeof instagramCredentials>;
