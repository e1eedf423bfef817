type Headers = Record<string, string | string[] | undefined>;

export interface GraphUsage {
  /** The highest of call_count, total_cputime and total_time, in percent of the allowance. */
  percent: number;
  /** When Meta says the throttled side regains access (epoch ms), if it says so. */
  regainAt: number | undefined;
}

const header = (headers: Headers, name: string) => {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
};

const parse = (text: string | undefined): unknown => {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};

interface UsageEntry {
  call_count?: number;
  total_cputime?: number;
  total_time?: number;
  estimated_time_to_regain_access?: number;
}

const peak = (u: UsageEntry) => Math.max(u.call_count ?? 0, u.total_cputime ?? 0, u.total_time ?? 0);

/**
 * Reads Meta's usage headers (Graph API "Rate limiting"): `X-App-Usage` for app and user
 * tokens, `X-Page-Usage` for older page calls, and `X-Business-Use-Case-Usage` for page and
 * Instagram tokens — `{"<business id>": [{type, call_count, …, estimated_time_to_regain_access}]}`
 * where the estimate is in minutes.
 */
export function readUsage(headers: Headers, now = Date.now()): GraphUsage | undefined {
  const entries: UsageEntry[] = [];
  for (const name of ['x-app-usage', 'x-page-usage']) {
    const u = parse(header(headers, name));
    if (u && typeof u === 'object') entries.push(u as UsageEntry);
  }
  const buc = parse(header(headers, 'x-business-use-case-usage'));
  if (buc && typeof buc === 'object') {
    for (const list of Object.values(buc as Record<string, unknown>)) {
      if (Array.isArray(list)) entries.push(...(list as UsageEntry[]));
    }
  }
  if (entries.length === 0) return undefined;
  const minutes = Math.max(0, ...entries.map((e) => e.estimated_time_to_regain_access ?? 0));
  return {
    percent: Math.max(...entries.map(peak)),
    regainAt: minutes > 0 ? now + minutes * 60_000 : undefined,
  };
}

export const usageResetAt = (headers: Headers, now = Date.now()) => readUsage(headers, now)?.regainAt;
