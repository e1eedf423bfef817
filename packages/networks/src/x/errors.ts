import type { HttpResponse } from '../http/http-client';
import { classifyStatus, NetworkError } from '../http/network-error';
import { resetInstant } from '../http/rate-limit';
import { redact } from '../http/redact';

interface Problem {
  type?: string;
  title?: string;
  detail?: string;
  message?: string;
  code?: number;
}

/**
 * X answers errors as RFC 7807 problems (`{type: "https://api.x.com/2/problems/<kind>",
 * title, detail}`), a few older paths as `{errors:[{code, message}]}` (429 is code 88).
 * Rate limits reset at `x-rate-limit-reset`, in epoch seconds.
 */
export function xError(response: HttpResponse, doing: string): NetworkError {
  let problem: Problem = {};
  try {
    const body = response.json<Problem & { errors?: Problem[] }>();
    problem = body.errors?.[0] && !body.detail ? body.errors[0] : body;
  } catch {
    problem = { detail: response.text().slice(0, 200) };
  }
  const kind = problem.type?.split('/').pop();
  const detail = redact(problem.detail ?? problem.message ?? problem.title ?? '');
  const failure = classifyStatus(response.status);
  const message =
    failure === 'auth_expired'
      ? 'X no longer accepts this channel’s token; reconnect the channel'
      : failure === 'rate_limited'
        ? 'X is rate limiting this account; Araldo will wait until the window resets'
        : kind === 'usage-capped'
          ? 'The X app has used up its monthly post allowance'
          : `X refused to ${doing}: ${detail || `HTTP ${response.status}`}`;
  return new NetworkError(failure, message, {
    status: response.status,
    networkCode: kind ?? (problem.code === undefined ? undefined : String(problem.code)),
    resetAt: failure === 'rate_limited' ? resetInstant(response.headers) : undefined,
  });
}
