import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * The signature scheme, in the shape Stripe made familiar: the receiver recomputes
 * HMAC-SHA256(secret, "<t>.<raw body>") and compares. Binding the timestamp into the MAC
 * lets receivers refuse replays older than a few minutes. docs/webhooks.md has the recipe.
 */
export const SIGNATURE_VERSION = 'v1';

/** `whsec_` tells people what the string is when they find it in a config file. */
export const newWebhookSecret = (): string => `whsec_${randomBytes(32).toString('base64url')}`;

const mac = (secret: string, timestamp: number, body: string) =>
  createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');

export function signWebhook(secret: string, body: string, timestamp: number): string {
  return `t=${timestamp},${SIGNATURE_VERSION}=${mac(secret, timestamp, body)}`;
}

/** What a receiver written in TypeScript would do; kept here for tests and the CLI. */
export function verifyWebhookSignature(
  secret: string,
  body: string,
  header: string,
  options: { toleranceSeconds?: number; now?: number } = {},
): boolean {
  const parts = new Map(
    header.split(',').map((p) => {
      const at = p.indexOf('=');
      return [p.slice(0, at).trim(), p.slice(at + 1).trim()] as const;
    }),
  );
  const timestamp = Number(parts.get('t'));
  const given = parts.get(SIGNATURE_VERSION);
  if (!Number.isInteger(timestamp) || !given) return false;
  const now = Math.floor((options.now ?? Date.now()) / 1000);
  if (Math.abs(now - timestamp) > (options.toleranceSeconds ?? 300)) return false;
  const expected = Buffer.from(mac(secret, timestamp, body), 'utf8');
  const actual = Buffer.from(given, 'utf8');
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
