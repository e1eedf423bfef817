import { z } from 'zod';

export const mastodonCredentials = z.object({
  accessToken: z.string().min(1),
  accountId: z.string().optional(),
});
export type MastodonCredentials = z.infer<typeof mastodonCredentials>;
