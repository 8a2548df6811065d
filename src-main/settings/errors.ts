import type { z } from 'zod';

export type SettingsErrorCode =
  /** The IT-managed machine file cannot be read, is not JSON, or fails the schema. */
  | 'machine-file-invalid'
  /** The user's own settings cannot be read, are not JSON, or fail the schema. */
  | 'user-file-invalid'
  /** An update touched keys the machine file manages. */
  | 'managed'
  /** An update touched keys IT sets by central policy. */
  | 'policy'
  /** An update failed the schema. */
  | 'invalid'
  /** The user's settings could not be saved. */
  | 'write-failed';

/**
 * A settings problem a person has to act on. The message names the file and
 * says what to do, because it is shown as-is (start-up dialog, admin screen).
 */
export class SettingsError extends Error {
  readonly code: SettingsErrorCode;
  /** The file concerned, when there is one. */
  readonly path: string | null;

  constructor(code: SettingsErrorCode, message: string, options: { path?: string | null; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'SettingsError';
    this.code = code;
    this.path = options.path ?? null;
  }
}

/** "provider.baseUrl: Invalid URL; smtp.colour: unknown setting" */
export function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  const parts: string[] = [];
  for (const issue of issues) {
    const where = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) parts.push(`${where ? `${where}.` : ''}${key}: unknown setting`);
    } else {
      parts.push(`${where || '(whole file)'}: ${issue.message.replace(/\.$/, '')}`);
    }
  }
  return parts.join('; ');
}

export function isErrno(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === code;
}

export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
