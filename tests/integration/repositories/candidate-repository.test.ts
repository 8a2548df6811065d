import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CandidateRepository } from '../../../src-main/repositories/candidate-repository';
import { DuplicateEmailError } from '../../../src-main/repositories/errors';
import { SteppingClock, useTempDirs } from '../db/support';

const temp = useTempDirs();

function setup() {
  const file = join(temp.make(), 'kiosk.sqlite');
  const store = temp.open(file);
  return { file, store, repo: new CandidateRepository(store, new SteppingClock()) };
}

describe('CandidateRepository', () => {
  it('creates a candidate with a lower-cased email and finds it by email in any case, and by id', () => {
    const { repo } = setup();
    const created = repo.create({ email: '  Ada.Lovelace@Example.COM ', fullName: 'Ada Lovelace', passwordHash: '$2b$hash', phone: '+44 20' });

    expect(created).toEqual({
      id: expect.any(String),
      email: 'ada.lovelace@example.com',
      fullName: 'Ada Lovelace',
      passwordHash: '$2b$hash',
      phone: '+44 20',
      status: 'active',
      failedLoginCount: 0,
      lockedUntil: null,
      lastLoginAt: null,
      createdAt: '2026-01-05T09:00:00.000Z',
      updatedAt: '2026-01-05T09:00:00.000Z',
      rowVersion: 1,
    });
    expect(repo.findByEmail('ADA.LOVELACE@example.com')).toEqual(created);
    expect(repo.findById(created.id)).toEqual(created);
    expect(repo.findByEmail('nobody@example.com')).toBeNull();
    expect(repo.findById('nope')).toBeNull();
  });

  it('refuses a second account with the same email in another letter case', () => {
    const { repo } = setup();
    repo.create({ email: 'ada@example.com', fullName: 'Ada Lovelace', passwordHash: 'h' });

    let error: unknown;
    try {
      repo.create({ email: 'ADA@Example.com', fullName: 'Someone Else', passwordHash: 'h2' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(DuplicateEmailError);
    expect((error as Error).message).toContain('already registered');
    expect((error as Error).message).not.toMatch(/ada@example\.com/i);
    expect(repo.findByEmail('ada@example.com')?.fullName).toBe('Ada Lovelace');
  });

  it('persists login state across a restart, and keeps last_login_at when it is not given', () => {
    const { file, store, repo } = setup();
    const created = repo.create({ email: 'ada@example.com', fullName: 'Ada Lovelace', passwordHash: 'h' });

    repo.updateLoginState(created.id, { failedLoginCount: 0, lockedUntil: null, lastLoginAt: '2026-01-05T10:00:00.000Z' });
    const locked = repo.updateLoginState(created.id, { failedLoginCount: 4, lockedUntil: '2026-01-05T10:15:00.000Z' });
    expect(locked).toMatchObject({ failedLoginCount: 4, lockedUntil: '2026-01-05T10:15:00.000Z', rowVersion: 3 });
    store.close();

    const reopened = new CandidateRepository(temp.open(file));
    expect(reopened.findById(created.id)).toMatchObject({
      failedLoginCount: 4,
      lockedUntil: '2026-01-05T10:15:00.000Z',
      lastLoginAt: '2026-01-05T10:00:00.000Z',
      rowVersion: 3,
    });

    reopened.updateLoginState(created.id, { failedLoginCount: 0, lockedUntil: null });
    expect(reopened.findById(created.id)).toMatchObject({ failedLoginCount: 0, lockedUntil: null, lastLoginAt: '2026-01-05T10:00:00.000Z' });
  });

  it('updateLoginState on an unknown id returns null', () => {
    const { repo } = setup();
    expect(repo.updateLoginState('missing', { failedLoginCount: 1, lockedUntil: null })).toBeNull();
  });
});
