import type { ErrorBody, ErrorDetail } from './types';

/** A failed request, carrying the server's `{ error: { code, message, details } }`. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: ErrorDetail[];

  constructor(status: number, code: string, message: string, details: ErrorDetail[] = []) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
  }

  /** The message the server attached to one field, matching `email`, `body.email` or `/email`. */
  fieldMessage(field: string): string | undefined {
    return this.details.find((detail) => fieldOfPath(detail.path) === field)?.message;
  }

  /** Details that do not name one of the given fields; shown above the form instead. */
  otherDetails(fields: readonly string[]): ErrorDetail[] {
    return this.details.filter((detail) => !fields.includes(fieldOfPath(detail.path)));
  }
}

const fieldOfPath = (path: string): string => {
  const parts = path.split(/[./]/).filter((part) => part !== '' && part !== 'body');
  return parts[0] ?? '';
};

/** The server's answer was not the JSON error we expect (a proxy page, a dropped connection). */
export const errorFromResponse = async (response: Response): Promise<ApiError> => {
  try {
    const body = (await response.json()) as Partial<ErrorBody>;
    if (body.error && typeof body.error.code === 'string') {
      return new ApiError(response.status, body.error.code, body.error.message, body.error.details ?? []);
    }
  } catch {
    // not JSON: fall through to a generic error carrying the status
  }
  return new ApiError(response.status, 'http_error', `${response.status} ${response.statusText}`);
};

export const isApiError = (error: unknown, code?: string): error is ApiError =>
  error instanceof ApiError && (code === undefined || error.code === code);
