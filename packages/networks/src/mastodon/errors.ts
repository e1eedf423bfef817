import type { HttpResponse } from '../http/http-client';
import { classifyStatus, NetworkError } from '../http/network-error';
import { resetInstant } from '../http/rate-limit';

/** Mastodon answers `{ error, error_description? }`; 422 is a rule the post broke. */
export function mastodonError(response: HttpResponse, doing: string): NetworkError {
  let detail = '';
  try {
    const body = response.json<{ error?: string; error_description?: string }>();
    detail = body.error_description ?? body.error ?? '';
  } catch {
    detail = response.text().slice(0, 200);
  }
  const failure = classifyStatus(response.status);
  const message =
    failure === 'auth_expired'
      ? 'Mastodon no longer accepts this access token; reconnect the channel'
      : failure === 'rate_limited'
        ? 'Mastodon is rate limiting this account; Araldo will wait and retry'
        : `Mastodon refused to ${doing}: ${detail || `HTTP ${response.status}`}`;
  return new NetworkError(failure, message, {
    status: response.status,
    networkCode: detail || undefined,
    resetAt: failure === 'rate_limited' ? resetInstant(response.headers) : undefined,
  });
}
