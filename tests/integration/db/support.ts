import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import type { Clock } from '../../../src-main/common/clock';
import { openDatabase, type AppDatabase } from '../../../src-main/db/open-database';
import type { LogFields, Logger } from '../../../src-main/logging/logger-types';

export const migrationsDir = join(import.meta.dirname, '..', '..', '..', 'migrations', 'sqlite');

interface Journal {
  entries: { tag: string }[];
}

function readJournal(dir: string): Journal {
  return JSON.parse(readFileSync(join(dir, 'meta', '_journal.json'), 'utf8')) as Journal;
}

/** The tags of the shipped migrations, in the order they apply. */
export function shippedMigrationTags(): string[] {
  return readJournal(migrationsDir).entries.map((entry) => entry.tag);
}

export interface LogEntry {
  level: 'debug' | 'info' | 'warn' | 'error';
  message: string;
  fields: LogFields;
}

/** A real Logger that keeps its lines in memory, so tests can read what was logged. */
export function recordingLogger(entries: LogEntry[] = [], bindings: LogFields = {}): Logger & { entries: LogEntry[] } {
  const write = (level: LogEntry['level']) => (message: string, fields: LogFields = {}) => {
    entries.push({ level, message, fields: { ...bindings, ...fields } });
  };
  return {
    entries,
    debug: write('debug'),
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    child: (more) => recordingLogger(entries, { ...bindings, ...more }),
  };
}

export class SteppingClock implements Clock {
  constructor(
    private current = new Date('2026-01-05T09:00:00.000Z'),
    private readonly stepMs = 1000,
  ) {}
  now(): Date {
    const now = this.current;
    this.current = new Date(now.getTime() + this.stepMs);
    return now;
  }
}

/**
 * A fresh temp folder per call, removed after the test; databases opened
 * through `open` are closed first (Windows cannot delete an open file).
 */
export function useTempDirs() {
  const dirs: string[] = [];
  const stores: AppDatabase[] = [];
  afterEach(() => {
    for (const store of stores.splice(0)) store.close();
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  function make(): string {
    const dir = mkdtempSync(join(tmpdir(), 'kiosk-db-test-'));
    dirs.push(dir);
    return dir;
  }
  return {
    make,
    /** The shipped migrations up to and including `tag`: a database as an older version of the app left it. */
    migrationsThrough(tag: string): string {
      const dir = join(make(), 'migrations');
      cpSync(migrationsDir, dir, { recursive: true });
      const journal = readJournal(dir);
      const last = journal.entries.findIndex((entry) => entry.tag === tag);
      if (last < 0) throw new Error(`no migration ${tag}`);
      journal.entries = journal.entries.slice(0, last + 1);
      writeFileSync(join(dir, 'meta', '_journal.json'), JSON.stringify(journal, null, 2));
      return dir;
    },
    open(file: string, options: { migrations?: string; logger?: Logger } = {}): AppDatabase {
      const store = openDatabase({
        file,
        migrationsDir: options.migrations ?? migrationsDir,
        logger: options.logger ?? recordingLogger(),
      });
      stores.push(store);
      return store;
    },
  };
}

export const expectedTables = [
  'ai_usage',
  'answer_segments',
  'approved_configurations',
  'assessment_results',
  'audit_entries',
  'candidates',
  'configuration_attestations',
  'consent_records',
  'erased_rows',
  'erasure_confirmations',
  'erasure_progress',
  'erasure_requests',
  'integration_webhooks',
  'integrity_events',
  'interview_configurations',
  'interview_decisions',
  'interview_messages',
  'interview_sessions',
  'interviews',
  'jobs',
  'proctor_sittings',
  'recruiters',
  'resume_feedback',
  'resumes',
  'review_section_views',
  'self_identifications',
  'stored_files',
  'sync_outbox',
  'sync_parked',
  'sync_state',
  'webhook_attempts',
  'webhook_deliveries',
  'webhook_events',
];

export function userTables(sqlite: { prepare(sql: string): { all(): unknown[] } }): string[] {
  return (
    sqlite
      .prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`)
      .all() as { name: string }[]
  ).map((row) => row.name);
}
