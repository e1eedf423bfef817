import { z } from 'zod';

export const linkedinCredentials = z.object({
  accessToken: z.string().min(1),
  /** Only partner apps get refresh tokens; they live 365 days from the first grant. */
  refreshToken: z.string().optional(),
  /** Epoch ms; access tokens live 60 days. */
  expiresAt: z.number().optional(),
  /** `urn:li:person:{sub}` of the member who connected. */
  personUrn: z.string().optional(),
  /** Set when the channel posts as a company page the member administers. */
  organizationUrn: z.string().optional(),
  name: z.string().optional(),
});
export type LinkedInCredentials = z.infer<typeof linkedinCredentials>;
