import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { applyOperation, deleteSynced, insertSynced, updateSynced } from '../../../src-main/db/outbox';
import { candidates, resumes, syncOutbox } from '../../../src-main/db/schema/index';
import { CandidateRepository } from '../../../src-main/repositories/candidate-repository';
import { DuplicateEmailError } from '../../../src-main/repositories/errors';
import { SteppingClock, useTempDirs } from './support';

const temp = useTempDirs();

function setup() {
  const store = temp.open(join(temp.make(), 'kiosk.sqlite'));
  const clock = new SteppingClock();
  const outbox = () => store.db.select().from(syncOutbox).orderBy(syncOutbox.id).all();
  return { store, clock, outbox, repo: new CandidateRepository(store, clock) };
}

const newCandidate = { email: 'grace@example.com', fullName: 'Grace Hopper', passwordHash: 'hash' };

describe('sync outbox', () => {
  it('a create appends exactly one upsert at row_version 1 with the full row', () => {
    const { repo, outbox } = setup();
    const created = repo.create(newCandidate);

    const entries = outbox();
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      tableName: 'candidates',
      rowId: created.id,
      operation: 'upsert',
      rowVersion: 1,
      pushedAt: null,
      createdAt: created.createdAt,
    });
    // Keyed by SQL column name, every column present, as the server's table has it.
    expect(entries[0]!.payload).toEqual({
      id: created.id,
      created_at: created.createdAt,
      updated_at: created.updatedAt,
      row_version: 1,
      deleted_at: null,
      email: 'grace@example.com',
      full_name: 'Grace Hopper',
      password_hash: 'hash',
      phone: null,
      status: 'active',
      failed_login_count: 0,
      locked_until: null,
      last_login_at: null,
    });
    expect(created.rowVersion).toBe(1);
  });

  it('an update bumps row_version to 2 and updated_at, and appends a second upsert with the whole row', () => {
    const { store, clock, repo, outbox } = setup();
    const created = repo.create(newCandidate);
    const updated = store.db.transaction((tx) => updateSynced(tx, candidates, created.id, { phone: '+61 400 000 000' }, clock));

    expect(updated?.rowVersion).toBe(2);
    expect(updated!.updatedAt > created.updatedAt).toBe(true);
    expect(updated?.createdAt).toBe(created.createdAt);
    const entries = outbox();
    expect(entries.map((e) => [e.operation, e.rowVersion, e.operationName])).toEqual([
      ['upsert', 1, null],
      ['upsert', 2, null],
    ]);
    expect(entries[1]!.payload).toMatchObject({ phone: '+61 400 000 000', email: 'grace@example.com', row_version: 2, updated_at: updated!.updatedAt });
  });

  it('a named operation changes the row alike and queues only its columns, under its name', () => {
    const { repo, outbox } = setup();
    const created = repo.create(newCandidate);
    const updated = repo.updateLoginState(created.id, { failedLoginCount: 1, lockedUntil: null });

    expect(updated).toMatchObject({ rowVersion: 2, failedLoginCount: 1, email: 'grace@example.com' });
    const entries = outbox();
    expect(entries.map((e) => [e.operation, e.rowVersion, e.operationName])).toEqual([
      ['upsert', 1, null],
      ['upsert', 2, 'candidate.sign_in'],
    ]);
    // lastLoginAt was not given, so it is not sent: the server keeps what it holds.
    expect(entries[1]!.payload).toEqual({ id: created.id, failed_login_count: 1, locked_until: null, updated_at: updated!.updatedAt });
  });

  it('a named operation refuses a column that is not its own, another table, or nothing, and writes nothing', () => {
    const { store, clock, repo, outbox } = setup();
    const created = repo.create(newCandidate);
    const attempt = (run: Parameters<typeof store.db.transaction>[0]) => () => store.db.transaction(run);
    expect(attempt((tx) => applyOperation(tx, 'candidate.sign_in', candidates, created.id, { failedLoginCount: 1, fullName: 'Someone else' }, clock))).toThrow(
      'Operation candidate.sign_in changes candidates (failed_login_count, locked_until, last_login_at), not candidates (failedLoginCount, fullName).',
    );
    expect(attempt((tx) => applyOperation(tx, 'staff.sign_in', candidates, created.id, { failedLoginCount: 1 }, clock))).toThrow(/changes recruiters/);
    expect(attempt((tx) => applyOperation(tx, 'candidate.sign_in', candidates, created.id, {}, clock))).toThrow(/not candidates \(nothing\)/);
    expect(outbox()).toHaveLength(1);
    expect(repo.findById(created.id)).toMatchObject({ rowVersion: 1, fullName: 'Grace Hopper', failedLoginCount: 0 });
  });

  it('a transaction that fails leaves neither the row nor its outbox entry', () => {
    const { store, clock, outbox } = setup();
    expect(() =>
      store.db.transaction((tx) => {
        insertSynced(tx, candidates, newCandidate, clock);
        throw new Error('something after the insert failed');
      }),
    ).toThrow('something after the insert failed');

    expect(store.db.select().from(candidates).all()).toEqual([]);
    expect(outbox()).toEqual([]);
  });

  it('a write refused by the database queues nothing', () => {
    const { repo, outbox } = setup();
    repo.create(newCandidate);
    expect(() => repo.create({ ...newCandidate, email: 'GRACE@example.com' })).toThrow(DuplicateEmailError);
    expect(outbox()).toHaveLength(1);
  });

  it('updating an unknown or deleted row changes nothing and queues nothing', () => {
    const { store, clock, repo, outbox } = setup();
    expect(store.db.transaction((tx) => updateSynced(tx, candidates, 'no-such-id', { phone: '1' }, clock))).toBeUndefined();
    const created = repo.create(newCandidate);
    store.db.transaction((tx) => deleteSynced(tx, candidates, created.id, clock));
    expect(store.db.transaction((tx) => updateSynced(tx, candidates, created.id, { phone: '1' }, clock))).toBeUndefined();
    expect(outbox().map((e) => e.operation)).toEqual(['upsert', 'delete']);
  });

  it('a delete keeps a tombstone, bumps the version and queues a delete', () => {
    const { store, clock, repo, outbox } = setup();
    const created = repo.create(newCandidate);
    const tombstone = store.db.transaction((tx) => deleteSynced(tx, candidates, created.id, clock));

    expect(tombstone?.deletedAt).not.toBeNull();
    expect(tombstone?.rowVersion).toBe(2);
    expect(repo.findById(created.id)).toBeNull();
    expect(repo.findByEmail(created.email)).toBeNull();
    const row = store.db.select().from(candidates).where(eq(candidates.id, created.id)).get();
    expect(row?.deletedAt).toBe(tombstone?.deletedAt);
    const last = outbox().at(-1)!;
    expect(last).toMatchObject({ operation: 'delete', rowId: created.id, rowVersion: 2 });
    expect(last.payload).toMatchObject({ deleted_at: tombstone?.deletedAt });
  });

  it('JSON columns travel as JSON in the payload, not as strings', () => {
    const { store, clock, repo, outbox } = setup();
    const candidate = repo.create(newCandidate);
    const parsedData = { skills: ['React', 'TypeScript'], experience_years: 3 };
    store.db.transaction((tx) =>
      insertSynced(tx, resumes, { candidateId: candidate.id, fileUrl: 'f', fileName: 'cv.pdf', fileSize: 10, parsedData }, clock),
    );
    expect(outbox().at(-1)).toMatchObject({ tableName: 'resumes', payload: { parsed_data: parsedData, parsing_status: 'pending' } });
  });
});
