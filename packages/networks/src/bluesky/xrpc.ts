import type { HttpClient, HttpResponse } from '../http/http-client';
import { NetworkError } from '../http/network-error';
import { resetInstant } from '../http/rate-limit';
import { redact } from '../http/redact';

export type XrpcParams = Record<string, string | number | boolean | string[] | undefined>;

export interface XrpcCall {
  nsid: string;
  /** Queries are GETs, procedures POSTs (atproto.com/specs/xrpc). */
  type: 'query' | 'procedure';
  params?: XrpcParams;
  json?: unknown;
  bytes?: { data: Buffer; mimeType: string };
  token?: string | undefined;
}

export function xrpcUrl(service: string, nsid: string, params: XrpcParams = {}): string {
  const url = new URL(`/xrpc/${nsid}`, service);
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) url.searchParams.append(key, String(v));
  }
  return url.toString();
}

export function sendXrpc(http: HttpClient, service: string, call: XrpcCall): Promise<HttpResponse> {
  const headers: Record<string, string> = {};
  if (call.token) headers.authorization = `Bearer ${call.token}`;
  if (call.bytes) headers['content-type'] = call.bytes.mimeType;
  return http.request({
    method: call.type === 'query' ? 'GET' : 'POST',
    url: xrpcUrl(service, call.nsid, call.params),
    headers,
    json: call.json,
    body: call.bytes?.data,
  });
}

export interface XrpcErrorBody {
  error: string | undefined;
  message: string | undefined;
}

/** XRPC errors are `{ error, message }`; proxies in front of a PDS may answer anything. */
export function errorBody(response: HttpResponse): XrpcErrorBody {
  try {
    const body = response.json<{ error?: unknown; message?: unknown }>();
    return {
      error: typeof body.error === 'string' ? body.error : undefined,
      message: typeof body.message === 'string' ? body.message : undefined,
    };
  } catch {
    return { error: undefined, message: undefined };
  }
}

export const isOk = (response: HttpResponse) => response.status >= 200 && response.status < 300;

/** The access token no longer opens the account: time to refresh (400 ExpiredToken on the reference PDS). */
export function isSessionRejected(response: HttpResponse): boolean {
  if (response.status === 401) return true;
  if (response.status !== 400) return false;
  const { error } = errorBody(response);
  return error === 'ExpiredToken' || error === 'InvalidToken';
}

const PLAIN: Record<string, string> = {
  InvalidSwap:
    'a different post already exists under the record key chosen for this delivery, so it was not overwritten',
  RecordNotFound: 'the post is not there any more',
  BlobTooLarge: 'an image or video is larger than this server accepts',
  BlobNotFound: 'an uploaded image or video is no longer on the server',
  AccountTakedown: 'this account has been taken down by its server',
  AccountDeactivated: 'this account is deactivated',
  RepoDeactivated: 'this account is deactivated',
  RepoTakendown: 'this account has been taken down by its server',
};

/**
 * One mapping from an XRPC answer to Araldo's failure classes. `secrets` are removed from
 * anything the server echoes back, so a message never carries a password or a JWT.
 */
export function xrpcError(
  response: HttpResponse,
  doing: string,
  secrets: readonly string[],
  write = false,
): NetworkError {
  const { error, message } = errorBody(response);
  const status = response.status;
  const server = redact([error, message].filter(Boolean).join(': ') || `HTTP ${status}`, secrets);
  const common = { status, networkCode: error };
  if (status === 429 || error === 'RateLimitExceeded') {
    const resetAt = resetInstant(response.headers);
    const when = resetAt === undefined ? 'later' : `after ${new Date(resetAt).toISOString()}`;
    return new NetworkError(
      'rate_limited',
      `Bluesky is rate limiting this account, so Araldo could not ${doing}; it will try again ${when}`,
      { ...common, resetAt },
    );
  }
  if (status >= 500 || status === 408) {
    return new NetworkError(
      'transient',
      `Bluesky could not ${doing} right now (${server}); Araldo will retry`,
      {
        ...common,
        // A server error to a write may come after the write was done (the PDS's 500 for a
        // createRecord whose rkey exists is one); the delivery is reconciled, not re-sent blind.
        mayHaveSucceeded: write,
      },
    );
  }
  if (isSessionRejected(response) || error === 'AuthenticationRequired') {
    return new NetworkError(
      'auth_expired',
      `Bluesky no longer accepts this channel's session or app password (${doing}); reconnect the channel`,
      common,
    );
  }
  const reason = (error && PLAIN[error]) || redact(message ?? error ?? `HTTP ${status}`, secrets);
  return new NetworkError('permanent', `Bluesky refused to ${doing}: ${reason}`, common);
}
