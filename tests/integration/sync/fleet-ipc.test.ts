import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, ownWindow, strongPassword, type TestApp } from '../../support/test-app';

const apps: TestApp[] = [];
afterEach(() => {
  for (const app of apps.splice(0)) app.close();
});

describe('fleet.devices over IPC', () => {
  it('is for admins only; on a device that does not sync it says why and lists nothing', async () => {
    const t = createTestApp();
    apps.push(t);
    const admin = ownWindow('admin');
    await t.app.dispatch('setup.createFirstAdmin', { email: 'admin@example.com', password: strongPassword, fullName: 'Ada Admin' }, admin);
    await t.app.dispatch('staff.create', { email: 'rita@example.com', password: strongPassword, fullName: 'Rita Recruiter', role: 'recruiter' }, admin);
    const recruiter = ownWindow('recruiter');
    await t.app.dispatch('auth.signIn', { accountKind: 'staff', email: 'rita@example.com', password: strongPassword }, recruiter);

    expect(await t.app.dispatch('fleet.devices', {}, recruiter)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await t.app.dispatch('fleet.devices', { extra: 1 } as never, admin)).toMatchObject({ ok: false });
    expect(await t.app.dispatch('fleet.devices', {}, admin)).toEqual({
      ok: true,
      data: { live: false, fetchedAt: null, fleet: null, problem: expect.stringMatching(/does not sync with a hosted database/) },
    });
  });
});
