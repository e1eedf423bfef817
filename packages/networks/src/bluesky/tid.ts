import { randomInt } from 'node:crypto';

const ALPHABET = '234567abcdefghijklmnopqrstuvwxyz';

// One clock id per process; together with strictly increasing microseconds it keeps every TID
// this process makes unique, even for a thread published within one millisecond.
const clockId = BigInt(randomInt(0, 1024));
let lastMicros = 0n;

/**
 * A record key in the TID form atproto.com/specs/tid describes: 53 bits of microseconds since
 * the epoch and a 10-bit clock id, base32-sortable, 13 characters. Posts must use one (any
 * other key → 400 InvalidRequest "Invalid TID string").
 */
export function nextTid(now: number = Date.now()): string {
  let micros = BigInt(now) * 1000n;
  if (micros <= lastMicros) micros = lastMicros + 1n;
  lastMicros = micros;
  let n = (micros << 10n) | clockId;
  let out = '';
  for (let i = 0; i < 13; i++) {
    out = ALPHABET[Number(n & 31n)] + out;
    n >>= 5n;
  }
  return out;
}

export const isTid = (key: string) => /^[234567a-j][234567a-z]{12}$/.test(key);
