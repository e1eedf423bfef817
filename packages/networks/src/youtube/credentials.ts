import { z } from 'zod';

export const youtubeCredentials = z.object({
  accessToken: z.string().min(1),
  refreshToken: z.string().optional(),
  /** Epoch ms. */
  expiresAt: z.number().optional(),
  channelId: z.string().optional(),
  uploadsPlaylistId: z.string().optional(),
});
export type YouTubeCredentials = z.infer<typeof youtubeCredentials>;
