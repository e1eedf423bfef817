import { z } from 'zod';

export const tiktokCredentials = z.object({
  accessToken: z.string().min(1),
  refreshToken: z.string().optional(),
  /** Epoch ms. */
  expiresAt: z.number().optional(),
  openId: z.string().optional(),
});
export type TikTokCredentials = z.infer<typeof tiktokCredentials>;
