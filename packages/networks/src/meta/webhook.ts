import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Meta signs every webhook delivery: `X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw
 * body, keyed with the app secret>` (Webhooks "Event notifications"). Checked before parsing.
 */
export function verifyMetaSignature(request: {
  headers: Record<string, string | undefined>;
  rawBody: Buffer;
  secret: string;
}): boolean {
  const given = request.headers['x-hub-signature-256'] ?? request.headers['X-Hub-Signature-256'];
  const hex = /^sha256=([0-9a-f]{64})$/i.exec(given ?? '')?.[1];
  if (!hex) return false;
  const expected = createHmac('sha256', request.secret).update(request.rawBody).digest();
  return timingSafeEqual(Buffer.from(hex.toLowerCase(), 'hex'), expected);
}

/**
 * The subscription handshake: Meta calls `GET ?hub.mode=subscribe&hub.challenge=C&hub.verify_token=V`
 * and expects 200 with body C when V is the token we chose; anything else is refused.
 */
export function answerMetaChallenge(query: URLSearchParams, verifyToken: string): string | null {
  if (query.get('hub.mode') !== 'subscribe') return null;
  const given = Buffer.from(query.get('hub.verify_token') ?? '');
  const wanted = Buffer.from(verifyToken);
  if (given.length !== wanted.length || !timingSafeEqual(given, wanted)) return null;
  return query.get('hub.challenge');
}
