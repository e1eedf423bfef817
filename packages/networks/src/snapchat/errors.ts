import type { HttpResponse } from '../http/http-client';
import { classifyStatus, type FailureClass, NetworkError } from '../http/network-error';
import { resetInstant } from '../http/rate-limit';
import { redact } from '../http/redact';

export interface SnapBody {
  request_status?: string;
  request_id?: string;
  error_code?: string;
  display_message?: string;
}

const PLAIN: Record<string, string> = {
  MEDIA_EXPIRED: 'The media uploaded to Snapchat expired (it lives 24 hours); publish the post again',
  MEDIA_POSTING_ALREADY_IN_PROGRESS: 'Snapchat is already posting this media from an earlier attempt',
  MEDIA_PROCESSING: 'Snapchat is still processing the media; Araldo will retry',
};

/** `{request_status:"ERROR", request_id, error_code, display_message}` → a classified failure. */
export function snapchatError(response: HttpResponse, doing: string): NetworkError {
  let body: SnapBody = {};
  try {
    body = response.json<SnapBody>();
  } catch {
    // not JSON: a proxy answered
  }
  const code = body.error_code;
  // An ERROR body may come with 200; processing is the one state that passes by itself.
  const failure: FailureClass =
    code === 'MEDIA_PROCESSING'
      ? 'transient'
      : response.status < 400
        ? 'permanent'
        : classifyStatus(response.status);
  const message =
    (code && PLAIN[code]) ??
    (failure === 'auth_expired'
      ? "Snapchat no longer accepts this channel's token; reconnect the channel"
      : failure === 'rate_limited'
        ? 'Snapchat asks Araldo to slow down; it will wait and retry'
        : failure === 'transient'
          ? `Snapchat had a temporary problem trying to ${doing}; Araldo will retry`
          : `Snapchat refused to ${doing}: ${redact(body.display_message ?? `HTTP ${response.status}`)}`);
  return new NetworkError(failure, message, {
    status: response.status,
    networkCode: code,
    // Limits are per second (10 per token, 20 per app) and no reset header is documented.
    resetAt: failure === 'rate_limited' ? (resetInstant(response.headers) ?? Date.now() + 1000) : undefined,
  });
}
