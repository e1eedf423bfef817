/**
 * When may we call again? Networks say it differently: `Retry-After` (seconds or a date),
 * `x-rate-limit-reset` (X, epoch seconds), `X-RateLimit-Reset` (Mastodon, ISO date),
 * `RateLimit-Reset` (Bluesky, epoch seconds). Returns epoch ms, or undefined.
 */
export function resetInstant(headers: Record<string, string | string[] | undefined>, now = Date.now()) {
  const header = (name: string) => {
    const v = headers[name] ?? headers[name.toLowerCase()];
    return Array.isArray(v) ? v[0] : v;
  };
  const retryAfter = header('retry-after');
  if (retryAfter !== undefined) {
    const seconds = Number(retryAfter);
    if (Number.isFinite(seconds)) return now + Math.max(0, seconds) * 1000;
    const date = Date.parse(retryAfter);
    if (!Number.isNaN(date)) return date;
  }
  for (const name of ['x-rate-limit-reset', 'x-ratelimit-reset', 'ratelimit-reset']) {
    const value = header(name);
    if (value === undefined) continue;
    const n = Number(value);
    if (Number.isFinite(n)) {
      // Small numbers are "seconds from now" (IETF draft); large ones are epoch seconds.
      return n < 1e9 ? now + n * 1000 : n * 1000;
    }
    const date = Date.parse(value);
    if (!Number.isNaN(date)) return date;
  }
  return undefined;
}
