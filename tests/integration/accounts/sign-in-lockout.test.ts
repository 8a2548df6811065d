import { afterEach, describe, expect, it, vi } from 'vitest';
import { PasswordHasher } from '../../../src-main/accounts/password-hasher';
import { appCalls, createTestApp, FakeClock, ownWindow, strongPassword, type TestApp } from '../../support/test-app';

const candidate = { email: 'cara@example.com', password: strongPassword, fullName: 'Cara Candidate' };
const admin = { email: 'admin@example.com', password: strongPassword, fullName: 'Ada Admin' };
const recruiter = { email: 'rita@example.com', password: strongPassword, fullName: 'Rita Recruiter', role: 'recruiter' };
const asCandidate = (password: string, email = candidate.email) => ({ accountKind: 'candidate' as const, email, password });
const asStaff = (email: string, password: string) => ({ accountKind: 'staff' as const, email, password });
const WRONG = 'Wrong-Password-1';

/** Counts the bcrypt checks of a password against an account (the decoy for unknown emails is not one). */
function countVerifications() {
  return vi.spyOn(PasswordHasher.prototype, 'verify');
}

type Answer = { ok: boolean; error?: { code: string; message: string } };
const codes = (answers: Answer[]) => answers.map((answer) => (answer.ok ? 'ok' : answer.error!.code));

