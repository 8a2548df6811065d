import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { inputByteLimit } from '../../../shared/ipc/channel';
import { channelNames, channels, type ChannelName } from '../../../shared/ipc/contract';
import { appCalls, createTestApp, ownWindow, strongPassword, type TestApp } from '../../support/test-app';
import { agreeToNotice } from '../../support/consent';

/**
 * Every channel, fed malformed input by a caller its role allows, must answer
 * `invalid_input` (or `too_large`, for an input over the channel's size
 * limit) and change nothing: not the database, not the settings file, not
 * the session. Callers the role does not allow are refused before their input
 * is read (tests/integration/ipc/refuse-before-parse.test.ts).
 */
function badPayloadsFor(name: ChannelName): Array<[string, unknown]> {
  const payloads: Array<[string, unknown]> = [
    ['undefined', undefined],
    ['null', null],
    ['a number', 42],
    ['a string', 'hello'],
    ['an array', []],
    ['an extra key', { unexpectedKey: 'x' }],
  ];
  const input = channels[name].input;
  if (input instanceof z.ZodObject) {
    for (const [key, field] of Object.entries(input.shape as Record<string, z.ZodType>)) {
      const wrongType = field.safeParse('text').success ? 12345 : 'not-the-right-type';
      payloads.push([`${key} of the wrong type`, { ...validSample(name), [key]: wrongType }]);
      payloads.push([`${key} oversized`, { ...validSample(name), [key]: 'x'.repeat(100_000) }]);
    }
    payloads.push(['a valid payload plus an extra key', { ...validSample(name), extra: true }]);
  }
  return payloads;
}

const SOME_ID = '01938a5e-7c1a-7000-8000-000000000001';

/** A payload each channel accepts, so a broken field is the only fault. */
function validSample(name: ChannelName): Record<string, unknown> {
  const account = { email: 'someone@example.com', password: strongPassword, fullName: 'Sam Someone' };
  switch (name) {
    case 'setup.createFirstAdmin':
    case 'auth.registerCandidate':
      return account;
    case 'auth.signIn':
      return { accountKind: 'staff', email: account.email, password: account.password };
    case 'staff.create':
      return { ...account, role: 'recruiter' };
    case 'settings.update':
      return { mode: 'kiosk' };
    case 'secrets.set':
      return { name: 'openai-api-key', value: 'value' };
    case 'review.get':
    case 'review.retryScoring':
    case 'review.exportPdf':
    case 'audit.trail':
      return { interviewId: SOME_ID };
    case 'review.answerAudio':
      return { interviewId: SOME_ID, messageId: SOME_ID };
    case 'review.decide':
      return { interviewId: SOME_ID, decision: 'hold', note: 'A note.' };
    case 'proctor.setPin':
    case 'sitting.unlock':
      return { pin: '482913' };
    case 'proctor.openSitting':
      return { candidateEmail: 'cand@example.com', identityCheck: 'Passport', identityConfirmed: true, roleType: 'python' };
    case 'sitting.addNote':
      return { text: 'A note.' };
    case 'atsExport.make':
      return { roleType: 'react', from: '2026-01-01', to: '2026-12-31', fileType: 'csv' };
    case 'errors.report':
      return { kind: 'error', errorClass: 'TypeError', message: 'x is undefined', stack: '' };
    case 'sync.enrol':
      // Never sent whole: each broken variant is refused before anything reaches a database.
      return { host: 'db.example.com', code: '7KQ2M-XH4TD' };
    default:
      return {};
  }
}

describe('every IPC channel refuses malformed input without changing state', () => {
  let t: TestApp;
  const admin = ownWindow('admin-window');
  const candidate = ownWindow('candidate-window');
  const proctor = ownWindow('proctor-window');

  beforeAll(async () => {
    t = createTestApp();
    const created = await t.app.dispatch('setup.createFirstAdmin', { email: 'admin@example.com', password: strongPassword, fullName: 'Ada Admin' }, admin);
    expect(created.ok).toBe(true);
    const registered = await t.app.dispatch('auth.registerCandidate', { email: 'cand@example.com', password: strongPassword, fullName: 'Cara Candidate' }, candidate);
    expect(registered.ok).toBe(true);
    // Agreed to the notice, so a call that records their voice is refused for its input, not for want of consent.
    await agreeToNotice(appCalls(() => t.app, candidate.windowId));
    const account = { email: 'proctor@example.com', password: strongPassword, fullName: 'Priya Proctor' };
    expect((await t.app.dispatch('staff.create', { ...account, role: 'proctor' }, admin)).ok).toBe(true);
    expect((await t.app.dispatch('auth.signIn', { accountKind: 'staff', email: account.email, password: account.password }, proctor)).ok).toBe(true);
  });
  afterAll(() => t.close());

  function snapshot() {
    const { sqlite } = t.app.database;
    const count = (table: string) => (sqlite.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
    return {
      candidates: count('candidates'),
      recruiters: count('recruiters'),
      outbox: count('sync_outbox'),
      settings: JSON.stringify(t.app.services.settings.get()),
      session: t.app.sessions.get(admin.windowId)?.id ?? null,
      candidateSession: t.app.sessions.get(candidate.windowId)?.id ?? null,
      proctorSession: t.app.sessions.get(proctor.windowId)?.id ?? null,
      sittings: count('proctor_sittings'),
    };
  }

  it('covers every declared channel', () => {
    expect(channelNames.length).toBeGreaterThanOrEqual(12);
  });

  for (const name of channelNames) {
    it(`${name}`, async () => {
      const before = snapshot();
      const access = channels[name].access;
      const caller = access === 'public' || access.includes('admin') ? admin : access.includes('candidate') ? candidate : proctor;
      for (const [label, payload] of badPayloadsFor(name)) {
        const result = await t.app.dispatch(name, payload, caller);
        expect(result.ok, `${name} accepted ${label}`).toBe(false);
        if (!result.ok) {
          const expected = label.endsWith('oversized') && JSON.stringify(payload).length > inputByteLimit(channels[name]) ? 'too_large' : 'invalid_input';
          expect(result.error.code, `${name} with ${label}`).toBe(expected);
          expect(result.error.message).not.toMatch(/\n\s+at /);
        }
      }
      expect(snapshot()).toEqual(before);
    });
  }
});
