import type { HttpResponse } from '../http/http-client';
import { classifyStatus, type FailureClass, NetworkError } from '../http/network-error';
import { resetInstant } from '../http/rate-limit';
import { redact } from '../http/redact';
import { usageResetAt } from './usage';

/** The error object every Meta Graph host (Facebook, Instagram, Threads) answers with. */
export interface GraphErrorBody {
  message?: string;
  type?: string;
  code?: number;
  error_subcode?: number;
  error_user_title?: string;
  error_user_msg?: string;
  is_transient?: boolean;
  fbtrace_id?: string;
}

// Graph API "Handling errors": 1 unknown / 2 service are temporary; 4 app, 17 user, 32 page,
// 613 custom and 341 application-limit are throttles; 190 is an expired or revoked token.
const TEMPORARY = new Set([1, 2]);
const THROTTLED = new Set([4, 17, 32, 341, 613]);
// Instagram content publishing: 2207042 "max posts per 24 h reached"; 2207027 "media not ready".
const THROTTLED_SUBCODES = new Set([2207042]);
const TEMPORARY_SUBCODES = new Set([2207027]);

function failureOf(error: GraphErrorBody, status: number): FailureClass {
  const code = error.code ?? -1;
  if (error.error_subcode !== undefined && THROTTLED_SUBCODES.has(error.error_subcode)) return 'rate_limited';
  if (error.error_subcode !== undefined && TEMPORARY_SUBCODES.has(error.error_subcode)) return 'transient';
  if (code === 190 || code === 102) return 'auth_expired';
  if (THROTTLED.has(code) || (code >= 80001 && code <= 80014)) return 'rate_limited';
  if (TEMPORARY.has(code) || error.is_transient === true) return 'transient';
  // 10 and 200–299 (a permission the token lacks), 100 (bad parameter), 368 (blocked by
  // policy), 506 (duplicate post), 1609005 (link not allowed): sending again changes nothing.
  if (code === 10 || (code >= 200 && code <= 299) || code === 100 || code === 368 || code === 506)
    return 'permanent';
  if (code === 1609005) return 'permanent';
  return classifyStatus(status);
}

const PLAIN: Record<string, (network: string, doing: string, detail: string) => string> = {
  auth_expired: (network) =>
    `${network} no longer accepts this channel's access token; reconnect the channel`,
  rate_limited: (network) =>
    `${network} is limiting how often Araldo may call it; Araldo will wait and retry`,
  transient: (network, doing, detail) =>
    `${network} had a temporary problem trying to ${doing}${detail ? ` (${detail})` : ''}; Araldo will retry`,
  permanent: (network, doing, detail) => `${network} refused to ${doing}: ${detail}`,
};

function permissionHint(code: number): string {
  return code === 10 || (code >= 200 && code <= 299)
    ? ' — the channel lacks a permission; reconnect it and grant every permission asked'
    : '';
}

/** Parses a Graph error answer into the engine's failure classes, in plain words. */
export function graphError(
  response: HttpResponse,
  network: string,
  doing: string,
  secrets: readonly string[] = [],
): NetworkError {
  let error: GraphErrorBody = {};
  try {
    error = response.json<{ error?: GraphErrorBody }>().error ?? {};
  } catch {
    error = { message: response.text().slice(0, 200) };
  }
  const failure = failureOf(error, response.status);
  // error_user_msg is written by Meta for people; message is for developers.
  const detail = redact(error.error_user_msg ?? error.message ?? `HTTP ${response.status}`, secrets);
  const message = PLAIN[failure]!(network, doing, `${detail}${permissionHint(error.code ?? -1)}`);
  const networkCode =
    error.code === undefined
      ? undefined
      : `${error.code}${error.error_subcode === undefined ? '' : `/${error.error_subcode}`}`;
  return new NetworkError(failure, message, {
    status: response.status,
    networkCode,
    resetAt:
      failure === 'rate_limited'
        ? (usageResetAt(response.headers) ?? resetInstant(response.headers))
        : undefined,
  });
}