describe('sign-in lockout: counted before bcrypt, kiosk device throttle, admin unlock', () => {
  let t: TestApp | undefined;
  afterEach(() => {
    vi.restoreAllMocks();
    t?.close();
    t = undefined;
  });

  it('runs bcrypt at most five times for 40 parallel wrong passwords at a kiosk; the rest are locked, the right password too', async () => {
    const clock = new FakeClock();
    t = createTestApp({ clock });
    await t.app.dispatch('auth.registerCandidate', candidate, ownWindow('register'));
    const verify = countVerifications();

    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, n) => t!.app.dispatch('auth.signIn', asCandidate(WRONG), ownWindow(`w${n}`))),
    );
    expect(verify.mock.calls.length).toBeLessThanOrEqual(5);
    expect(codes(answers).filter((code) => code === 'unauthenticated').length).toBeLessThanOrEqual(4);
    expect(codes(answers).filter((code) => code === 'locked').length).toBeGreaterThanOrEqual(36);
    expect(codes(answers)).not.toContain('ok');

    // Past the device's short wait, the account's own lock still refuses the right password, without bcrypt.
    clock.advance(10_000);
    expect(await t.app.dispatch('auth.signIn', asCandidate(strongPassword), ownWindow())).toMatchObject({
      ok: false,
      error: { code: 'locked', message: expect.stringMatching(/locked for 15 minutes/) },
    });
    expect(verify.mock.calls.length).toBeLessThanOrEqual(5);
    expect(t.app.database.sqlite.prepare('SELECT locked_until FROM candidates').get()).toEqual({
      locked_until: new Date(Date.parse('2026-11-25T09:00:00.000Z') + 15 * 60_000).toISOString(),
    });
  });

  it('runs bcrypt at most five times for 40 parallel wrong staff passwords on a recruiter device', async () => {
    t = createTestApp({ machineSettings: { mode: 'recruiter' } });
    await t.app.dispatch('setup.createFirstAdmin', admin, ownWindow('a'));
    await t.app.dispatch('staff.create', recruiter, ownWindow('a'));
    const verify = countVerifications();

    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, n) => t!.app.dispatch('auth.signIn', asStaff(recruiter.email, WRONG), ownWindow(`w${n}`))),
    );
    expect(verify.mock.calls.length).toBeLessThanOrEqual(5);
    expect(codes(answers).filter((code) => code === 'locked').length).toBeGreaterThanOrEqual(36);
    expect(await t.app.dispatch('auth.signIn', asStaff(recruiter.email, strongPassword), ownWindow())).toMatchObject({
      ok: false,
      error: { code: 'locked' },
    });
    expect(verify.mock.calls.length).toBeLessThanOrEqual(5);
  });

  it('still locks after five sequential wrong passwords on a recruiter device', async () => {
    t = createTestApp({ machineSettings: { mode: 'recruiter' } });
    await t.app.dispatch('setup.createFirstAdmin', admin, ownWindow('a'));
    await t.app.dispatch('staff.create', recruiter, ownWindow('a'));
    const answers: Answer[] = [];
    for (let i = 0; i < 5; i++) answers.push(await t.app.dispatch('auth.signIn', asStaff(recruiter.email, WRONG), ownWindow()));
    expect(codes(answers)).toEqual(['unauthenticated', 'unauthenticated', 'unauthenticated', 'unauthenticated', 'locked']);
    expect(await t.app.dispatch('auth.signIn', asStaff(recruiter.email, strongPassword), ownWindow())).toMatchObject({
      ok: false,
      error: { code: 'locked' },
    });
  });

  it('never lets a slow failing attempt clear a lock set while it ran', async () => {
    t = createTestApp({ machineSettings: { mode: 'recruiter' } });
    await t.app.dispatch('setup.createFirstAdmin', admin, ownWindow('a'));
    await t.app.dispatch('staff.create', recruiter, ownWindow('a'));

    const realVerify = PasswordHasher.prototype.verify;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let calls = 0;
    vi.spyOn(PasswordHasher.prototype, 'verify').mockImplementation(async function (this: PasswordHasher, password, hash) {
      const first = ++calls === 1;
      const matches = await realVerify.call(this, password, hash);
      if (first) await gate;
      return matches;
    });

    const slow = t.app.dispatch('auth.signIn', asStaff(recruiter.email, WRONG), ownWindow('slow'));
    await vi.waitFor(() => expect(calls).toBe(1));
    let locked = false;
    for (let i = 0; i < 5 && !locked; i++) {
      const answer = await t.app.dispatch('auth.signIn', asStaff(recruiter.email, WRONG), ownWindow());
      locked = !answer.ok && answer.error.code === 'locked';
    }
    expect(locked).toBe(true);

    release();
    expect(await slow).toMatchObject({ ok: false });
    expect(await t.app.dispatch('auth.signIn', asStaff(recruiter.email, strongPassword), ownWindow())).toMatchObject({
      ok: false,
      error: { code: 'locked' },
    });
    const row = t.app.database.sqlite.prepare('SELECT locked_until FROM recruiters WHERE email = ?').get(recruiter.email) as { locked_until: string | null };
    expect(row.locked_until).not.toBeNull();
  });

  it('throttles wrong staff passwords at a kiosk per device, progressively, without locking the admin account', async () => {
    const clock = new FakeClock();
    t = createTestApp({ clock });
    await t.app.dispatch('setup.createFirstAdmin', admin, ownWindow('a'));
    const verify = countVerifications();
    const signIn = (password: string) => t!.app.dispatch('auth.signIn', asStaff(admin.email, password), ownWindow('kiosk'));

    // Five tries in a row are answered as usual; none says "locked".
    const first: Answer[] = [];
    for (let i = 0; i < 5; i++) first.push(await signIn(WRONG));
    expect(codes(first)).toEqual(Array(5).fill('unauthenticated'));

    // Then each further try waits: 1 s, then 2 s, then 4 s… Tries during a wait never reach bcrypt.
    for (const waitSeconds of [1, 2, 4, 8, 16]) {
      expect(await signIn(WRONG)).toMatchObject({
        ok: false,
        error: { code: 'locked', message: expect.stringMatching(new RegExp(`on this device\\. Try again in ${waitSeconds} seconds?`)) },
      });
      clock.advance(waitSeconds * 1000);
      expect(await signIn(WRONG)).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
    }
    expect(verify.mock.calls.length).toBe(10);

    // The admin account itself was never counted or locked.
    expect(t.app.database.sqlite.prepare('SELECT failed_login_count, locked_until FROM recruiters').get()).toEqual({
      failed_login_count: 0,
      locked_until: null,
    });

    // The admin signs in once the wait is over, and that clears the device's count.
    expect(await signIn(strongPassword)).toMatchObject({ ok: false, error: { code: 'locked' } });
    clock.advance(32_000);
    expect(await signIn(strongPassword)).toMatchObject({ ok: true, data: { role: 'admin' } });
    expect(await signIn(WRONG)).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
  });

  it('runs bcrypt at most five times for 40 parallel wrong staff passwords at a kiosk, and the admin is not locked', async () => {
    const clock = new FakeClock();
    t = createTestApp({ clock });
    await t.app.dispatch('setup.createFirstAdmin', admin, ownWindow('a'));
    const verify = countVerifications();
    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, n) => t!.app.dispatch('auth.signIn', asStaff(admin.email, WRONG), ownWindow(`w${n}`))),
    );
    expect(verify.mock.calls.length).toBeLessThanOrEqual(5);
    expect(codes(answers).filter((code) => code === 'locked').length).toBeGreaterThanOrEqual(35);
    clock.advance(2000);
    expect(await t.app.dispatch('auth.signIn', asStaff(admin.email, strongPassword), ownWindow())).toMatchObject({ ok: true });
  });

  it('answers an unknown candidate email "locked" after the same five tries as a real account', async () => {
    const sequence = async (email: string) => {
      const app = createTestApp();
      try {
        await app.app.dispatch('auth.registerCandidate', candidate, ownWindow('register'));
        const answers: Answer[] = [];
        for (let i = 0; i < 5; i++) answers.push(await app.app.dispatch('auth.signIn', asCandidate(WRONG, email), ownWindow()));
        return answers;
      } finally {
        app.close();
      }
    };
    const known = await sequence(candidate.email);
    const unknown = await sequence('nobody@example.com');
    expect(codes(known)).toEqual(['unauthenticated', 'unauthenticated', 'unauthenticated', 'unauthenticated', 'locked']);
    expect(unknown).toEqual(known);
  });

  it('counts "already registered" against the kiosk, refusing a sixth try at once without hashing', async () => {
    t = createTestApp();
    await t.app.dispatch('auth.registerCandidate', candidate, ownWindow('register'));
    const hash = vi.spyOn(PasswordHasher.prototype, 'hash');
    for (let i = 0; i < 5; i++) {
      expect(await t.app.dispatch('auth.registerCandidate', candidate, ownWindow())).toMatchObject({ ok: false, error: { code: 'conflict' } });
    }
    expect(await t.app.dispatch('auth.registerCandidate', candidate, ownWindow())).toMatchObject({
      ok: false,
      error: { code: 'locked', message: expect.stringMatching(/on this device/) },
    });
    expect(hash).toHaveBeenCalledTimes(5);
  });

  it('lets an admin unlock a staff or candidate account, logs who did, and refuses anyone else', async () => {
    const clock = new FakeClock();
    t = createTestApp({ clock, machineSettings: { mode: 'recruiter' } });
    const calls = appCalls(() => t!.app, 'a');
    const adminUser = await calls.ok('setup.createFirstAdmin', admin);
    const rita = await calls.ok('staff.create', recruiter);
    for (let i = 0; i < 5; i++) await calls.call('auth.signIn', asStaff(recruiter.email, WRONG), 'guess');

    const listed = await calls.ok('staff.list', {});
    expect(listed.accounts.find((account) => account.id === rita.id)?.lockedUntil).toEqual(expect.any(String));
    expect(listed.accounts.find((account) => account.id === adminUser.id)?.lockedUntil).toBeNull();

    expect(await calls.ok('staff.unlockAccount', { accountKind: 'staff', id: rita.id })).toEqual({ accountKind: 'staff', id: rita.id, unlocked: true });
    expect(calls.rows('SELECT failed_login_count, locked_until FROM recruiters WHERE id = ?', rita.id)).toEqual([{ failed_login_count: 0, locked_until: null }]);
    const unlockedLine = t.logLines.map((line) => JSON.parse(line) as Record<string, unknown>).find((line) => line.msg === 'account unlocked by an administrator');
    expect(unlockedLine).toMatchObject({ accountId: rita.id, kind: 'staff', unlockedBy: adminUser.id });

    // Rita signs in; as a recruiter she may not unlock anyone.
    expect(await calls.call('auth.signIn', asStaff(recruiter.email, strongPassword), 'r')).toMatchObject({ ok: true });
    expect(await calls.call('staff.unlockAccount', { accountKind: 'staff', id: adminUser.id }, 'r')).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await calls.call('staff.unlockAccount', { accountKind: 'staff', id: adminUser.id }, 'nobody')).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
    expect(await calls.call('staff.unlockAccount', { accountKind: 'candidate', id: '01938a5e-7c1a-7000-8000-000000000001' })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
  });

  it('lets an admin unlock a candidate at a kiosk', async () => {
    const clock = new FakeClock();
    t = createTestApp({ clock });
    const calls = appCalls(() => t!.app, 'a');
    await calls.ok('setup.createFirstAdmin', admin);
    const cara = await calls.ok('auth.registerCandidate', candidate, 'register');
    for (let i = 0; i < 5; i++) await calls.call('auth.signIn', asCandidate(WRONG), 'k');
    clock.advance(5000); // past the device's short wait, so only the account lock is left
    expect(await calls.call('auth.signIn', asCandidate(strongPassword), 'k')).toMatchObject({ ok: false, error: { code: 'locked' } });

    expect(await calls.ok('staff.unlockAccount', { accountKind: 'candidate', id: cara.id })).toMatchObject({ unlocked: true });
    expect(await calls.call('auth.signIn', asCandidate(strongPassword), 'k')).toMatchObject({ ok: true, data: { role: 'candidate' } });
  });
});
