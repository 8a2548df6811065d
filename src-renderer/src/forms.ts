import type { z } from 'zod';
import type { AppError } from '../../shared/ipc/result';

/** Messages keyed by field name (dotted for nested settings, e.g. `smtp.port`). */
export type FieldErrors = Record<string, string>;

/** First message per field: one clear instruction reads better than a pile. */
export function fieldErrorsFromIssues(issues: readonly z.core.$ZodIssue[]): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of issues) {
    const key = issue.path.map(String).join('.');
    if (!(key in errors)) errors[key] = issue.message;
  }
  return errors;
}

export interface FormFeedback {
  /** Shown in the form's alert region. */
  message: string | null;
  fields: FieldErrors;
  code: AppError['code'] | 'client';
}

export const noFeedback: FormFeedback = { message: null, fields: {}, code: 'client' };

export function clientFeedback(fields: FieldErrors): FormFeedback {
  const count = Object.keys(fields).length;
  return {
    code: 'client',
    fields,
    message: count === 1 ? 'Please correct the field marked below.' : 'Please correct the fields marked below.',
  };
}

export function serverFeedback(error: AppError): FormFeedback {
  return { code: error.code, message: error.message, fields: error.fields ?? {} };
}

/** Where focus should go after a failed submit: the first bad field in form order, else the alert. */
export function firstInvalidFieldId(
  order: readonly (readonly [field: string, id: string])[],
  fields: FieldErrors,
): string | null {
  for (const [field, id] of order) if (fields[field]) return id;
  return null;
}
