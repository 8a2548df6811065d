import { afterEach, describe, expect, it } from 'vitest';
import { PasswordHasher } from '../../../src-main/accounts/password-hasher';
import { createTestApp, FakeClock, ownWindow, strongPassword, type TestApp } from '../../support/test-app';

const candidate = { email: 'cara@example.com', password: strongPassword, fullName: 'Cara Candidate' };
const signIn = (password: string) => ({ accountKind: 'candidate' as const, email: candidate.email, password });

describe('accounts: lockout, sessions and what reaches the logs', () => {
  let t: TestApp | undefined;
  afterEach(() => t?.close());

  it('locks an account for 15 minutes after five wrong passwords, even across a restart', async () => {
    const clock = new FakeClock();
    t = createTestApp({ clock });
    await t.app.dispatch('auth.registerCandidate', candidate, ownWindow('register'));

    for (let attempt = 1; attempt <= 4; attempt++) {
      expect(await t.app.dispatch('auth.signIn', signIn('Wrong-Password-1'), ownWindow())).toMatchObject({
        ok: false,
        error: { code: 'unauthenticated', message: 'Email or password is incorrect.' },
      });
    }
    expect(await t.app.dispatch('auth.signIn', signIn('Wrong-Password-1'), ownWindow())).toMatchObject({
      ok: false,
      error: { code: 'locked', message: expect.stringMatching(/locked for 15 minutes/) },
    });

    // The right password does not help while locked, and a restart does not unlock.
    const dataDir = t.dataDir;
    t.app.close();
    t = createTestApp({ clock, dataDir });
    expect(await t.app.dispatch('auth.signIn', signIn(strongPassword), ownWindow())).toMatchObject({ ok: false, error: { code: 'locked' } });

    clock.advance(14 * 60_000);
    expect(await t.app.dispatch('auth.signIn', signIn(strongPassword), ownWindow())).toMatchObject({
      ok: false,
      error: { code: 'locked', message: expect.stringMatching(/in 1 minute/) },
    });
    clock.advance(60_000);
    expect(await t.app.dispatch('auth.signIn', signIn(strongPassword), ownWindow())).toMatchObject({ ok: true, data: { role: 'candidate' } });
  });

  it('resets the count of wrong passwords after a successful sign-in', async () => {
    const clock = new FakeClock();
    t = createTestApp({ clock });
    // At a person's pace: the kiosk's device throttle (sign-in-lockout.test.ts) slows a rapid run of failures.
    const attempt = (password: string) => {
      clock.advance(30_000);
      return t!.app.dispatch('auth.signIn', signIn(password), ownWindow());
    };
    await t.app.dispatch('auth.registerCandidate', candidate, ownWindow('register'));
    for (let i = 0; i < 4; i++) await attempt('Wrong-Password-1');
    expect((await attempt(strongPassword)).ok).toBe(true);
    for (let i = 0; i < 4; i++) expect(await attempt('Wrong-Password-1')).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
    expect((await attempt(strongPassword)).ok).toBe(true);
  });

  it('answers an unknown email exactly as a wrong password', async () => {
    t = createTestApp();
    const unknown = await t.app.dispatch('auth.signIn', { accountKind: 'staff', email: 'nobody@example.com', password: 'Whatever-1' }, ownWindow());
    expect(unknown).toEqual({ ok: false, error: { code: 'unauthenticated', message: 'Email or password is incorrect.' } });
  });

  it('ends a session 24 hours after sign-in and tells the window', async () => {
    const clock = new FakeClock();
    // A recruiter laptop: at a kiosk a candidate idle this long is signed out long before (see the dispatcher's tests).
    t = createTestApp({ clock, machineSettings: { mode: 'recruiter' } });
    const seen: unknown[] = [];
    t.app.events.subscribe((windowId, event, payload) => seen.push({ windowId, event, payload }));
    await t.app.dispatch('setup.createFirstAdmin', { email: 'ada@example.com', password: strongPassword, fullName: 'Ada Admin' }, ownWindow('w'));

    clock.advance(24 * 60 * 60_000 - 1000);
    expect(await t.app.dispatch('auth.getSession', {}, ownWindow('w'))).toMatchObject({ ok: true, data: { user: { role: 'admin' } } });
    clock.advance(1000);
    t.app.sessions.sweep();
    expect(seen.at(-1)).toEqual({ windowId: 'w', event: 'session.changed', payload: { user: null } });
    expect(await t.app.dispatch('auth.signOut', {}, ownWindow('w'))).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
  });

  it('refuses candidate registration and sign-in on a recruiter device', async () => {
    t = createTestApp({ machineSettings: { mode: 'recruiter' } });
    expect(await t.app.dispatch('auth.registerCandidate', candidate, ownWindow())).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await t.app.dispatch('auth.signIn', signIn(strongPassword), ownWindow())).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('lets an admin create a recruiter who can then sign in as staff', async () => {
    t = createTestApp();
    await t.app.dispatch('setup.createFirstAdmin', { email: 'admin@example.com', password: strongPassword, fullName: 'Ada Admin' }, ownWindow('a'));
    const created = await t.app.dispatch('staff.create', { email: 'rita@example.com', password: strongPassword, fullName: 'Rita Recruiter', role: 'recruiter' }, ownWindow('a'));
    expect(created).toMatchObject({ ok: true, data: { role: 'recruiter', isActive: true } });
    const signedIn = await t.app.dispatch('auth.signIn', { accountKind: 'staff', email: 'rita@example.com', password: strongPassword }, ownWindow('r'));
    expect(signedIn).toMatchObject({ ok: true, data: { role: 'recruiter', kind: 'staff', fullName: 'Rita Recruiter' } });
    // A staff email is not a candidate login.
    const asCandidate = await t.app.dispatch('auth.signIn', { accountKind: 'candidate', email: 'rita@example.com', password: strongPassword }, ownWindow('r2'));
    expect(asCandidate).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
  });

  it('never writes an email, password or hash to the logs', async () => {
    t = createTestApp();
    await t.app.dispatch('setup.createFirstAdmin', { email: 'admin@example.com', password: strongPassword, fullName: 'Ada Admin' }, ownWindow('a'));
    await t.app.dispatch('auth.registerCandidate', candidate, ownWindow('k'));
    for (let i = 0; i < 5; i++) await t.app.dispatch('auth.signIn', signIn('Wrong-Password-1'), ownWindow('k'));
    const log = t.logLines.join('\n');
    expect(t.logLines.length).toBeGreaterThan(3);
    expect(log).not.toContain('cara@example.com');
    expect(log).not.toContain('admin@example.com');
    expect(log).not.toContain(strongPassword);
    expect(log).not.toContain('Wrong-Password-1');
    expect(log).not.toMatch(/\$2[aby]\$/);
  });

  it('hashes with bcrypt cost 12 in the product', async () => {
    const hash = await new PasswordHasher().hash(strongPassword);
    expect(hash).toMatch(/^\$2[aby]\$12\$/);
    expect(await new PasswordHasher().verify(strongPassword, hash)).toBe(true);
  });
});
