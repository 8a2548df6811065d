import { randomBytes } from 'node:crypto';
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { DatabaseStartupError } from '../../../src-main/db/errors';
import { AiUsageRepository } from '../../../src-main/repositories/ai-usage-repository';
import { CandidateRepository } from '../../../src-main/repositories/candidate-repository';
import { expectedTables, migrationsDir, recordingLogger, useTempDirs, userTables } from './support';

const temp = useTempDirs();

interface Journal {
  entries: { idx: number; version: string; when: number; tag: string; breakpoints: boolean }[];
}

/** A copy of the real migrations plus one more, for tests that need a migration the app does not ship. */
function migrationsWith(extra: { tag: string; sql: string; when?: (newest: number) => number }): string {
  const dir = join(temp.make(), 'migrations');
  cpSync(migrationsDir, dir, { recursive: true });
  const journalPath = join(dir, 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as Journal;
  const newest = Math.max(...journal.entries.map((e) => e.when));
  journal.entries.push({
    idx: journal.entries.length,
    version: '6',
    when: extra.when ? extra.when(newest) : newest + 60_000,
    tag: extra.tag,
    breakpoints: true,
  });
  writeFileSync(journalPath, JSON.stringify(journal, null, 2));
  writeFileSync(join(dir, `${extra.tag}.sql`), extra.sql);
  return dir;
}

function inspect<T>(file: string, read: (sqlite: Database.Database) => T): T {
  const sqlite = new Database(file, { readonly: true });
  try {
    return read(sqlite);
  } finally {
    sqlite.close();
  }
}

/** How many migrations the app ships; a new database has every one applied. */
const shippedMigrations = (JSON.parse(readFileSync(join(migrationsDir, 'meta', '_journal.json'), 'utf8')) as Journal).entries.length;

function migrationCount(sqlite: Database.Database): number {
  return (sqlite.prepare('SELECT count(*) AS n FROM __drizzle_migrations').get() as { n: number }).n;
}

function expectStartupError(open: () => unknown): DatabaseStartupError {
  try {
    open();
  } catch (error) {
    expect(error).toBeInstanceOf(DatabaseStartupError);
    return error as DatabaseStartupError;
  }
  throw new Error('expected openDatabase to throw DatabaseStartupError');
}

const BROKEN_MIGRATION = [
  'CREATE TABLE `from_broken_migration` (`id` text PRIMARY KEY NOT NULL);',
  'ALTER TABLE `candidates` ADD `nickname` text;',
  'INSERT INTO `no_such_table` (`id`) VALUES (1);',
].join('\n--> statement-breakpoint\n');

describe('openDatabase', () => {
  it('creates the folder and a database with every table, migrated and configured', () => {
    const file = join(temp.make(), 'nested', 'deeper', 'kiosk.sqlite');
    const logger = recordingLogger();
    const { sqlite } = temp.open(file, { logger });

    expect(existsSync(file)).toBe(true);
    expect(userTables(sqlite).filter((t) => t !== '__drizzle_migrations')).toEqual(expectedTables);
    expect(sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(sqlite.pragma('synchronous', { simple: true })).toBe(2);
    expect(sqlite.pragma('busy_timeout', { simple: true })).toBe(5000);
    expect(migrationCount(sqlite)).toBe(shippedMigrations);
    expect(logger.entries.some((e) => e.message === 'database migrated')).toBe(true);
  });

  it('re-opening an up-to-date database applies nothing and keeps the data', () => {
    const file = join(temp.make(), 'kiosk.sqlite');
    const first = temp.open(file);
    const created = new CandidateRepository(first).create({
      email: 'ada@example.com',
      fullName: 'Ada Lovelace',
      passwordHash: 'hash',
    });
    const countBefore = migrationCount(first.sqlite);
    first.close();

    const logger = recordingLogger();
    const second = temp.open(file, { logger });
    expect(migrationCount(second.sqlite)).toBe(countBefore);
    expect(logger.entries.some((e) => e.message === 'database migrated')).toBe(false);
    expect(new CandidateRepository(second).findById(created.id)?.email).toBe('ada@example.com');
    expect(second.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
  });

  it('close() can be called twice', () => {
    const store = temp.open(join(temp.make(), 'kiosk.sqlite'));
    store.close();
    expect(() => store.close()).not.toThrow();
  });

  describe('refuses a file that is not a SQLite database, and leaves it untouched', () => {
    const cases: [string, () => Buffer][] = [
      ['random bytes', () => randomBytes(8192)],
      ['a text file', () => Buffer.from('These are my notes, not a database.\n'.repeat(50))],
      ['a few bytes', () => Buffer.from('oops')],
      ['a truncated SQLite header', () => Buffer.from('SQLite format 3\0')],
    ];
    for (const [name, content] of cases) {
      it(name, () => {
        const file = join(temp.make(), 'kiosk.sqlite');
        const original = content();
        writeFileSync(file, original);

        const error = expectStartupError(() => temp.open(file));
        expect(error.reason).toBe('not_a_database');
        expect(error.file).toBe(file);
        expect(error.message).toContain(file);
        expect(error.message).toMatch(/move the file aside|restore it from a backup/);
        expect(readFileSync(file).equals(original)).toBe(true);
        expect(existsSync(`${file}-wal`)).toBe(false);
        expect(existsSync(`${file}-shm`)).toBe(false);
      });
    }
  });

  it('a migration that fails leaves an existing database exactly as it was', () => {
    const file = join(temp.make(), 'kiosk.sqlite');
    const good = temp.open(file);
    new CandidateRepository(good).create({ email: 'kept@example.com', fullName: 'Kept Person', passwordHash: 'hash' });
    good.close();

    const logger = recordingLogger();
    const broken = migrationsWith({ tag: '0001_broken', sql: BROKEN_MIGRATION });
    const error = expectStartupError(() => temp.open(file, { migrations: broken, logger }));

    expect(error.reason).toBe('migration_failed');
    expect(error.message).toContain('migration 0001_broken failed');
    expect(error.message).toContain('no such table: no_such_table');
    expect(error.message).toContain('the database was left unchanged');
    expect(error.message).toContain(file);
    expect(logger.entries.some((e) => e.level === 'error' && e.fields.migration === '0001_broken')).toBe(true);

    inspect(file, (sqlite) => {
      expect(userTables(sqlite).filter((t) => t !== '__drizzle_migrations')).toEqual(expectedTables);
      const columns = (sqlite.pragma('table_info(candidates)') as { name: string }[]).map((c) => c.name);
      expect(columns).not.toContain('nickname');
      expect(migrationCount(sqlite)).toBe(shippedMigrations);
      expect(sqlite.prepare('SELECT email FROM candidates').all()).toEqual([{ email: 'kept@example.com' }]);
    });

    // The shipped migrations still open it: nothing was half-applied.
    expect(temp.open(file).sqlite.prepare('SELECT count(*) AS n FROM candidates').get()).toEqual({ n: 1 });
  });

  it('a failing migration on a new database leaves no tables behind, not even drizzle’s', () => {
    const file = join(temp.make(), 'kiosk.sqlite');
    const broken = migrationsWith({ tag: '0001_broken', sql: BROKEN_MIGRATION });

    const error = expectStartupError(() => temp.open(file, { migrations: broken }));
    expect(error.message).toContain('migration 0001_broken failed');
    inspect(file, (sqlite) => expect(userTables(sqlite)).toEqual([]));
  });

  it('refuses a migration dated before the newest applied one, which drizzle would skip silently', () => {
    const file = join(temp.make(), 'kiosk.sqlite');
    temp.open(file).close();
    const late = migrationsWith({
      tag: '0001_backdated',
      sql: 'CREATE TABLE `backdated` (`id` text PRIMARY KEY NOT NULL);',
      when: (newest) => newest - 60_000,
    });

    const error = expectStartupError(() => temp.open(file, { migrations: late }));
    expect(error.reason).toBe('migration_skipped');
    expect(error.message).toContain('0001_backdated');
    inspect(file, (sqlite) => expect(userTables(sqlite)).not.toContain('backdated'));
  });

  it('refuses a database migrated by a newer version of the app', () => {
    const file = join(temp.make(), 'kiosk.sqlite');
    const newer = migrationsWith({ tag: '0001_newer', sql: 'CREATE TABLE `newer` (`id` text PRIMARY KEY NOT NULL);' });
    temp.open(file, { migrations: newer }).close();

    const error = expectStartupError(() => temp.open(file));
    expect(error.reason).toBe('newer_schema');
    expect(error.message).toContain(file);
  });

  it('a drizzle-kit style table rebuild of a parent table does not cascade-delete its children', () => {
    const file = join(temp.make(), 'kiosk.sqlite');
    const store = temp.open(file);
    const candidate = new CandidateRepository(store).create({
      email: 'parent@example.com',
      fullName: 'Parent Row',
      passwordHash: 'hash',
    });
    store.sqlite
      .prepare(`INSERT INTO resumes (id, candidate_id, file_url, file_name, file_size) VALUES ('r1', ?, 'f', 'cv.pdf', 1)`)
      .run(candidate.id);
    store.close();

    // What drizzle-kit generates when a CHECK changes: the pragma inside the
    // file is a no-op in drizzle's transaction, so openDatabase must cover it.
    const columns = (inspect(file, (s) => s.pragma('table_info(candidates)')) as { name: string }[]).map((c) => `"${c.name}"`);
    const createSql = inspect(file, (s) =>
      (s.prepare(`SELECT sql FROM sqlite_master WHERE name = 'candidates'`).get() as { sql: string }).sql,
    ).replace('CREATE TABLE `candidates`', 'CREATE TABLE `__new_candidates`');
    const rebuild = migrationsWith({
      tag: '0001_rebuild_candidates',
      sql: [
        'PRAGMA foreign_keys=OFF;',
        createSql + ';',
        `INSERT INTO \`__new_candidates\`(${columns.join(', ')}) SELECT ${columns.join(', ')} FROM \`candidates\`;`,
        'DROP TABLE `candidates`;',
        'ALTER TABLE `__new_candidates` RENAME TO `candidates`;',
        'PRAGMA foreign_keys=ON;',
        'CREATE UNIQUE INDEX `idx_candidates_email` ON `candidates` (`email`);',
        'CREATE INDEX `idx_candidates_status` ON `candidates` (`status`);',
      ].join('\n--> statement-breakpoint\n'),
    });

    const reopened = temp.open(file, { migrations: rebuild });
    expect(reopened.sqlite.prepare('SELECT id FROM resumes').all()).toEqual([{ id: 'r1' }]);
    expect(reopened.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(reopened.sqlite.pragma('foreign_key_check')).toEqual([]);
  });

  it('0005 adds the AI billing columns to a database at 0004 that holds rows: values kept, new columns at their defaults, queued changes given them', () => {
    const file = join(temp.make(), 'kiosk.sqlite');
    const old = temp.open(file, { migrations: temp.migrationsThrough('0004_sync_parked') });
    // As 0004's app wrote a candidate (today's repository also writes columns later migrations add).
    const candidate = { id: 'c1' };
    old.sqlite.prepare(`INSERT INTO candidates (id, email, full_name, password_hash) VALUES ('c1', 'kept@example.com', 'Kept Person', 'hash')`).run();
    // Written as 0004's app wrote them: its columns only, and their outbox entries (one already pushed).
    old.sqlite
      .prepare(
        `INSERT INTO interviews (id, candidate_id, role_type, status, ai_model_used, total_tokens_used, cost_usd)
         VALUES ('i1', ?, 'react', 'completed', 'gpt-4o-mini', 1500, 0.0123)`,
      )
      .run(candidate.id);
    old.sqlite
      .prepare(
        `INSERT INTO ai_usage (id, interview_id, task, endpoint, model, prompt_tokens, completion_tokens, latency_ms, cost_usd, outcome)
         VALUES ('u1', 'i1', 'interview', 'chat', 'gpt-4o-mini', 1200, 300, 850, 0.0123, 'ok')`,
      )
      .run();
    const queue = old.sqlite.prepare(`INSERT INTO sync_outbox (table_name, row_id, operation, row_version, payload, pushed_at) VALUES (?, ?, 'upsert', 1, ?, ?)`);
    queue.run('interviews', 'i1', JSON.stringify({ id: 'i1', cost_usd: 0.0123 }), null);
    queue.run('ai_usage', 'u1', JSON.stringify({ id: 'u1', cost_usd: 0.0123 }), null);
    queue.run('ai_usage', 'u0', JSON.stringify({ id: 'u0' }), '2026-01-05T09:00:00.000Z');
    const before = {
      interview: old.sqlite.prepare('SELECT * FROM interviews').get() as Record<string, unknown>,
      usage: old.sqlite.prepare('SELECT * FROM ai_usage').get() as Record<string, unknown>,
    };
    old.close();

    const upgraded = temp.open(file);
    expect(upgraded.sqlite.prepare('SELECT * FROM interviews').all()).toEqual([{ ...before.interview, unpriced_calls: 0 }]);
    expect(upgraded.sqlite.prepare('SELECT * FROM ai_usage').all()).toEqual([{ ...before.usage, cached_prompt_tokens: 0, reasoning_tokens: 0, price_known: 1 }]);
    expect(upgraded.sqlite.prepare('SELECT count(*) AS n FROM candidates').get()).toEqual({ n: 1 });
    // The hosted push would refuse a queued row without the NOT NULL columns; the one already pushed is history.
    const payloads = (upgraded.sqlite.prepare('SELECT payload FROM sync_outbox WHERE table_name <> ? ORDER BY id').all('candidates') as { payload: string }[]).map(
      (row) => JSON.parse(row.payload) as unknown,
    );
    expect(payloads).toEqual([
      { id: 'i1', cost_usd: 0.0123, unpriced_calls: 0 },
      { id: 'u1', cost_usd: 0.0123, cached_prompt_tokens: 0, reasoning_tokens: 0, price_known: true },
      { id: 'u0' },
    ]);
    expect(new AiUsageRepository(upgraded).listForInterview('i1')).toMatchObject([{ id: 'u1', costUsd: 0.0123, cachedPromptTokens: 0, reasoningTokens: 0, priceKnown: true }]);
  });

  it('0006 rebuilds recruiters on a database at 0005 that holds rows: rows, indexes and the rows naming them kept; proctor allowed, an unknown role still refused', () => {
    const file = join(temp.make(), 'kiosk.sqlite');
    const old = temp.open(file, { migrations: temp.migrationsThrough('0005_ai_usage_billing') });
    const run = (sql: string, ...params: unknown[]) => old.sqlite.prepare(sql).run(...params);
    run(`INSERT INTO recruiters (id, email, full_name, password_hash, role, organization_id, last_login_at, is_active, failed_login_count, locked_until, row_version, deleted_at)
         VALUES ('r1', 'rita@example.com', 'Rita', 'h1', 'admin', 'org-1', '2026-01-05T09:00:00.000Z', 1, 2, '2026-01-05T10:00:00.000Z', 3, NULL)`);
    run(`INSERT INTO recruiters (id, email, full_name, password_hash, role, is_active, deleted_at) VALUES ('r2', 'gone@example.com', 'Gone', 'h2', 'viewer', 0, '2026-01-05T11:00:00.000Z')`);
    run(`INSERT INTO candidates (id, email, full_name, password_hash) VALUES ('c1', 'c@example.com', 'C', 'h')`);
    run(`INSERT INTO resumes (id, candidate_id, file_url, file_name, file_size) VALUES ('res1', 'c1', 'f', 'cv.pdf', 1)`);
    run(`INSERT INTO resume_feedback (id, resume_id, feedback_content, status, approved_at, approved_by) VALUES ('fb1', 'res1', 'ok', 'approved', '2026-01-05T09:30:00.000Z', 'r1')`);
    run(`INSERT INTO interviews (id, candidate_id, role_type, status) VALUES ('i1', 'c1', 'react', 'completed')`);
    run(`INSERT INTO interview_decisions (id, interview_id, decided_by, decision, decided_at) VALUES ('d1', 'i1', 'r2', 'hold', '2026-01-05T09:45:00.000Z')`);
    run(`INSERT INTO sync_outbox (table_name, row_id, operation, row_version, payload) VALUES ('recruiters', 'r1', 'upsert', 3, '{"id":"r1","role":"admin"}')`);
    const read = (sqlite: Database.Database) => ({
      recruiters: sqlite.prepare('SELECT * FROM recruiters ORDER BY id').all() as Record<string, unknown>[],
      feedback: sqlite.prepare('SELECT * FROM resume_feedback').all(),
      decisions: sqlite.prepare('SELECT * FROM interview_decisions').all(),
      outbox: sqlite.prepare('SELECT * FROM sync_outbox').all(),
      indexes: sqlite.prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'recruiters' ORDER BY name`).all(),
      references: ['resume_feedback', 'interview_decisions'].map((table) => (sqlite.pragma(`foreign_key_list(${table})`) as { table: string; from: string }[]).filter((key) => key.table === 'recruiters')),
    });
    const before = read(old.sqlite);
    old.close();
    expect(before.indexes.map((index) => (index as { name: string }).name)).toEqual(['idx_recruiters_email', 'idx_recruiters_organization_id', 'idx_recruiters_role', 'sqlite_autoindex_recruiters_1']);

    const upgraded = temp.open(file);
    const after = read(upgraded.sqlite);
    // 0010 adds ai_recommendation to decisions: null on those made before it.
    expect(after).toEqual({
      ...before,
      recruiters: before.recruiters.map((row) => ({ ...row, pin_hash: null })),
      decisions: (before.decisions as Record<string, unknown>[]).map((row) => ({ ...row, ai_recommendation: null })),
      // 0015 names the operation of entries queued after it; a whole-row entry from before has none.
      outbox: (before.outbox as Record<string, unknown>[]).map((row) => ({ ...row, operation_name: null })),
    });
    expect(upgraded.sqlite.pragma('foreign_key_check')).toEqual([]);
    expect(upgraded.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);

    const insert = upgraded.sqlite.prepare(`INSERT INTO recruiters (id, email, full_name, password_hash, role, pin_hash) VALUES (?, ?, 'P', 'h', ?, ?)`);
    insert.run('r3', 'pat@example.com', 'proctor', '$2b$04$pin');
    expect(upgraded.sqlite.prepare(`SELECT role, pin_hash FROM recruiters WHERE id = 'r3'`).get()).toEqual({ role: 'proctor', pin_hash: '$2b$04$pin' });
    expect(() => insert.run('r4', 'owen@example.com', 'owner', null)).toThrow(/recruiters_role_check/);
    expect(() => insert.run('r5', 'rita@example.com', 'recruiter', null)).toThrow(/UNIQUE constraint failed: recruiters\.email/);
    // The children's foreign keys point at the rebuilt table.
    expect(() => upgraded.sqlite.prepare(`DELETE FROM recruiters WHERE id = 'r2'`).run()).toThrow(/FOREIGN KEY constraint failed/);
    expect(() => upgraded.sqlite.prepare(`UPDATE resume_feedback SET approved_by = 'nobody'`).run()).toThrow(/FOREIGN KEY constraint failed/);
  });

  it('names a missing migrations folder as an installation problem', () => {
    const file = join(temp.make(), 'kiosk.sqlite');
    const error = expectStartupError(() => temp.open(file, { migrations: join(temp.make(), 'nowhere') }));
    expect(error.reason).toBe('migrations_missing');
    expect(error.message).toContain('reinstall');
  });
});
