/**
 * The Graph API version Facebook Pages and Instagram are called with. The changelog lists
 * v26.0 (29 July 2026) as the newest with a known support window; bump it deliberately.
 */
export const GRAPH_VERSION = 'v26.0';

/**
 * Meta's long-lived tokens last 60 days and are renewed with `*_refresh_token` (Instagram,
 * Threads) only while unexpired and at least 24 h old: renewing a week ahead keeps a channel
 * that posts weekly alive, where a 5-minute margin would let an idle one lapse.
 */
export const RENEW_AHEAD_MS = 7 * 24 * 3_600_000;
