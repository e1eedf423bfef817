import { createHash, randomBytes } from 'node:crypto';

export const API_TOKEN_PREFIX = 'araldo_pat_';

export const randomToken = (bytes = 32): string => randomBytes(bytes).toString('base64url');

/** Tokens are high-entropy, so a plain SHA-256 is enough to make the stored value useless. */
export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

export function newApiTokenSecret() {
  const secret = API_TOKEN_PREFIX + randomToken();
  return { secret, hash: hashToken(secret), prefix: secret.slice(0, API_TOKEN_PREFIX.length + 6) };
}
