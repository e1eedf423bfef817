import { randomUUID } from 'node:crypto';
import { IANAZone } from 'luxon';
import { z } from 'zod';

export const SANDBOX_LANGUAGES = ['en', 'it'] as const;
export type SandboxLanguage = (typeof SANDBOX_LANGUAGES)[number];

export const sandboxAudience = z.object({
  /** People who follow the account when it is connected. */
  size: z.number().int().min(1).max(100_000).default(2_000),
  /** Where the audience lives: its waking hours decide when it reacts. */
  timeZone: z.string().refine((zone) => IANAZone.isValidZone(zone), 'not a known IANA time zone'),
  language: z.enum(SANDBOX_LANGUAGES).default('en'),
  /**
   * Simulated seconds per real second. 60 lets a newcomer watch an hour of reactions in a
   * minute; 1 behaves like a real network.
   */
  speed: z.number().positive().max(1_000_000).default(60),
});

export const sandboxCredentials = z.object({
  // The account id names a folder in the state directory, so it is kept to safe characters.
  accountId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'letters, digits, - and _ only'),
  handle: z.string().min(2),
  displayName: z.string().min(1),
  audience: sandboxAudience,
});
export type SandboxCredentials = z.infer<typeof sandboxCredentials>;

const slug = (name: string) =>
  name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '')
    .slice(0, 30) || 'yourbrand';

/** Credentials for a new sandbox channel: nothing to sign up for, one click to connect. */
export function createSandboxCredentials(o: {
  name?: string | undefined;
  timeZone: string;
  language?: SandboxLanguage | undefined;
}): SandboxCredentials {
  const displayName = o.name?.trim() || 'Your brand';
  return sandboxCredentials.parse({
    accountId: randomUUID(),
    handle: `@${slug(o.name ?? '')}.sandbox`,
    displayName,
    audience: { timeZone: o.timeZone, language: o.language ?? 'en' },
  });
}
