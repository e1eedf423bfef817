import { z } from 'zod';

export const xCredentials = z.object({
  accessToken: z.string().min(1),
  refreshToken: z.string().optional(),
  /** Epoch ms; X access tokens live 2 hours. */
  expiresAt: z.number().optional(),
  userId: z.string().optional(),
  username: z.string().optional(),
});
export type XCredentials = z.infer<typeof xCredentials>;
