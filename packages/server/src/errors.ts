import { AraldoError, type ErrorCode, type ErrorDetail } from '@araldo/core';
import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';

const STATUS: Record<ErrorCode, number> = {
  validation_failed: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  setup_required: 409,
  network_unavailable: 502,
  internal_error: 500,
};

const CODE_BY_STATUS: Record<number, ErrorCode> = {
  400: 'validation_failed',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'not_found',
  406: 'validation_failed',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'rate_limited',
};

export const errorPayload = (code: ErrorCode, message: string, details?: ErrorDetail[]) => ({
  error: { code, message, ...(details ? { details } : {}) },
});

/** Zod reports `/a/0/b`; people and forms want `a.0.b`. */
const dotted = (instancePath: string) => instancePath.replace(/^\//, '').replaceAll('/', '.');

/**
 * The one place errors become HTTP answers. Known failures keep their message; anything
 * unexpected is logged with its stack and answered with a generic 500 that leaks nothing.
 */
export function installErrorHandler(app: FastifyInstance) {
  app.setErrorHandler((error: FastifyError | AraldoError, request, reply) => {
    if (error instanceof AraldoError) {
      if (error.retryAfterSeconds) reply.header('retry-after', String(error.retryAfterSeconds));
      return reply.status(STATUS[error.code]).send(errorPayload(error.code, error.message, error.details));
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const where = error.validationContext ?? 'request';
      const details = error.validation.map((v) => ({
        path: dotted(v.instancePath),
        message: v.message ?? 'invalid',
      }));
      const first = details[0];
      const summary = first ? `${first.path || where}: ${first.message}` : 'invalid';
      return reply
        .status(400)
        .send(errorPayload('validation_failed', `Invalid ${where} — ${summary}`, details));
    }
    const status = (error as FastifyError).statusCode;
    if (status !== undefined && status >= 400 && status < 500) {
      const code = CODE_BY_STATUS[status] ?? 'validation_failed';
      const message =
        (error as FastifyError).code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE'
          ? `Content-Type ${request.headers['content-type'] ?? '(none)'} is not accepted here; send application/json`
          : error.message;
      return reply.status(status).send(errorPayload(code, message));
    }
    request.log.error({ err: error }, 'unhandled error');
    return reply
      .status(500)
      .send(
        errorPayload('internal_error', 'Something went wrong on our side; the details are in the server log'),
      );
  });
}
