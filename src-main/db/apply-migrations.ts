import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import type { BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import type { Logger } from '../logging/logger-types';
import { DatabaseStartupError } from './errors';

/** drizzle's bookkeeping table; its `created_at` is the journal entry's `when`. */
const MIGRATIONS_TABLE = '__drizzle_migrations';
const STATEMENT_BREAKPOINT = '--> statement-breakpoint';

export interface JournalEntry {
  tag: string;
  when: number;
}

const RECOVERY = 'Quit the app and restore the database file from a backup, or install the matching version of the app.';

/** This app's migrations (the journal in `migrationsDir`); a journal that cannot be read throws, naming `file`, the database it was read for. */
export function readMigrationJournal(file: string, migrationsDir: string): JournalEntry[] {
  const journalPath = join(migrationsDir, 'meta', '_journal.json');
  try {
    const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries?: unknown };
    if (!Array.isArray(journal.entries)) throw new Error('no "entries" array');
    return journal.entries.map((entry: { tag?: unknown; when?: unknown }) => {
      if (typeof entry.tag !== 'string' || typeof entry.when !== 'number') throw new Error('an entry lacks tag/when');
      return { tag: entry.tag, when: entry.when };
    });
  } catch (cause) {
    throw new DatabaseStartupError(
      'migrations_missing',
      file,
      `The database schema migrations could not be read from ${journalPath} (${(cause as Error).message}). ` +
        `The app installation is incomplete or damaged; reinstall the app. The database at ${file} was not changed.`,
      { cause },
    );
  }
}

function statementsOf(migrationsDir: string, tag: string): string[] {
  try {
    return readFileSync(join(migrationsDir, `${tag}.sql`), 'utf8')
      .split(STATEMENT_BREAKPOINT)
      .map((s) => s.trim());
  } catch {
    return [];
  }
}

/**
 * drizzle's sync driver throws the bare SQLite error, which names neither the
 * statement nor its migration. Replaying the pending statements in a
 * transaction that is always rolled back finds the first one that fails;
 * it only runs after a failure, on a database drizzle has already rolled back.
 */
function failedMigrationTag(sqlite: Database.Database, migrationsDir: string, pending: JournalEntry[]): string {
  const fallback = pending.length === 1 ? pending[0]!.tag : `(one of ${pending.map((e) => e.tag).join(', ')})`;
  if (sqlite.inTransaction) return fallback;
  sqlite.exec('BEGIN');
  try {
    for (const entry of pending) {
      for (const statement of statementsOf(migrationsDir, entry.tag)) {
        if (statement === '') continue;
        try {
          sqlite.exec(statement);
        } catch {
          return entry.tag;
        }
      }
    }
    return fallback;
  } finally {
    sqlite.exec('ROLLBACK');
  }
}

function hasMigrationsTable(sqlite: Database.Database): boolean {
  return sqlite.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?`).get(MIGRATIONS_TABLE) !== undefined;
}

/** The journal times of the migrations applied to a database (none before its first). */
export function appliedMigrationTimes(sqlite: Database.Database): number[] {
  if (!hasMigrationsTable(sqlite)) return [];
  return (sqlite.prepare(`SELECT created_at AS whenMs FROM "${MIGRATIONS_TABLE}"`).all() as { whenMs: number | string }[]).map((row) => Number(row.whenMs));
}

/** Applied migrations `journal` does not list: a newer app made them, and this one cannot open the database. */
export function migrationsUnknownTo(journal: readonly JournalEntry[], appliedWhens: readonly number[]): number[] {
  const known = new Set(journal.map((entry) => entry.when));
  return appliedWhens.filter((when) => !known.has(when));
}

function rootMessage(error: unknown): string {
  let current: unknown = error;
  while (current instanceof Error && current.cause instanceof Error) current = current.cause;
  return current instanceof Error ? current.message : String(current);
}

/**
 * Bring the schema up to date with drizzle's migrator, refusing the cases in
 * which drizzle would go wrong quietly, and leaving the database either fully
 * migrated or exactly as it was. Why foreign keys are off while migrating:
 * see the note on drizzle's transaction in open-database.ts.
 *
 * drizzle applies only journal entries whose `when` is newer than the newest
 * applied one (drizzle issue #5316), so a migration generated on a machine
 * with an earlier clock, or merged from an older branch, would be skipped for
 * ever. That is refused here instead.
 */
export function applyMigrations(
  db: BetterSQLite3Database<Record<string, unknown>>,
  sqlite: Database.Database,
  options: { file: string; migrationsDir: string; logger: Logger },
): { applied: string[] } {
  const { file, migrationsDir, logger } = options;
  const journal = readMigrationJournal(file, migrationsDir);

  const hadMigrationsTable = hasMigrationsTable(sqlite);
  const appliedWhens = appliedMigrationTimes(sqlite);
  const applied = new Set(appliedWhens);
  const newestApplied = appliedWhens.length > 0 ? Math.max(...appliedWhens) : -Infinity;

  const unknown = migrationsUnknownTo(journal, appliedWhens);
  if (unknown.length > 0) {
    throw new DatabaseStartupError(
      'newer_schema',
      file,
      `The database at ${file} has ${unknown.length} schema change(s) this version of the app does not know, ` +
        `probably made by a newer version. Nothing was changed. Install that newer version of the app, ` +
        `or restore the database file from a backup taken before the upgrade.`,
    );
  }

  const skipped = journal.filter((entry) => entry.when <= newestApplied && !applied.has(entry.when));
  if (skipped.length > 0) {
    throw new DatabaseStartupError(
      'migration_skipped',
      file,
      `Migration ${skipped.map((e) => e.tag).join(', ')} is dated before the newest migration already applied to ${file}, ` +
        `so it would never run. Nothing was changed. This is a packaging bug: the migration must be regenerated with a later timestamp.`,
    );
  }

  const pending = journal.filter((entry) => entry.when > newestApplied);
  if (pending.length === 0) return { applied: [] };

  sqlite.pragma('foreign_keys = OFF');
  try {
    migrate(db, { migrationsFolder: migrationsDir });
  } catch (cause) {
    const tag = failedMigrationTag(sqlite, migrationsDir, pending);
    // drizzle creates its bookkeeping table before its transaction; on a
    // database that had none, remove it so "unchanged" is literally true.
    if (!hadMigrationsTable) sqlite.exec(`DROP TABLE IF EXISTS "${MIGRATIONS_TABLE}"`);
    logger.error('database migration failed', { file, migration: tag, error: rootMessage(cause) });
    throw new DatabaseStartupError(
      'migration_failed',
      file,
      `migration ${tag} failed: ${rootMessage(cause)}; the database was left unchanged (${file}). ` +
        `The app cannot start with this database until the migration is fixed: install a corrected version of the app. ` +
        `Your data is intact; do not delete the file.`,
      { cause },
    );
  } finally {
    sqlite.pragma('foreign_keys = ON');
  }

  const broken = sqlite.pragma('foreign_key_check') as { table: string; parent: string }[];
  if (broken.length > 0) {
    const summary = [...new Set(broken.map((v) => `${v.table} → ${v.parent}`))].join(', ');
    throw new DatabaseStartupError(
      'migration_failed',
      file,
      `migrations ${pending.map((e) => e.tag).join(', ')} were applied to ${file} but left ${broken.length} row(s) ` +
        `referencing missing parents (${summary}). ${RECOVERY}`,
    );
  }

  return { applied: pending.map((entry) => entry.tag) };
}
