import type Database from 'better-sqlite3';
import { integrityProblems, listBackups, schemaVersionOf, type SchemaVersion } from '../db/backup-files';

export interface DatabaseFacts {
  integrity: 'ok' | string[];
  schema: SchemaVersion;
  /** Rows per table: how much the device holds, never what. */
  rowCounts: Record<string, number>;
  pageSizeBytes: number;
  pages: number;
  freePages: number;
  journalMode: string;
  backups: Array<{ name: string; madeAt: string; sizeBytes: number }>;
}

/** What support needs to know about the device database; counts and SQLite's own findings only. */
export function databaseFacts(sqlite: Database.Database, backupsDir: string): DatabaseFacts {
  let integrity: DatabaseFacts['integrity'];
  try {
    const problems = integrityProblems(sqlite);
    integrity = problems.length === 0 ? 'ok' : problems;
  } catch (error) {
    integrity = [(error as { code?: string }).code ?? 'the check could not run'];
  }
  const tables = sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").pluck().all() as string[];
  const rowCounts: Record<string, number> = {};
  for (const table of tables) rowCounts[table] = (sqlite.prepare(`SELECT count(*) FROM "${table.replace(/"/g, '""')}"`).pluck().get() as number) ?? 0;
  return {
    integrity,
    schema: schemaVersionOf(sqlite),
    rowCounts,
    pageSizeBytes: sqlite.pragma('page_size', { simple: true }) as number,
    pages: sqlite.pragma('page_count', { simple: true }) as number,
    freePages: sqlite.pragma('freelist_count', { simple: true }) as number,
    journalMode: String(sqlite.pragma('journal_mode', { simple: true })),
    backups: listBackups(backupsDir).map((file) => ({ name: file.name, madeAt: file.madeAt.toISOString(), sizeBytes: file.sizeBytes })),
  };
}
