import type { HttpResponse } from '../http/http-client';
import { type FailureClass, NetworkError } from '../http/network-error';
import { resetInstant } from '../http/rate-limit';
import { redact } from '../http/redact';

export interface TikTokBody<T> {
  data?: T;
  error?: { code?: string; message?: string; log_id?: string };
}

// TikTok API v2 error codes (docs: "Error Handling") and what the engine should do with them.
const CLASSES: Record<string, FailureClass> = {
  access_token_invalid: 'auth_expired',
  scope_not_authorized: 'auth_expired',
  scope_permission_missed: 'auth_expired',
  rate_limit_exceeded: 'rate_limited',
  spam_risk_too_many_posts: 'rate_limited',
  internal_error: 'transient',
};

const PLAIN: Record<string, string> = {
  access_token_invalid: "TikTok no longer accepts this channel's token; reconnect the channel",
  scope_not_authorized:
    'TikTok was connected without permission to post; reconnect the channel and allow posting',
  scope_permission_missed:
    'TikTok was connected without permission to post; reconnect the channel and allow posting',
  rate_limit_exceeded: 'TikTok asks Araldo to slow down; it will wait and retry',
  spam_risk_too_many_posts:
    'This TikTok account reached its daily limit of posts through the API; Araldo will try again tomorrow',
  spam_risk_user_banned_from_posting: 'TikTok has banned this account from posting',
  privacy_level_option_mismatch: 'The chosen privacy level is not one this TikTok account offers',
  unaudited_client_can_only_post_to_private_accounts:
    'This TikTok app is not audited yet, so it may only post to private accounts (set privacy to "only me")',
  url_ownership_unverified: "TikTok only takes photos from a domain verified in the app's TikTok settings",
  reached_active_user_cap: 'The TikTok app reached its daily cap of posting users; try again tomorrow',
};

/** `{data, error:{code, message, log_id}}`: `code: "ok"` is success whatever else is there. */
export function tiktokFailure(
  status: number,
  headers: HttpResponse['headers'],
  body: TikTokBody<unknown>,
  doing: string,
) {
  const code = body.error?.code ?? `http_${status}`;
  const failure: FailureClass =
    CLASSES[code] ??
    (status === 401
      ? 'auth_expired'
      : status === 429
        ? 'rate_limited'
        : status >= 500
          ? 'transient'
          : 'permanent');
  const detail = redact(body.error?.message || `HTTP ${status}`);
  const resetAt =
    failure !== 'rate_limited'
      ? undefined
      : code === 'spam_risk_too_many_posts'
        ? Date.now() + 24 * 3600_000
        : // Limits are per minute per token (Content Posting API reference); no reset header is documented.
          (resetInstant(headers) ?? Date.now() + 60_000);
  return new NetworkError(
    failure,
    PLAIN[code] ??
      (failure === 'transient'
        ? `TikTok had a temporary problem trying to ${doing}; Araldo will retry`
        : `TikTok refused to ${doing}: ${detail}`),
    { status, networkCode: code, resetAt },
  );
}

export function tiktokError(response: HttpResponse, doing: string): NetworkError {
  let body: TikTokBody<unknown> = {};
  try {
    body = response.json<TikTokBody<unknown>>();
  } catch {
    // not JSON: a proxy answered
  }
  return tiktokFailure(response.status, response.headers, body, doing);
}

/** Plain words for a publish that ended FAILED (status/fetch `fail_reason`). */
export function publishFailure(reason: string): NetworkError {
  const plain: Record<string, string> = {
    file_format_check_failed: 'TikTok could not read the video file (use MP4, WebM or MOV)',
    duration_check_failed: 'The video is too long or too short for this TikTok account',
    frame_rate_check_failed: 'TikTok refused the video frame rate (23–60 fps)',
    picture_size_check_failed: 'TikTok refused the picture size (360–4096 px per side)',
    video_pull_failed: 'TikTok could not download the video',
    photo_pull_failed: 'TikTok could not download the photos',
    publish_cancelled: 'The TikTok post was cancelled',
    spam_risk_too_many_posts: PLAIN.spam_risk_too_many_posts!,
    spam_risk_user_banned_from_posting: PLAIN.spam_risk_user_banned_from_posting!,
    spam_risk_text: 'TikTok flagged the caption as spam',
    spam_risk: 'TikTok flagged the post as spam',
  };
  const failure: FailureClass =
    reason === 'internal'
      ? 'transient'
      : reason === 'auth_removed'
        ? 'auth_expired'
        : reason === 'spam_risk_too_many_posts'
          ? 'rate_limited'
          : 'permanent';
  return new NetworkError(
    failure,
    reason === 'auth_removed'
      ? "The TikTok account removed Araldo's access; reconnect the channel"
      : (plain[reason] ?? `TikTok did not publish the post: ${reason}`),
    {
      networkCode: reason,
      resetAt: failure === 'rate_limited' ? Date.now() + 24 * 3600_000 : undefined,
    },
  );
}
