/**
 * Every failure a caller may see has a stable `code`; the HTTP layer maps codes to statuses
 * in one place, and the CLI prints the message. Messages never carry secrets.
 */
export type ErrorCode =
  | 'validation_failed'
  | 'not_found'
  | 'unauthorized'
  | 'forbidden'
  | 'conflict'
  | 'rate_limited'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'setup_required'
  | 'network_unavailable'
  | 'internal_error';

export interface ErrorDetail {
  path: string;
  message: string;
  /** Machine-readable reason (zod's issue code for schema errors), so clients can translate it. */
  code?: string;
}

export class AraldoError extends Error {
  readonly code: ErrorCode;
  readonly details: ErrorDetail[] | undefined;
  readonly retryAfterSeconds: number | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    options: { details?: ErrorDetail[]; retryAfterSeconds?: number } = {},
  ) {
    super(message);
    this.name = 'AraldoError';
    this.code = code;
    this.details = options.details;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

export const notFound = (what: string) => new AraldoError('not_found', `${what} not found`);
export const forbidden = (message = 'Your role does not allow this') => new AraldoError('forbidden', message);
export const unauthorized = (message = 'Sign in or send an API token') =>
  new AraldoError('unauthorized', message);
export const conflict = (message: string) => new AraldoError('conflict', message);
export const invalid = (message: string, details?: ErrorDetail[]) =>
  new AraldoError('validation_failed', message, details ? { details } : {});
