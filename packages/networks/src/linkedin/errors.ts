import type { HttpResponse } from '../http/http-client';
import { classifyStatus, NetworkError } from '../http/network-error';
import { resetInstant } from '../http/rate-limit';
import { redact } from '../http/redact';

/** LinkedIn's daily limits reset at midnight UTC and its 429s carry no reset header. */
const nextUtcMidnight = (now = Date.now()) => {
  const d = new Date(now);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 1);
};

/** LinkedIn answers `{status, serviceErrorCode?, code?, message}`. */
export function linkedinError(response: HttpResponse, doing: string): NetworkError {
  let body: { message?: string; serviceErrorCode?: number; code?: string } = {};
  try {
    body = response.json();
  } catch {
    body = { message: response.text().slice(0, 200) };
  }
  const detail = redact(body.message ?? '');
  const failure = classifyStatus(response.status);
  const message =
    failure === 'auth_expired'
      ? 'LinkedIn no longer accepts this channel’s token; reconnect the channel'
      : failure === 'rate_limited'
        ? 'LinkedIn’s daily limit for this app or member is reached; Araldo will try again after it resets'
        : `LinkedIn refused to ${doing}: ${detail || `HTTP ${response.status}`}`;
  return new NetworkError(failure, message, {
    status: response.status,
    networkCode: body.serviceErrorCode !== undefined ? String(body.serviceErrorCode) : body.code,
    resetAt: failure === 'rate_limited' ? (resetInstant(response.headers) ?? nextUtcMidnight()) : undefined,
  });
}
