/**
 * Why the local database could not be opened. Each is something a person at
 * the device (or IT) has to act on, so the message says what happened, which
 * file, and what to do; the app shows it instead of starting.
 */
export type DatabaseStartupReason =
  | 'cannot_open'
  | 'not_a_database'
  | 'migrations_missing'
  | 'migration_skipped'
  | 'newer_schema'
  | 'migration_failed';

export class DatabaseStartupError extends Error {
  override readonly name = 'DatabaseStartupError';

  constructor(
    readonly reason: DatabaseStartupReason,
    readonly file: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/**
 * A JSON column's value broke its schema. On write nothing is stored; on read
 * the row exists but cannot be trusted, so the caller must not guess at it.
 */
export class JsonColumnError extends Error {
  override readonly name = 'JsonColumnError';

  constructor(
    readonly table: string,
    readonly column: string,
    readonly direction: 'write' | 'read',
    readonly issues: string,
    options?: { cause?: unknown },
  ) {
    super(
      direction === 'write'
        ? `Refused to write ${table}.${column}: the value does not match its schema (${issues}).`
        : `${table}.${column} holds JSON that does not match its schema (${issues}); the row was written by another version or edited by hand.`,
      options,
    );
  }
}
