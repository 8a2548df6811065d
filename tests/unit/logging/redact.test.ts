import { describe, expect, it } from 'vitest';
import { isSensitiveKey, redact, redactString, REDACTED } from '../../../src-main/logging/redact';

const apiKey = 'sk-proj-AbCdEf1234567890XyZ';
const email = 'jane.doe+kiosk@example.co.uk';

describe('redactString', () => {
  it('replaces e-mail addresses', () => {
    expect(redactString(`invite sent to ${email} and bob@test.io`)).toBe('invite sent to [email] and [email]');
  });

  it('replaces API keys, bearer tokens and URL credentials', () => {
    expect(redactString(`using key ${apiKey}`)).toBe('using key [secret]');
    expect(redactString('Authorization: Bearer abc.DEF-123_456')).toBe('Authorization: Bearer [secret]');
    expect(redactString('Basic dXNlcjpwYXNz')).toBe('Basic [secret]');
    expect(redactString('https://admin:hunter22@sync.example.com/x')).toBe('https://[secret]@sync.example.com/x');
    expect(redactString('GET /v1/models?api_key=abcdef123&x=1')).toBe('GET /v1/models?api_key=[secret]&x=1');
  });

  it('leaves ordinary text alone', () => {
    const text = 'Basic information: 3 tokens used, task-12345678 done, risk_assessment ok';
    expect(redactString(text)).toBe(text);
  });
});

describe('isSensitiveKey', () => {
  it.each(['password', 'passwordHash', 'PASSWORD', 'token', 'accessToken', 'secret', 'apiKey', 'api_key', 'Authorization', 'cookie', 'set-cookie', 'email', 'candidateEmail', 'phone', 'phoneNumber', 'secretValue'])(
    '%s is sensitive',
    (key) => expect(isSensitiveKey(key)).toBe(true),
  );
  it.each(['maxTokens', 'tokenCount', 'secretName', 'user', 'mode', 'managedKeys'])('%s is not', (key) => expect(isSensitiveKey(key)).toBe(false));
});

describe('redact', () => {
  it('redacts sensitive keys at any depth, in objects and arrays', () => {
    const out = redact({
      user: { id: 7, email, password: 'Correct-Horse-9', profile: { phone: '+61 400 000 000' } },
      accounts: [{ apiKey, name: 'x' }, { passwordHash: '$2b$10$abc' }],
      headers: { Authorization: 'Bearer abcdef123456', cookie: 'sid=1' },
    });
    expect(out).toEqual({
      user: { id: 7, email: REDACTED, password: REDACTED, profile: { phone: REDACTED } },
      accounts: [{ apiKey: REDACTED, name: 'x' }, { passwordHash: REDACTED }],
      headers: { Authorization: REDACTED, cookie: REDACTED },
    });
  });

  it('scrubs strings under ordinary keys, and keys themselves', () => {
    expect(redact({ note: `from ${email}`, [email]: 1, list: [`key ${apiKey}`] })).toEqual({ note: 'from [email]', '[email]': 1, list: ['key [secret]'] });
  });

  it('keeps a known secret name under a secret-ish key, but not any other value', () => {
    expect(redact({ secret: 'openai-api-key' })).toEqual({ secret: 'openai-api-key' });
    expect(redact({ secret: 'hunter2' })).toEqual({ secret: REDACTED });
  });

  it('is safe on cycles and keeps repeated (non-cyclic) references', () => {
    const node: Record<string, unknown> = { name: 'a' };
    node.self = node;
    const shared = { v: 1 };
    expect(redact({ node, pair: [shared, shared] })).toEqual({ node: { name: 'a', self: '[circular]' }, pair: [{ v: 1 }, { v: 1 }] });
    const list: unknown[] = [];
    list.push(list);
    expect(redact(list)).toEqual(['[circular]']);
  });

  it('serialises errors with a redacted message, and a stack only on request', () => {
    const error = Object.assign(new Error(`login failed for ${email} with ${apiKey}`), { code: 'E_AUTH', password: 'pw' });
    const plain = redact(error) as Record<string, unknown>;
    expect(plain).toEqual({ name: 'Error', message: 'login failed for [email] with [secret]', code: 'E_AUTH', password: REDACTED });
    const withStack = redact(error, { includeStack: true }) as Record<string, unknown>;
    expect(withStack.stack).toEqual(expect.stringContaining('login failed for [email]'));
    expect(JSON.stringify(withStack)).not.toContain(email);
  });

  it('turns values JSON cannot hold into text', () => {
    const out = redact({ big: 10n, when: new Date('2026-01-02T03:04:05Z'), bytes: new Uint8Array(4), fn: () => 1, map: new Map([[email, 'x']]), set: new Set([1]) });
    expect(out).toEqual({ big: '10', when: '2026-01-02T03:04:05.000Z', bytes: '[binary 4 bytes]', fn: '[function]', map: { '[email]': 'x' }, set: [1] });
  });

  it('does not change its input', () => {
    const input = { password: 'x', nested: { email } };
    redact(input);
    expect(input).toEqual({ password: 'x', nested: { email } });
  });
});
