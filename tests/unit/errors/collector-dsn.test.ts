import { describe, expect, it } from 'vitest';
import { parseCollectorDsn } from '../../../shared/domain/collector-dsn';
import { appSettingsSchema, settingsPatchSchema } from '../../../shared/domain/settings';

describe('the collector DSN', () => {
  it('names the envelope endpoint and the public key', () => {
    expect(parseCollectorDsn('https://abc123@errors.example.com/42')).toEqual({
      publicKey: 'abc123',
      projectId: '42',
      envelopeUrl: 'https://errors.example.com/api/42/envelope/',
      dsn: 'https://abc123@errors.example.com/42',
    });
    // A collector behind a path and on its own port (self-hosted).
    expect(parseCollectorDsn('https://abc@sentry.corp.example:9000/relay/7')?.envelopeUrl).toBe('https://sentry.corp.example:9000/relay/api/7/envelope/');
    expect(parseCollectorDsn('http://abc@127.0.0.1:5555/1')?.envelopeUrl).toBe('http://127.0.0.1:5555/api/1/envelope/');
  });

  it('refuses what would send reports in clear, carry a secret, or name no project', () => {
    for (const dsn of [
      'http://abc@errors.example.com/42', // not TLS, not this computer
      'https://abc:secret@errors.example.com/42', // the legacy secret key
      'https://errors.example.com/42', // no public key
      'https://abc@errors.example.com/', // no project
      'https://abc@errors.example.com/project', // not a project id
      'https://abc@errors.example.com/42?x=1',
      'ftp://abc@errors.example.com/42',
      'not a dsn',
    ]) {
      expect(parseCollectorDsn(dsn), dsn).toBeNull();
    }
  });

  it('is a setting, empty by default, refused with a sentence naming it', () => {
    expect(appSettingsSchema.parse({}).errors.collectorDsn).toBe('');
    expect(settingsPatchSchema.parse({ errors: { collectorDsn: 'https://abc@errors.example.com/42' } })).toEqual({ errors: { collectorDsn: 'https://abc@errors.example.com/42' } });
    const refused = settingsPatchSchema.safeParse({ errors: { collectorDsn: 'https://abc:secret@errors.example.com/42' } });
    expect(refused.success).toBe(false);
    expect(refused.error?.issues[0]?.message).toMatch(/^Error collector DSN must be empty or a Sentry DSN/);
  });
});
