import { z } from 'zod';

export const pinterestCredentials = z.object({
  accessToken: z.string().min(1),
  /** Continuous refresh tokens: 60 days, renewed with every refresh. */
  refreshToken: z.string().optional(),
  expiresAt: z.number().optional(),
  username: z.string().optional(),
  /** Where reconciliation looks when a delivery's journal has no board (the last used). */
  defaultBoardId: z.string().optional(),
});
export type PinterestCredentials = z.infer<typeof pinterestCredentials>;
