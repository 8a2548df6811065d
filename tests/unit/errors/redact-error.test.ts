import { describe, expect, it } from 'vitest';
import { MAX_FRAMES, redactedReport, redactErrorClass, stackFrames, thrownParts } from '../../../src-main/errors/redact-error';
import { MAX_MESSAGE_CHARS, MESSAGE_REMOVED, redactErrorMessage } from '../../../src-main/errors/redact-message';

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
    expect(redactErrorMessage('Bearer abcdefghijklmnop was refused')).toBe('Bearer [secret] was refused');
    expect(redactErrorMessage('request failed: Bearer abcdefghijklmnop')).toBe('request failed: [text]');
    expect(redactErrorMessage(`Unexpected token in "${sentence}`)).toBe('Unexpected token in [text]');
  });

  it('cuts a long message short', () => {
    expect(redactErrorMessage(`missing ${'x'.repeat(500)}`).length).toBe(MAX_MESSAGE_CHARS);
  });

  it('removes a message whose words may be a person’s: a name, a sentence after a colon, a path', () => {
    const cases: Array<[string, string]> = [
      ['No interview for Grace Okafor', MESSAGE_REMOVED],
      ['Grace Okafor has no interview', MESSAGE_REMOVED],
      ['No interview for José Álvarez-Núñez', MESSAGE_REMOVED],
      ['Could not parse answer: I would shard the orders table by customer region', 'Could not parse answer: [text]'],
      ['Could not parse answer: shard by region', 'Could not parse answer: [text]'],
      ['No interview: Grace', 'No interview: [text]'],
      ['no candidate: grace', 'no candidate: [text]'],
      ['no candidate: grace.okafor', 'no candidate: [text]'],
      ['ENOENT: no such file or directory, open /Users/grace.okafor/resume.pdf', 'ENOENT: no such file or directory, open [path]'],
      ["ENOENT: no such file or directory, open '/Users/grace.okafor/resume.pdf'", 'ENOENT: no such file or directory, open [text]'],
      ['C:\\Users\\grace.okafor\\AppData\\Roaming\\Teamified Kiosk\\kiosk.sqlite is locked', '[path]/kiosk.sqlite is locked'],
      ['cannot open file:///home/grace/secret.txt', 'cannot open [url]'],
      ['Grace_Okafor_resume.pdf could not be read', '[file].pdf could not be read'],
      ['Grace_Okafor_resume could not be read', MESSAGE_REMOVED],
      ['could not read grace_okafor_resume.pdf', 'could not read [file].pdf'],
      ['mailto:ada@example', '[email]'],
      ['no account for grace at example dot org', 'no account for [email]'],
      ['Unexpected token I in JSON at position 4 while parsing {"name":"Grace"}', 'Unexpected token I in JSON at position # while parsing {[text]:[text]}'],
      // A run of plain words is too long to be a code's own message.
      ['the candidate said that they would shard the orders table by customer region and then add read replicas in each of the regions', MESSAGE_REMOVED],
    ];
    for (const [message, kept] of cases) expect(redactErrorMessage(message), message).toBe(kept);
  });

  it('keeps the program’s own messages whole, codes and identifiers included', () => {
    for (const message of [
      'database is locked',
      'SQLITE_BUSY: database is locked',
      'x.map is not a function',
      'Maximum call stack size exceeded',
      'Failed to fetch',
      'The operation was aborted. Try again later',
      'EACCES: permission denied, mkdir [path]',
      'invalid setting: maxTokens',
      'unexpected reply: TypeError',
    ]) {
      expect(redactErrorMessage(message), message).toBe(message);
    }
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
    expect(stackFrames('    at Grace_Okafor_resume.pdf:3:1\n    at load (/app/notes-of-grace.txt:1:1)')).toEqual([]);
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
