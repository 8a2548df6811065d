import { describe, expect, it } from 'vitest';
import { MAX_FRAMES, MAX_MESSAGE_CHARS, redactedReport, redactErrorClass, redactErrorMessage, stackFrames, thrownParts } from '../../../src-main/errors/redact-error';

const email = 'grace.okafor@example.com';
const sentence = 'I led the migration of our payments service to Kubernetes';

describe('an error message keeps the program’s words and loses the content', () => {
  it('takes out quoted text of every kind, e-mail addresses and numbers', () => {
    const message = `Could not save the answer "${sentence}" for ${email} (attempt 3 of 5, id 01938a5e-7c1a-7000-8000-000000000001); 'x' “y” \`z\``;
    const redacted = redactErrorMessage(message);
    expect(redacted).toBe('Could not save the answer [text] for [email] (attempt # of #, id [id]); [text] [text] [text]');
    expect(redacted).not.toContain('Kubernetes');
    expect(redacted).not.toContain('grace');
  });

  it('takes out what JSON.parse and a TypeError quote', () => {
    let parseMessage = '';
    try {
      JSON.parse(`{"answer": "${sentence}`);
    } catch (error) {
      parseMessage = (error as Error).message;
    }
    expect(redactErrorMessage(parseMessage)).not.toMatch(/payments|migration/);
    expect(redactErrorMessage("Cannot read properties of undefined (reading 'transcript')")).toBe('Cannot read properties of undefined (reading [text])');
  });

  it('takes out credentials and an unclosed quote to the end', () => {
    expect(redactErrorMessage('request failed: Bearer abcdefghijklmnop')).toBe('request failed: Bearer [secret]');
    expect(redactErrorMessage(`Unexpected token in "${sentence}`)).toBe('Unexpected token in [text]');
  });

  it('cuts a long message short', () => {
    expect(redactErrorMessage('word '.repeat(200)).length).toBe(MAX_MESSAGE_CHARS);
  });

  it('keeps a class name only when it looks like one', () => {
    expect(redactErrorClass('TypeError')).toBe('TypeError');
    expect(redactErrorClass(`${email}`)).toBe('Error');
    expect(redactErrorClass('a sentence with spaces')).toBe('Error');
    expect(redactErrorClass(42)).toBe('Error');
  });
});

describe('stack frames come down to file:line', () => {
  it('reads V8 frames from a page and from Node, keeping only the file name', () => {
    const stack = [
      'TypeError: the message is not a frame',
      '    at renderAnswer (http://127.0.0.1:5173/assets/index-B2x9.js?token=secret-token:12:345)',
      '    at http://127.0.0.1:5173/assets/vendor.js:1:99',
      '    at Object.<anonymous> (C:\\Users\\grace.okafor\\AppData\\Local\\kiosk\\resources\\app.asar\\out\\main\\core.js:400:7)',
      '    at async Promise.all (index 0)',
      '    at /home/grace/kiosk/src-main/errors/redact-error.ts:10:5',
    ].join('\n');
    expect(stackFrames(stack)).toEqual(['index-B2x9.js:12', 'vendor.js:1', 'core.js:400', 'redact-error.ts:10']);
  });

  it('reads Firefox and Safari frames', () => {
    expect(stackFrames('render@http://localhost/assets/app.js:3:9\n@http://localhost/assets/app.js:4:1')).toEqual(['app.js:3', 'app.js:4']);
  });

  it('drops a frame whose file looks like data, and keeps at most the first frames', () => {
    expect(stackFrames(`    at x (${email}:1:1)`)).toEqual([]);
    const long = Array.from({ length: 50 }, (_, n) => `    at f (/app/file${n}.js:${n + 1}:1)`).join('\n');
    expect(stackFrames(long)).toHaveLength(MAX_FRAMES);
    expect(stackFrames(undefined)).toEqual([]);
  });
});

describe('a report', () => {
  it('is built from redacted parts, with the app version and the facts given', () => {
    const error = new RangeError(`no question for "${sentence}" at ${email}`);
    const report = redactedReport({ source: 'core', kind: 'uncaught', ...thrownParts(error) }, { appVersion: '1.4.0', at: new Date('2026-12-07T10:00:00Z'), context: { mode: 'kiosk' } });
    expect(report).toMatchObject({ source: 'core', kind: 'uncaught', errorClass: 'RangeError', message: 'no question for [text] at [email]', appVersion: '1.4.0', at: '2026-12-07T10:00:00.000Z', context: { mode: 'kiosk' }, sentAt: null });
    expect(report.frames[0]).toMatch(/^redact-error\.test\.ts:\d+$/);
    expect(JSON.stringify(report)).not.toMatch(/grace|Kubernetes/);
  });

  it('keeps nothing of a thrown value that is not an Error but its type', () => {
    expect(thrownParts(`${sentence} ${email}`)).toEqual({ errorClass: 'NonError', message: 'a value of type string was thrown' });
    expect(thrownParts(null).message).toBe('a value of type null was thrown');
  });
});
