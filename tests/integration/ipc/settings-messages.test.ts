import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, ownWindow, strongPassword, type TestApp } from '../../support/test-app';

/*
 * A device setting refused over IPC (the admin screen's save) says which
 * setting and what it accepts, not zod's "Too small: expected number to be
 * >=800", whatever was wrong with it. The screen checks with the same schema
 * first; this is the answer when something gets past it.
 */
describe('settings.update refusals', () => {
  let t: TestApp;
  const admin = ownWindow('admin-window');

  beforeAll(async () => {
    t = createTestApp();
    const created = await t.app.dispatch('setup.createFirstAdmin', { email: 'admin@example.com', password: strongPassword, fullName: 'Ada Admin' }, admin);
    expect(created.ok).toBe(true);
  });
  afterAll(() => t.close());

  it.each([
    ['out of range', { interview: { endOfTurnSilenceMs: 4 } }, 'interview', 'End-of-answer silence must be a whole number of milliseconds from 800 to 10000.'],
    ['of the wrong type', { interview: { endOfTurnSilenceMs: '2000' } }, 'interview', 'End-of-answer silence must be a whole number of milliseconds from 800 to 10000.'],
    ['too long', { smtp: { username: 'u'.repeat(256) } }, 'smtp', 'SMTP username must be text of at most 255 characters.'],
    ['not a choice', { mode: 'laptop' }, 'mode', 'Device mode must be kiosk or recruiter.'],
  ])('%s: names the setting and its range, and changes nothing', async (_what, patch, field, message) => {
    const before = t.app.services.settings.get();
    const result = await t.app.dispatch('settings.update', patch, admin);
    expect(result).toEqual({ ok: false, error: { code: 'invalid_input', message, fields: { [field]: message } } });
    expect(t.app.services.settings.get()).toEqual(before);
  });

  it('a stored secret that is too long says its limit', async () => {
    const result = await t.app.dispatch('secrets.set', { name: 'smtp-password', value: 'p'.repeat(4097) }, admin);
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_input', fields: { value: 'A stored secret must be text of 1 to 4096 characters.' } } });
  });
});
