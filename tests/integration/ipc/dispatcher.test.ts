import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, FakeClock, ownWindow, strongPassword, type TestApp } from '../../support/test-app';

describe('the IPC dispatcher', () => {
  let t: TestApp;
  beforeEach(() => {
    t = createTestApp();
  });
  afterEach(() => t.close());

  const adminAccount = { email: 'admin@example.com', password: strongPassword, fullName: 'Ada Admin' };

  it('refuses calls from a frame that is not the app’s own', async () => {
    const result = await t.app.dispatch('app.getStatus', {}, { windowId: 'w', trustedSender: false });
    expect(result).toMatchObject({ ok: false, error: { code: 'untrusted_sender' } });
  });

  it('refuses channels the contract does not declare', async () => {
    const result = await t.app.dispatch('db.exec', { sql: 'DROP TABLE candidates' }, ownWindow());
    expect(result).toMatchObject({ ok: false, error: { code: 'unknown_channel' } });
  });

  it('asks for a session on channels that are not public, and checks the role', async () => {
    expect(await t.app.dispatch('staff.list', {}, ownWindow())).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });

    await t.app.dispatch('setup.createFirstAdmin', adminAccount, ownWindow('admin'));
    const registered = await t.app.dispatch('auth.registerCandidate', { email: 'cand@example.com', password: strongPassword, fullName: 'Cara Candidate' }, ownWindow('kiosk'));
    expect(registered.ok).toBe(true);

    expect(await t.app.dispatch('staff.list', {}, ownWindow('kiosk'))).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const listed = await t.app.dispatch('staff.list', {}, ownWindow('admin'));
    expect(listed.ok).toBe(true);
  });

  it('keeps sessions per window: signing in on one window does not sign in another', async () => {
    await t.app.dispatch('setup.createFirstAdmin', adminAccount, ownWindow('a'));
    expect(await t.app.dispatch('auth.getSession', {}, ownWindow('a'))).toMatchObject({ ok: true, data: { user: { role: 'admin' } } });
    expect(await t.app.dispatch('auth.getSession', {}, ownWindow('b'))).toEqual({ ok: true, data: { user: null } });
    await t.app.dispatch('auth.signOut', {}, ownWindow('a'));
    expect(await t.app.dispatch('auth.getSession', {}, ownWindow('a'))).toEqual({ ok: true, data: { user: null } });
  });

  it('never sends a password hash to the renderer', async () => {
    await t.app.dispatch('setup.createFirstAdmin', adminAccount, ownWindow('a'));
    const listed = await t.app.dispatch('staff.list', {}, ownWindow('a'));
    expect(JSON.stringify(listed)).not.toMatch(/\$2[aby]\$|passwordHash|password_hash/);
  });

  it('answers a failing handler with a reference, not a stack trace, and logs the detail', async () => {
    t.app.database.sqlite.close(); // every query now throws inside the handler
    const result = await t.app.dispatch('app.getStatus', {}, ownWindow());
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('internal');
    expect(result.error.message).toMatch(/reference [0-9a-f]{8}/);
    expect(result.error.message).not.toMatch(/sqlite|database connection|\bat\s+\S+\.ts/i);
    const reference = /reference ([0-9a-f]{8})/.exec(result.error.message)?.[1];
    expect(t.logLines.some((line) => line.includes(reference!))).toBe(true);
    t.app.close = () => {}; // already closed
  });

  it('reports a duplicate registration as already registered, whatever the email’s case', async () => {
    await t.app.dispatch('setup.createFirstAdmin', adminAccount, ownWindow('a'));
    const first = await t.app.dispatch('auth.registerCandidate', { email: 'Dup@Example.com', password: strongPassword, fullName: 'Dee Dup' }, ownWindow('k1'));
    expect(first.ok).toBe(true);
    const second = await t.app.dispatch('auth.registerCandidate', { email: 'dup@example.com', password: strongPassword, fullName: 'Dee Dup' }, ownWindow('k2'));
    expect(second).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringMatching(/already registered/) } });
  });

  it('judges new passwords by the specification’s rules', async () => {
    const cases: Array<[string, RegExp]> = [
      ['Short-1', /at least 8/],
      ['lower-case-1', /upper-case/],
      ['No-Digits-Here', /digit/],
      ['NoSpecial123', /special/],
    ];
    for (const [password, message] of cases) {
      const result = await t.app.dispatch('auth.registerCandidate', { email: 'x@example.com', password, fullName: 'Xavier' }, ownWindow());
      expect(result).toMatchObject({ ok: false, error: { code: 'invalid_input', fields: { password: expect.stringMatching(message) } } });
    }
    const badName = await t.app.dispatch('auth.registerCandidate', { email: 'x@example.com', password: strongPassword, fullName: 'X' }, ownWindow());
    expect(badName).toMatchObject({ ok: false, error: { fields: { fullName: expect.stringMatching(/2 characters/) } } });
    const badEmail = await t.app.dispatch('auth.registerCandidate', { email: 'not-an-email', password: strongPassword, fullName: 'Xavier' }, ownWindow());
    expect(badEmail).toMatchObject({ ok: false, error: { fields: { email: expect.stringMatching(/valid email/) } } });
  });

  it('lets setup run once only', async () => {
    expect((await t.app.dispatch('app.getStatus', {}, ownWindow())) as unknown).toMatchObject({ ok: true, data: { needsSetup: true } });
    expect((await t.app.dispatch('setup.createFirstAdmin', adminAccount, ownWindow('a'))).ok).toBe(true);
    const again = await t.app.dispatch('setup.createFirstAdmin', { ...adminAccount, email: 'other@example.com' }, ownWindow('b'));
    expect(again).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(await t.app.dispatch('app.getStatus', {}, ownWindow())).toMatchObject({ ok: true, data: { needsSetup: false } });
  });

  it('signs an idle kiosk candidate out: calls they make move the deadline on, asking who is signed in does not, and "I’m still here" does', async () => {
    const clock = new FakeClock();
    const kiosk = createTestApp({ clock, machineSettings: { interview: { idleSignOutMinutes: 5 } } });
    try {
      const window = ownWindow('kiosk');
      const registered = await kiosk.app.dispatch('auth.registerCandidate', { email: 'idle@example.com', password: strongPassword, fullName: 'Ida Idle' }, window);
      expect(registered).toMatchObject({ ok: true, data: { endingBecause: 'inactivity' } });
      const signedInAt = clock.now().getTime();
      clock.advance(4 * 60_000);
      const deadline = (ms: number) => new Date(ms).toISOString();
      expect(await kiosk.app.dispatch('auth.getSession', {}, window)).toMatchObject({ ok: true, data: { user: { expiresAt: deadline(signedInAt + 5 * 60_000) } } });
      expect((await kiosk.app.dispatch('interview.getCurrent', {}, window)).ok).toBe(true);
      clock.advance(4 * 60_000);
      expect(await kiosk.app.dispatch('auth.stillHere', {}, window)).toMatchObject({ ok: true, data: { user: { expiresAt: deadline(clock.now().getTime() + 5 * 60_000) } } });
      clock.advance(5 * 60_000);
      expect(await kiosk.app.dispatch('auth.getSession', {}, window)).toEqual({ ok: true, data: { user: null } });
      expect(await kiosk.app.dispatch('interview.getCurrent', {}, window)).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
    } finally {
      kiosk.close();
    }
  });

  it('leaves staff signed in however long they are idle, at a kiosk too', async () => {
    const clock = new FakeClock();
    const kiosk = createTestApp({ clock });
    try {
      await kiosk.app.dispatch('setup.createFirstAdmin', adminAccount, ownWindow('admin'));
      clock.advance(3 * 3600_000);
      expect(await kiosk.app.dispatch('auth.getSession', {}, ownWindow('admin'))).toMatchObject({ ok: true, data: { user: { role: 'admin' } } });
    } finally {
      kiosk.close();
    }
  });
});
