import type { HttpResponse } from '../http/http-client';
import { classifyStatus, NetworkError } from '../http/network-error';
import { resetInstant } from '../http/rate-limit';
import { redact } from '../http/redact';

/** Pinterest answers `{code: int, message}`; limits are per category (x-ratelimit-* headers). */
export function pinterestError(response: HttpResponse, doing: string): NetworkError {
  let body: { code?: number; message?: string } = {};
  try {
    body = response.json();
  } catch {
    body = { message: response.text().slice(0, 200) };
  }
  const detail = redact(body.message ?? '');
  const failure = classifyStatus(response.status);
  const message =
    failure === 'auth_expired'
      ? 'Pinterest no longer accepts this channel’s token; reconnect the channel'
      : failure === 'rate_limited'
        ? 'Pinterest is rate limiting this app; Araldo will wait and retry'
        : `Pinterest refused to ${doing}: ${detail || `HTTP ${response.status}`}`;
  return new NetworkError(failure, message, {
    status: response.status,
    networkCode: body.code === undefined ? undefined : String(body.code),
    resetAt: failure === 'rate_limited' ? resetInstant(response.headers) : undefined,
  });
}
