import { DateTime } from 'luxon';
import type { HttpResponse } from '../http/http-client';
import { classifyStatus, NetworkError } from '../http/network-error';
import { resetInstant } from '../http/rate-limit';
import { redact } from '../http/redact';

interface GoogleError {
  error?: {
    code?: number;
    message?: string;
    errors?: { domain?: string; reason?: string; message?: string }[];
  };
}

/** The daily quota resets at midnight Pacific time (YouTube Data API quota docs). */
export function nextPacificMidnight(now = Date.now()): number {
  return DateTime.fromMillis(now, { zone: 'America/Los_Angeles' })
    .plus({ days: 1 })
    .startOf('day')
    .toMillis();
}

const QUOTA = new Set(['quotaExceeded', 'dailyLimitExceeded']);
const RATE = new Set(['rateLimitExceeded', 'userRateLimitExceeded', 'uploadRateLimitExceeded']);

/**
 * Google answers `{error:{code,message,errors:[{domain,reason,message}]}}`. The reason, not
 * the status, tells a spent daily quota (403 quotaExceeded: wait for Pacific midnight) from
 * short-term throttling (403/429 rateLimitExceeded: back off) from a real refusal.
 */
export function youtubeError(response: HttpResponse, doing: string): NetworkError {
  let body: GoogleError = {};
  try {
    body = response.json<GoogleError>();
  } catch {
    // not JSON: a proxy or load balancer answered
  }
  const reason = body.error?.errors?.[0]?.reason;
  const detail = redact(body.error?.message ?? response.text().slice(0, 200));
  const common = { status: response.status, networkCode: reason };
  if (reason && QUOTA.has(reason)) {
    return new NetworkError(
      'rate_limited',
      "The YouTube API project's daily quota is spent; Araldo will try again after midnight Pacific time",
      { ...common, resetAt: nextPacificMidnight() },
    );
  }
  if ((reason && RATE.has(reason)) || response.status === 429) {
    return new NetworkError('rate_limited', 'YouTube asks Araldo to slow down; it will wait and retry', {
      ...common,
      resetAt: resetInstant(response.headers) ?? Date.now() + 60_000,
    });
  }
  const failure = classifyStatus(response.status);
  const message =
    failure === 'auth_expired'
      ? "YouTube no longer accepts this channel's token; reconnect the channel"
      : failure === 'transient'
        ? `YouTube had a temporary problem trying to ${doing}; Araldo will retry`
        : `YouTube refused to ${doing}: ${detail || `HTTP ${response.status}`}`;
  return new NetworkError(failure, message, common);
}
