import { createHmac, timingSafeEqual } from 'node:crypto';

const hmac = (secret: string, data: string | Buffer) =>
  `sha256=${createHmac('sha256', secret).update(data).digest('base64')}`;

/**
 * Account Activity API: each event carries `x-twitter-webhooks-signature: sha256=` +
 * base64(HMAC-SHA256(consumer secret, raw body)); compared in constant time.
 */
export function verifyXWebhook(request: {
  headers: Record<string, string | undefined>;
  rawBody: Buffer;
  secret: string;
}): boolean {
  const given = request.headers['x-twitter-webhooks-signature'];
  if (!given) return false;
  const expected = Buffer.from(hmac(request.secret, request.rawBody));
  const actual = Buffer.from(given);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/**
 * The challenge-response check X sends to a webhook (`GET ?crc_token=T`), at registration
 * and hourly: answer `{response_token}` or X disables the webhook.
 */
export function xCrcResponse(crcToken: string, consumerSecret: string): { response_token: string } {
  return { response_token: hmac(consumerSecret, crcToken) };
}
