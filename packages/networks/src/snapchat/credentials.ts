import { z } from 'zod';

export const snapchatCredentials = z.object({
  accessToken: z.string().min(1),
  refreshToken: z.string().optional(),
  /** Epoch ms. */
  expiresAt: z.number().optional(),
  profileId: z.string().optional(),
});
export type SnapchatCredentials = z.infer<typeof snapchatCredentials>;
