/**
 * Every failure an adapter reports falls in one of four classes; the engine decides what to
 * do from the class alone (STYLE.md §4), never from a network's raw message.
 */
export type FailureClass = 'transient' | 'rate_limited' | 'auth_expired' | 'permanent';

export class NetworkError extends Error {
  override name = 'NetworkError';
  readonly failure: FailureClass;
  /** For rate_limited: when the network says we may try again (epoch ms). */
  readonly resetAt: number | undefined;
  readonly status: number | undefined;
  /** The network's own error code, kept for logs and support. */
  readonly networkCode: string | undefined;
  /**
   * True when the request may have reached the network and done its work (timeout or
   * dropped connection after sending): the delivery becomes `unknown` and is reconciled.
   */
  readonly mayHaveSucceeded: boolean;

  constructor(
    failure: FailureClass,
    message: string,
    options: {
      resetAt?: number | undefined;
      status?: number | undefined;
      networkCode?: string | undefined;
      mayHaveSucceeded?: boolean;
      cause?: unknown;
    } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.failure = failure;
    this.resetAt = options.resetAt;
    this.status = options.status;
    this.networkCode = options.networkCode;
    this.mayHaveSucceeded = options.mayHaveSucceeded ?? false;
  }
}

/** The usual meaning of an HTTP status, for adapters to refine with the network's codes. */
export function classifyStatus(status: number): FailureClass {
  if (status === 401) return 'auth_expired';
  if (status === 429) return 'rate_limited';
  if (status >= 500 || status === 408) return 'transient';
  return 'permanent';
}
