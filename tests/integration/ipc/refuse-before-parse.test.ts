import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_MAX_INPUT_BYTES, inputByteLimit } from '../../../shared/ipc/channel';
import { channels } from '../../../shared/ipc/contract';
import { appErrorSchema } from '../../../shared/ipc/result';
import { createTestApp, ownWindow, strongPassword, type TestApp } from '../../support/test-app';

const SOME_ID = '01938a5e-7c1a-7000-8000-000000000001';

/**
 * The dispatcher decides who may call before it reads what they sent: an
 * anonymous or wrong-role caller learns nothing of a channel's schema, and a
 * huge input costs no more than its size check.
 */
describe('the dispatcher refuses before it parses', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = createTestApp();
    await t.app.dispatch('setup.createFirstAdmin', { email: 'admin@example.com', password: strongPassword, fullName: 'Ada Admin' }, ownWindow('admin'));
    await t.app.dispatch('auth.registerCandidate', { email: 'cand@example.com', password: strongPassword, fullName: 'Cara Candidate' }, ownWindow('kiosk'));
  });
  afterEach(() => {
    vi.restoreAllMocks();
    t.close();
  });

  const badStaffInput = { email: 42, password: 'x', fullName: '', role: 'overlord', isSuperUser: true };

  it('answers an anonymous caller on a staff channel with unauthenticated, and no word of the schema', async () => {
    const result = await t.app.dispatch('staff.create', badStaffInput, ownWindow('stranger'));
    expect(result).toEqual({ ok: false, error: { code: 'unauthenticated', message: expect.any(String) } });
    expect(JSON.stringify(result)).not.toMatch(/email|password|fullName|role|overlord|isSuperUser|recruiter|expected/i);
  });

  it('answers a candidate on a staff channel with forbidden, and no word of the schema', async () => {
    const result = await t.app.dispatch('staff.create', badStaffInput, ownWindow('kiosk'));
    expect(result).toEqual({ ok: false, error: { code: 'forbidden', message: expect.any(String) } });
    expect(JSON.stringify(result)).not.toMatch(/email|password|fullName|overlord|isSuperUser|recruiter|expected/i);
  });

  it('refuses 200,000 unknown keys with a short error, without validating them', async () => {
    const manyKeys = Object.fromEntries(Array.from({ length: 200_000 }, (_, i) => [`unexpected_key_${i}`, i]));
    const validate = vi.spyOn(channels['auth.signIn'].input, 'safeParse');
    const result = await t.app.dispatch('auth.signIn', manyKeys, ownWindow('stranger'));
    expect(result).toMatchObject({ ok: false, error: { code: 'too_large' } });
    expect(JSON.stringify(result).length).toBeLessThan(2048);
    expect(JSON.stringify(result)).not.toContain('unexpected_key_');
    expect(validate).not.toHaveBeenCalled();
  });

  it('names at most three unknown keys when a small input has many', async () => {
    const manyKeys = Object.fromEntries(Array.from({ length: 2000 }, (_, i) => [`k${i}`, 1]));
    const result = await t.app.dispatch('staff.list', manyKeys, ownWindow('admin'));
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringMatching(/k0, k1, k2 and 1997 more/) } });
    expect(JSON.stringify(result).length).toBeLessThan(1024);
  });

  it('names at most three problems, each short', async () => {
    const long = 'y'.repeat(5000);
    const result = await t.app.dispatch('auth.registerCandidate', { email: long, password: long, fullName: long, [long]: 1, [`${long}2`]: 2 }, ownWindow('stranger'));
    expect(result.ok).toBe(false);
    expect(JSON.stringify(result).length).toBeLessThan(2048);
    expect(JSON.stringify(result)).not.toContain('y'.repeat(100));
  });

  it('refuses a 20 MB input with a typed too-large error naming the limit, before validating it', async () => {
    const validate = vi.spyOn(channels['secrets.set'].input, 'safeParse');
    const result = await t.app.dispatch('secrets.set', { name: 'openai-api-key', value: 'k'.repeat(20 * 1024 * 1024) }, ownWindow('admin'));
    expect(result).toEqual({ ok: false, error: { code: 'too_large', message: expect.stringContaining(`${DEFAULT_MAX_INPUT_BYTES} bytes`) } });
    expect(appErrorSchema.safeParse((result as { error: unknown }).error).success).toBe(true);
    expect(validate).not.toHaveBeenCalled();

    const segment = await t.app.dispatch(
      'interview.answerSegment',
      { interviewId: SOME_ID, questionMessageId: SOME_ID, segmentIndex: 0, audioWavBase64: 'A'.repeat(20 * 1024 * 1024), startedAfterQuestionMs: 0, endedAfterQuestionMs: 1 },
      ownWindow('kiosk'),
    );
    const audioLimit = inputByteLimit(channels['interview.answerSegment']);
    expect(audioLimit).toBeGreaterThan(DEFAULT_MAX_INPUT_BYTES);
    expect(audioLimit).toBeLessThan(20 * 1024 * 1024);
    expect(segment).toMatchObject({ ok: false, error: { code: 'too_large', message: expect.stringContaining(`${audioLimit} bytes`) } });
  });

  it('checks the role before the size: a 20 MB input from a stranger is unauthenticated', async () => {
    const result = await t.app.dispatch('secrets.set', { name: 'openai-api-key', value: 'k'.repeat(20 * 1024 * 1024) }, ownWindow('stranger'));
    expect(result).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
  });

  it('survives inputs that are cyclic or nested deeper than a validator can recurse', async () => {
    const cyclic: Record<string, unknown> = { name: 'openai-api-key' };
    cyclic.value = cyclic; // as JSON it never ends, so it counts as too large
    expect(await t.app.dispatch('secrets.set', cyclic, ownWindow('admin'))).toMatchObject({ ok: false, error: { code: 'too_large' } });
    let deep: unknown = [];
    for (let i = 0; i < 200_000; i++) deep = [deep];
    expect(await t.app.dispatch('secrets.set', { name: 'openai-api-key', value: deep }, ownWindow('admin'))).toMatchObject({ ok: false, error: { code: 'too_large' } });
    const arrays = { name: 'openai-api-key', value: new Array(10_000_000).fill(0) };
    expect(await t.app.dispatch('secrets.set', arrays, ownWindow('admin'))).toMatchObject({ ok: false, error: { code: 'too_large' } });
  });

  it('still lets a large declared input through to its schema', async () => {
    const result = await t.app.dispatch('resume.upload', { fileName: 'cv.pdf', fileBase64: 'A'.repeat(4 * 1024 * 1024), extra: 1 }, ownWindow('kiosk'));
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringMatching(/extra/) } });
  });
});
