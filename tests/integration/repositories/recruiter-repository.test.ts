import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DuplicateEmailError } from '../../../src-main/repositories/errors';
import { RecruiterRepository } from '../../../src-main/repositories/recruiter-repository';
import { SteppingClock, useTempDirs } from '../db/support';

const temp = useTempDirs();

function setup() {
  const file = join(temp.make(), 'kiosk.sqlite');
  const store = temp.open(file);
  return { file, store, repo: new RecruiterRepository(store, new SteppingClock()) };
}

const admin = { email: 'Admin@Example.com', fullName: 'First Admin', passwordHash: 'h' };

describe('RecruiterRepository', () => {
  it('createFirstAdmin creates an admin once, then returns null', () => {
    const { repo } = setup();
    expect(repo.countAdmins()).toBe(0);

    const first = repo.createFirstAdmin(admin);
    expect(first).toMatchObject({
      email: 'admin@example.com',
      fullName: 'First Admin',
      role: 'admin',
      isActive: true,
      organizationId: null,
      failedLoginCount: 0,
      lockedUntil: null,
      lastLoginAt: null,
      rowVersion: 1,
    });
    expect(repo.countAdmins()).toBe(1);

    expect(repo.createFirstAdmin({ email: 'second@example.com', fullName: 'Second Admin', passwordHash: 'h' })).toBeNull();
    expect(repo.countAdmins()).toBe(1);
    expect(repo.findByEmail('second@example.com')).toBeNull();
  });

  it('createFirstAdmin is refused when a recruiter already uses the email', () => {
    const { repo } = setup();
    repo.create({ email: 'admin@example.com', fullName: 'A Recruiter', passwordHash: 'h', role: 'recruiter' });
    expect(() => repo.createFirstAdmin(admin)).toThrow(DuplicateEmailError);
    expect(repo.countAdmins()).toBe(0);
  });

  it('creates staff of every role, lists them oldest first and counts only admins', () => {
    const { repo } = setup();
    const a = repo.createFirstAdmin(admin)!;
    const r = repo.create({ email: 'rec@example.com', fullName: 'Rec Ruiter', passwordHash: 'h', role: 'recruiter' });
    const v = repo.create({ email: 'view@example.com', fullName: 'Vi Ewer', passwordHash: 'h', role: 'viewer' });

    expect(repo.list().map((s) => [s.id, s.role])).toEqual([
      [a.id, 'admin'],
      [r.id, 'recruiter'],
      [v.id, 'viewer'],
    ]);
    expect(repo.countAdmins()).toBe(1);
    expect(repo.findById(r.id)).toEqual(r);
    expect(repo.findByEmail('VIEW@example.com')).toEqual(v);
  });

  it('refuses a duplicate email in another letter case', () => {
    const { repo } = setup();
    repo.create({ email: 'rec@example.com', fullName: 'Rec Ruiter', passwordHash: 'h', role: 'recruiter' });
    expect(() => repo.create({ email: 'REC@example.com', fullName: 'Other', passwordHash: 'h', role: 'viewer' })).toThrow(
      DuplicateEmailError,
    );
    expect(repo.list()).toHaveLength(1);
  });

  it('persists login state across a restart', () => {
    const { file, store, repo } = setup();
    const member = repo.create({ email: 'rec@example.com', fullName: 'Rec Ruiter', passwordHash: 'h', role: 'recruiter' });
    repo.updateLoginState(member.id, { failedLoginCount: 2, lockedUntil: null, lastLoginAt: '2026-01-05T11:00:00.000Z' });
    store.close();

    const reopened = new RecruiterRepository(temp.open(file));
    expect(reopened.findById(member.id)).toMatchObject({
      failedLoginCount: 2,
      lockedUntil: null,
      lastLoginAt: '2026-01-05T11:00:00.000Z',
      rowVersion: 2,
    });
    expect(reopened.updateLoginState('missing', { failedLoginCount: 1, lockedUntil: null })).toBeNull();
  });
});
