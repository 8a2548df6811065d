import { describe, expect, it } from 'vitest';
import { inputByteLimit } from '../../../shared/ipc/channel';
import { errorChannels, errorReportInputSchema } from '../../../shared/ipc/error-channels';
import { MAX_REPORTS_PER_PAGE, reportUnhandledErrors } from '../../../src-renderer/src/error-reporter';

/** The window's two events as the browser fires them: ErrorEvent's `error`/`message`, PromiseRejectionEvent's `reason`. */
const errorEvent = (fields: { error?: unknown; message?: string }) => Object.assign(new Event('error'), fields);
const rejectionEvent = (reason: unknown) => Object.assign(new Event('unhandledrejection'), { reason });

function recordingApi(answer: () => Promise<unknown> = () => Promise.resolve({ ok: true, data: { recorded: true } })) {
  const sent: Array<{ channel: string; input: unknown }> = [];
  return {
    sent,
    api: {
      invoke: ((channel: string, input: unknown) => {
        sent.push({ channel, input });
        return answer();
      }) as never,
    },
  };
}

describe('the page reports what it did not handle', () => {
  it('sends an uncaught error and an unhandled rejection over errors.report, in the channel’s shape', () => {
    const target = new EventTarget();
    const { api, sent } = recordingApi();
    reportUnhandledErrors(api, target);
    target.dispatchEvent(errorEvent({ error: new TypeError('x is undefined'), message: 'Uncaught TypeError: x is undefined' }));
    target.dispatchEvent(rejectionEvent(new RangeError('out of range')));
    expect(sent.map((call) => call.channel)).toEqual(['errors.report', 'errors.report']);
    expect(sent[0]!.input).toMatchObject({ kind: 'error', errorClass: 'TypeError', message: 'x is undefined' });
    expect((sent[0]!.input as { stack: string }).stack).toContain('error-reporter.test.ts');
    expect(sent[1]!.input).toMatchObject({ kind: 'unhandledrejection', errorClass: 'RangeError', message: 'out of range' });
    for (const call of sent) expect(errorReportInputSchema.safeParse(call.input).success).toBe(true);
  });

  it('sends only the type of a value that is not an Error, and the event’s text when there is no error object', () => {
    const target = new EventTarget();
    const { api, sent } = recordingApi();
    reportUnhandledErrors(api, target);
    target.dispatchEvent(rejectionEvent({ transcript: 'I led the payments migration', email: 'grace@example.com' }));
    target.dispatchEvent(errorEvent({ message: 'Script error.' }));
    expect(sent.map((call) => call.input)).toEqual([
      { kind: 'unhandledrejection', errorClass: 'NonError', message: 'a value of type object was rejected', stack: '' },
      { kind: 'error', errorClass: 'Error', message: 'Script error.', stack: '' },
    ]);
  });

  it('cuts what is too long for the channel, so main takes it', () => {
    const target = new EventTarget();
    const { api, sent } = recordingApi();
    reportUnhandledErrors(api, target);
    const huge = new Error('m'.repeat(50_000));
    huge.stack = 's'.repeat(50_000);
    target.dispatchEvent(errorEvent({ error: huge }));
    expect(errorReportInputSchema.safeParse(sent[0]!.input).success).toBe(true);
  });

  it('cuts by the channel’s bytes too, so text of three to six bytes a character still fits', () => {
    const limit = inputByteLimit(errorChannels['errors.report']);
    for (const [what, unit] of [
      ['Greek', 'αβγ'],
      ['CJK', '語'],
      ['emoji', '😀'],
      ['control characters', '\u0001'],
      ['a lone surrogate', '\ud800'],
      ['quotes and new lines', '"\n'],
    ] as const) {
      const target = new EventTarget();
      const { api, sent } = recordingApi();
      reportUnhandledErrors(api, target);
      const huge = new Error(unit.repeat(5_000));
      huge.name = `Error${unit.repeat(200)}`;
      huge.stack = unit.repeat(20_000);
      target.dispatchEvent(errorEvent({ error: huge }));
      const input = sent[0]!.input as { message: string; stack: string };
      expect(Buffer.byteLength(JSON.stringify(input), 'utf8'), what).toBeLessThanOrEqual(limit);
      expect(errorReportInputSchema.safeParse(input).success, what).toBe(true);
      // Cut between characters, and no more than it had to.
      expect(huge.message.startsWith(input.message), what).toBe(true);
      expect(input.message.length, what).toBeGreaterThan(400);
    }
  });

  it('sends the same error once in a row, at most a few per page, and never fails itself', async () => {
    const target = new EventTarget();
    const { api, sent } = recordingApi(() => Promise.reject(new Error('the bridge is gone')));
    const rejections: unknown[] = [];
    const onRejection = (reason: unknown) => rejections.push(reason);
    process.on('unhandledRejection', onRejection);
    try {
      reportUnhandledErrors(api, target);
      for (let n = 0; n < 3; n++) target.dispatchEvent(errorEvent({ error: new Error('same') }));
      expect(sent).toHaveLength(1);
      for (let n = 0; n < 100; n++) target.dispatchEvent(errorEvent({ error: new Error(`loop ${n}`) }));
      expect(sent).toHaveLength(MAX_REPORTS_PER_PAGE);
      await new Promise((resolve) => setTimeout(resolve, 10));
      expect(rejections).toEqual([]);
    } finally {
      process.off('unhandledRejection', onRejection);
    }
  });

  it('stops when asked', () => {
    const target = new EventTarget();
    const { api, sent } = recordingApi();
    reportUnhandledErrors(api, target)();
    target.dispatchEvent(errorEvent({ error: new Error('after') }));
    expect(sent).toEqual([]);
  });
});
