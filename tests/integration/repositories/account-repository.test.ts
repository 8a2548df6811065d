import { join } from 'node:path';
import { asc } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { deleteSynced } from '../../../src-main/db/outbox';
import { candidates, recruiters, syncOutbox } from '../../../src-main/db/schema/index';
import type { AppDatabase } from '../../../src-main/db/open-database';
import type { AccountRecord, AccountRepository, AccountTable } from '../../../src-main/repositories/account-repository';
import { CandidateRepository } from '../../../src-main/repositories/candidate-repository';
import { DuplicateEmailError } from '../../../src-main/repositories/errors';
import { RecruiterRepository } from '../../../src-main/repositories/recruiter-repository';
import { SteppingClock, useTempDirs } from '../db/support';

/*
 * The behaviour account-repository.ts gives both account tables, run against
 * each: the two repositories must not drift apart again.
 */

const temp = useTempDirs();

interface Kind<T extends AccountTable> {
  name: string;
  table: T;
  make(store: AppDatabase, clock: SteppingClock): AccountRepository<T>;
  create(repo: AccountRepository<T>, email: string): AccountRecord<T>;
}

const kinds = [
  {
    name: 'candidates',
    table: candidates,
    make: (store, clock) => new CandidateRepository(store, clock),
    create: (repo, email) => (repo as CandidateRepository).create({ email, fullName: 'Ada Lovelace', passwordHash: 'h' }),
  } satisfies Kind<typeof candidates>,
  {
    name: 'recruiters',
    table: recruiters,
    make: (store, clock) => new RecruiterRepository(store, clock),
    create: (repo, email) => (repo as RecruiterRepository).create({ email, fullName: 'Rec Ruiter', passwordHash: 'h', role: 'recruiter' }),
  } satisfies Kind<typeof recruiters>,
] as Kind<AccountTable>[];

const rule = { threshold: 3, lockMs: 15 * 60_000 };

describe.each(kinds)('AccountRepository over $name', (kind) => {
  function setup() {
    const store = temp.open(join(temp.make(), 'kiosk.sqlite'));
    const clock = new SteppingClock();
    return { store, clock, repo: kind.make(store, clock) };
  }

  it('stores the email trimmed and lower-cased, finds it in any case and by id, and returns no tombstone column', () => {
    const { repo } = setup();
    const created = kind.create(repo, '  Mixed.Case@Example.COM ');
    expect(created.email).toBe('mixed.case@example.com');
    expect(created).not.toHaveProperty('deletedAt');
    expect(repo.findByEmail('MIXED.case@example.com')).toEqual(created);
    expect(repo.findById(created.id)).toEqual(created);
    expect(repo.findByEmail('nobody@example.com')).toBeNull();
    expect(repo.findById('missing')).toBeNull();
  });

  it('refuses a taken email in any letter case, a deleted account’s too, naming no address', () => {
    const { store, clock, repo } = setup();
    const first = kind.create(repo, 'taken@example.com');
    expect(() => kind.create(repo, 'TAKEN@example.com')).toThrow(DuplicateEmailError);

    store.db.transaction((tx) => deleteSynced(tx, kind.table, first.id, clock));
    let error: unknown;
    try {
      kind.create(repo, 'Taken@Example.com');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(DuplicateEmailError);
    expect((error as Error).message).not.toMatch(/taken@example\.com/i);
  });

  it('never finds a deleted account, and changes nothing on it', () => {
    const { store, clock, repo } = setup();
    const account = kind.create(repo, 'gone@example.com');
    store.db.transaction((tx) => deleteSynced(tx, kind.table, account.id, clock));

    expect(repo.findById(account.id)).toBeNull();
    expect(repo.findByEmail('gone@example.com')).toBeNull();
    expect(repo.updateLoginState(account.id, { failedLoginCount: 1, lockedUntil: null })).toBeNull();
    expect(repo.recordSignIn(account.id, '2026-01-05T10:00:00.000Z')).toBeNull();
    expect(repo.clearLoginFailures(account.id)).toBeNull();
    expect(repo.reserveSignInTry(account.id, new Date('2026-01-05T10:00:00.000Z'), rule)).toBeNull();
  });

  it('counts tries before the password is checked, locks at the threshold, and a sign-in clears the count', () => {
    const { repo } = setup();
    const account = kind.create(repo, 'tries@example.com');
    const now = new Date('2026-01-05T10:00:00.000Z');

    expect(repo.reserveSignInTry(account.id, now, rule)).toEqual({ granted: true, attempt: 1, lockedUntil: null });
    expect(repo.reserveSignInTry(account.id, now, rule)).toEqual({ granted: true, attempt: 2, lockedUntil: null });
    // The third try is the last one allowed: it is granted, and the lock is already stored.
    expect(repo.reserveSignInTry(account.id, now, rule)).toEqual({ granted: true, attempt: 3, lockedUntil: '2026-01-05T10:15:00.000Z' });
    expect(repo.reserveSignInTry(account.id, now, rule)).toEqual({ granted: false, lockedUntil: '2026-01-05T10:15:00.000Z' });
    expect(repo.findById(account.id)).toMatchObject({ failedLoginCount: 3, lockedUntil: '2026-01-05T10:15:00.000Z' });

    expect(repo.recordSignIn(account.id, '2026-01-05T10:20:00.000Z')).toMatchObject({
      failedLoginCount: 0,
      lockedUntil: null,
      lastLoginAt: '2026-01-05T10:20:00.000Z',
    });
    repo.reserveSignInTry(account.id, now, rule);
    expect(repo.clearLoginFailures(account.id)).toMatchObject({ failedLoginCount: 0, lockedUntil: null, lastLoginAt: '2026-01-05T10:20:00.000Z' });
  });

  it('queues every change for sync under its own table, at the version it wrote', () => {
    const { store, repo } = setup();
    const account = kind.create(repo, 'queued@example.com');
    repo.reserveSignInTry(account.id, new Date('2026-01-05T10:00:00.000Z'), rule);
    const signedIn = repo.recordSignIn(account.id, '2026-01-05T10:01:00.000Z');

    const entries = store.db.select().from(syncOutbox).orderBy(asc(syncOutbox.id)).all();
    expect(entries.map((e) => [e.tableName, e.rowId, e.operation, e.rowVersion])).toEqual([
      [kind.name, account.id, 'upsert', 1],
      [kind.name, account.id, 'upsert', 2],
      [kind.name, account.id, 'upsert', 3],
    ]);
    expect(signedIn?.rowVersion).toBe(3);
    expect(entries[2]!.payload).toMatchObject({ failed_login_count: 0, last_login_at: '2026-01-05T10:01:00.000Z' });
  });
});
