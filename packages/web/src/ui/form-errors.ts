import type { TFunction } from 'i18next';
import { useState } from 'react';
import { ApiError } from '../api/api-error';

export type FieldErrors = Partial<Record<string, string>>;

/**
 * Errors for one form: the ones found before sending (translated) and the server's
 * `details[].path`, each shown next to its field; the rest goes in a banner above the form.
 */
export const useFormErrors = (fields: readonly string[], serverError: unknown) => {
  const [clientErrors, setClientErrors] = useState<FieldErrors>({});
  const apiError = serverError instanceof ApiError ? serverError : null;
  const errorFor = (field: string): string | undefined =>
    clientErrors[field] ?? apiError?.fieldMessage(field);
  const hasFieldErrors = fields.some((field) => errorFor(field) !== undefined);
  return { errorFor, hasFieldErrors, setClientErrors, unplacedDetails: apiError?.otherDetails(fields) ?? [] };
};

/** A sentence for the person, in their language where we know the code. */
export const describeError = (t: TFunction, error: unknown): string => {
  if (!(error instanceof ApiError)) return t('errors.unexpected');
  switch (error.code) {
    case 'network_error':
      return t('errors.network');
    case 'rate_limited':
      return t('errors.rateLimited');
    case 'forbidden':
      return t('errors.forbidden');
    case 'unauthorized':
      return t('errors.unauthorized');
    case 'validation_failed':
      return error.details.length > 0 ? t('errors.checkFields') : error.message;
    case 'internal_error':
    case 'http_error':
      return t('errors.server');
    default:
      // conflict and not_found carry a specific sentence from the server
      return error.message;
  }
};

export const required = (t: TFunction, values: Record<string, string>): FieldErrors => {
  const errors: FieldErrors = {};
  for (const [field, value] of Object.entries(values)) {
    if (value.trim() === '') errors[field] = t('errors.required');
  }
  return errors;
};
