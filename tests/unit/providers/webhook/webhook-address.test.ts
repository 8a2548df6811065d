import { describe, expect, it } from 'vitest';
import { isPublicAddress, resolveWebhookAddress, webhookUrlProblem, type Resolver } from '../../../../src-main/providers/webhook/webhook-address';

const answers =
  (table: Record<string, string[]>): Resolver =>
  async (host) => {
    const found = table[host];
    if (!found) throw Object.assign(new Error('not found'), { code: 'ENOTFOUND' });
    return found.map((address) => ({ address }));
  };

describe('where a webhook may go', () => {
  it('takes https addresses, and http only to this computer', () => {
    expect(webhookUrlProblem('https://hooks.example.com/teamified')).toBeNull();
    expect(webhookUrlProblem('http://127.0.0.1:8123/hook')).toBeNull();
    expect(webhookUrlProblem('http://localhost:8123/hook')).toBeNull();
    expect(webhookUrlProblem('https://[::1]:8443/hook')).toBeNull();
    expect(webhookUrlProblem('http://hooks.example.com/teamified')).toContain('must start with https://');
    expect(webhookUrlProblem('ftp://hooks.example.com/')).toContain('must start with https://');
    expect(webhookUrlProblem('hooks.example.com')).toContain('full URL');
    expect(webhookUrlProblem('https://user:pw@hooks.example.com/')).toContain('user name or password');
    expect(webhookUrlProblem('https://hooks.example.com/#x')).toContain('#fragment');
    expect(webhookUrlProblem(`https://hooks.example.com/${'a'.repeat(2050)}`)).toContain('2048');
  });

  it('refuses private, link-local, shared and reserved addresses typed as the host', () => {
    for (const host of ['10.0.0.5', '192.168.1.1', '172.20.0.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '[fd00::1]', '[fe80::1]', '[::ffff:10.0.0.1]', '224.0.0.1']) {
      expect(webhookUrlProblem(`https://${host}/hook`), host).toContain('not a public address');
    }
    expect(webhookUrlProblem('https://93.184.215.14/hook')).toBeNull();
    expect(isPublicAddress('2606:2800:21f:cb07:6820:80da:af6b:8b2c')).toBe(true);
    expect(isPublicAddress('::ffff:93.184.215.14')).toBe(true);
    expect(isPublicAddress('::1')).toBe(false);
  });

  it('checks every address DNS gives, and a name for this computer reaches only loopback', async () => {
    const resolve = answers({
      'hooks.example.com': ['93.184.215.14', '2606:2800:21f:cb07:6820:80da:af6b:8b2c'],
      'inside.example.com': ['10.1.2.3'],
      'mixed.example.com': ['93.184.215.14', '192.168.0.10'],
      'rebound.example.com': ['127.0.0.1'],
      localhost: ['127.0.0.1', '::1'],
    });
    expect(await resolveWebhookAddress(new URL('https://hooks.example.com/x'), resolve)).toBe('93.184.215.14');
    expect(await resolveWebhookAddress(new URL('http://localhost:9/x'), resolve)).toBe('127.0.0.1');
    await expect(resolveWebhookAddress(new URL('https://inside.example.com/x'), resolve)).rejects.toThrow('resolves to 10.1.2.3, which is not a public address');
    await expect(resolveWebhookAddress(new URL('https://mixed.example.com/x'), resolve)).rejects.toThrow('192.168.0.10');
    // A public name pointed at loopback is not "this computer, for testing".
    await expect(resolveWebhookAddress(new URL('https://rebound.example.com/x'), resolve)).rejects.toThrow('not a public address');
    await expect(resolveWebhookAddress(new URL('https://missing.example.com/x'), resolve)).rejects.toThrow('could not be found (ENOTFOUND)');
  });
});
