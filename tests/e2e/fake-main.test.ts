import { describe, expect, it } from 'vitest';
import { answerAsMain, fakeErrorReports } from './support/fake-main';

/**
 * The stand-in for main that the interview-screen tests use holds the page
 * to the same IPC contract the real dispatcher (src-main/ipc/dispatcher.ts)
 * enforces: what main would refuse, it refuses; what main could never send,
 * it will not send. No browser is needed to show it.
 */
const answer = (data: unknown) => async () => ({ ok: true as const, data });

describe('the fake main', () => {
  it('refuses an input that fails the channel’s schema as invalid_input, before the handler runs', async () => {
    let ran = false;
    const handler = async () => {
      ran = true;
      return { ok: true as const, data: { discarded: 0 } };
    };
    const refused = await answerAsMain('interview.discardAnswer', { interviewId: 'not-a-uuid', questionMessageId: 'x' }, handler);
    expect(refused).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(ran).toBe(false);
    const extraKey = await answerAsMain('interview.getCurrent', { sneaky: true }, answer({ interview: null }));
    expect(extraKey).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('refuses a channel the candidate’s role may not call as forbidden, and an input over the channel’s size limit as too_large', async () => {
    let ran = false;
    const handler = async () => {
      ran = true;
      return { ok: true as const, data: { accounts: [] } };
    };
    expect(await answerAsMain('staff.list', {}, handler)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const huge = await answerAsMain('interview.getCurrent', { padding: 'x'.repeat(70 * 1024) }, answer({ interview: null }));
    expect(huge).toMatchObject({ ok: false, error: { code: 'too_large' } });
    expect(ran).toBe(false);
  });

  it('drops a window’s error reports over main’s limit of 10 a minute, answering recorded: false as main does', async () => {
    const report = fakeErrorReports();
    const answers = [];
    for (let i = 0; i < 11; i++) answers.push(await answerAsMain('errors.report', { kind: 'error', errorClass: 'TypeError', message: 'x is undefined', stack: '' }, report));
    expect(answers.slice(0, 10).every((reply) => reply.ok && (reply.data as { recorded: boolean }).recorded)).toBe(true);
    expect(answers[10]).toEqual({ ok: true, data: { recorded: false } });
  });

  it('answers a channel the contract does not declare as unknown_channel', async () => {
    expect(await answerAsMain('interview.deleteEverything', {}, answer({}))).toMatchObject({ ok: false, error: { code: 'unknown_channel' } });
  });

  it('hands the handler the parsed input and passes a well-formed answer on', async () => {
    let seen: unknown = null;
    const result = await answerAsMain('interview.getCurrent', {}, async (input) => {
      seen = input;
      return { ok: true as const, data: { interview: null } };
    });
    expect(seen).toEqual({});
    expect(result).toEqual({ ok: true, data: { interview: null } });
  });

  it('throws rather than send a reply main could never send', async () => {
    await expect(answerAsMain('interview.getCurrent', {}, answer({ interview: { id: 42 } }))).rejects.toThrow(/could never send/);
  });
});
