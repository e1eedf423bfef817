import { createHmac, timingSafeEqual } from 'node:crypto';

type Headers = Record<string, string | undefined>;

const equal = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

const hex = (algorithm: string, secret: string, data: string | Buffer) =>
  createHmac(algorithm, secret).update(data).digest('hex');

/**
 * TikTok (developers.tiktok.com, "Check the signature"): `TikTok-Signature: t=<unix>,s=<hex>`
 * where s = HMAC-SHA256(client secret, "<t>.<raw body>"); an old timestamp is a replay.
 */
export function verifyTikTokSignature(
  request: { headers: Headers; rawBody: Buffer; secret: string },
  now = Date.now(),
  toleranceSeconds = 300,
): boolean {
  const header = request.headers['tiktok-signature'];
  if (!header) return false;
  const parts = Object.fromEntries(header.split(',').map((p) => p.split('=', 2) as [string, string]));
  const t = Number(parts.t);
  if (!parts.s || !Number.isFinite(t) || Math.abs(now / 1000 - t) > toleranceSeconds) return false;
  return equal(parts.s, hex('sha256', request.secret, `${parts.t}.${request.rawBody.toString('utf8')}`));
}

/** LinkedIn: `X-LI-Signature` = hex HMAC-SHA256(client secret, raw body); a `hmacsha256=` prefix is tolerated. */
export function verifyLinkedInSignature(request: {
  headers: Headers;
  rawBody: Buffer;
  secret: string;
}): boolean {
  const header = request.headers['x-li-signature'];
  if (!header) return false;
  return equal(header.replace(/^hmacsha256=/i, ''), hex('sha256', request.secret, request.rawBody));
}

/**
 * YouTube pushes through WebSub (PubSubHubbub): `X-Hub-Signature: <method>=<hex HMAC of the
 * raw body with the subscription's hub.secret>`, method sha1 (the spec also allows sha256+).
 */
export function verifyWebSubSignature(request: {
  headers: Headers;
  rawBody: Buffer;
  secret: string;
}): boolean {
  const header = request.headers['x-hub-signature'];
  const match = header ? /^(sha1|sha256|sha384|sha512)=([0-9a-f]+)$/i.exec(header) : null;
  if (!match) return false;
  return equal(match[2]!.toLowerCase(), hex(match[1]!.toLowerCase(), request.secret, request.rawBody));
}
