/**
 * drizzle wraps driver errors (DrizzleQueryError, cause = SqliteError), so
 * look down the cause chain for the SQLite error itself.
 */
function sqliteErrorOf(error: unknown): { code: string; message: string } | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && code.startsWith('SQLITE_')) return { code, message: current.message };
    current = current.cause;
  }
  return undefined;
}

/** True when `error` is a UNIQUE violation on exactly `table.column` (e.g. `candidates.email`). */
export function isUniqueViolation(error: unknown, tableColumn: string): boolean {
  const sqliteError = sqliteErrorOf(error);
  if (!sqliteError || sqliteError.code !== 'SQLITE_CONSTRAINT_UNIQUE') return false;
  // SQLite names the columns: "UNIQUE constraint failed: candidates.email".
  const failed = sqliteError.message.split(':').slice(1).join(':').split(',').map((c) => c.trim());
  return failed.length === 1 && failed[0] === tableColumn;
}
