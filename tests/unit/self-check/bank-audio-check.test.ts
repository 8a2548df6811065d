import { describe, expect, it } from 'vitest';
import { kioskCheckSchema, type BankAudioProgress } from '../../../shared/ipc/kiosk-channels';
import { checkBankAudio } from '../../../src-main/self-check/bank-audio-check';

const now = new Date('2026-11-25T09:00:00.000Z');
const progress = (changes: Partial<BankAudioProgress>): BankAudioProgress => ({
  state: 'preparing',
  questionsReady: 212,
  questions: 360,
  partsReady: 330,
  parts: 569,
  problem: null,
  nextTryAt: null,
  ...changes,
});

describe('the offline question audio check', () => {
  it('passes once every bank question is ready, saying how many', () => {
    const check = checkBankAudio(progress({ state: 'complete', questionsReady: 360, partsReady: 569 }), now);
    expect(check).toEqual({
      id: 'bank-audio',
      label: 'Offline question audio',
      status: 'ok',
      detail: 'Complete: all 360 question bank questions can be spoken on this kiosk with no AI service (569 sentences in its speech cache).',
      fix: null,
    });
  });

  it.each([
    ['preparing', /being prepared now/],
    ['waiting', /once the kiosk has been idle/],
    ['paused', /paused while an interview is in progress/],
  ] as const)('while %s, says how many are ready and what happens next, as something to look at but not to stop a sitting for', (state, next) => {
    const check = checkBankAudio(progress({ state }), now);
    expect(check.status).toBe('warn');
    expect(check.detail).toMatch(/^212 of 360 question bank questions ready to be spoken with no AI service; /);
    expect(check.detail).toMatch(next);
    expect(check.detail).toMatch(/shown as text/);
    expect(check.fix).toMatch(/switched on and online/);
  });

  it('after a failure, says why and when it is tried again, and points at the provider', () => {
    const check = checkBankAudio(
      progress({ state: 'retrying', problem: "The AI provider's text-to-speech service failed on its side (HTTP 500).", nextTryAt: '2026-11-25T09:05:00.000Z' }),
      now,
    );
    expect(check.status).toBe('warn');
    expect(check.detail).toBe(
      "212 of 360 question bank questions ready to be spoken with no AI service. Preparing the rest failed: The AI provider's text-to-speech service failed on its side (HTTP 500). It is tried again in about 5 minutes.",
    );
    expect(check.fix).toMatch(/AI provider line/);
  });

  it('is not needed on a recruiter laptop, and fails when the bank cannot be read', () => {
    expect(checkBankAudio(progress({ state: 'off' }), now)).toMatchObject({ status: 'ok', detail: expect.stringMatching(/^Not needed: this device is in recruiter mode/) });
    const broken = checkBankAudio(progress({ state: 'unavailable', questions: 0, questionsReady: 0, problem: 'The question bank could not be read: react.json is not valid JSON.' }), now);
    expect(broken).toMatchObject({ status: 'fail', detail: expect.stringContaining('react.json is not valid JSON'), fix: expect.stringMatching(/Reinstall/) });
  });

  it('keeps within what the channel carries, however long the reason', () => {
    const check = checkBankAudio(progress({ state: 'retrying', problem: 'x'.repeat(5000) }), now);
    expect(kioskCheckSchema.safeParse(check).success).toBe(true);
  });
});
