import { describe, expect, it } from 'vitest';
import { networkSettingsSchema } from '../../../../shared/domain/settings';
import { bypassed, proxyPlan, routeFor } from '../../../../src-main/providers/network/proxy-route';

const settings = (patch: Record<string, unknown> = {}) => networkSettingsSchema.parse(patch);
const https = (host: string, port = 443) => ({ host, port, scheme: 'https' as const });

describe('which proxy a connection takes', () => {
  it('system mode reads HTTPS_PROXY for TLS targets and HTTP_PROXY for plain ones, with the variable’s own credentials', () => {
    const plan = proxyPlan(settings(), { HTTPS_PROXY: 'http://u:p%40ss@proxy.corp:3128', http_proxy: 'plain.corp:8080' }, null);
    expect(routeFor(plan, https('api.openai.com'))).toEqual({
      kind: 'proxy',
      proxy: { host: 'proxy.corp', port: 3128, label: 'http://proxy.corp:3128', username: 'u', password: 'p@ss', source: 'HTTPS_PROXY' },
    });
    expect(routeFor(plan, { host: 'db.corp', port: 5432, scheme: 'postgres' })).toMatchObject({ proxy: { host: 'proxy.corp' } });
    expect(routeFor(plan, { host: 'example.org', port: 80, scheme: 'http' })).toMatchObject({ proxy: { host: 'plain.corp', port: 8080, source: 'HTTP_PROXY' } });
    expect(plan.summary).toBe('system: http://proxy.corp:3128 (HTTPS_PROXY)');
  });

  it('NO_PROXY and the bypass list send hosts direct; loopback is direct unless the list says <-loopback>', () => {
    const plan = proxyPlan(settings({ proxyBypass: 'smtp.corp:25; <local>' }), { HTTPS_PROXY: 'http://proxy.corp:3128', NO_PROXY: '.internal.example,10.1.2.3' }, null);
    expect(routeFor(plan, https('db.internal.example')).kind).toBe('direct');
    expect(routeFor(plan, https('internal.example')).kind).toBe('direct');
    expect(routeFor(plan, https('10.1.2.3')).kind).toBe('direct');
    expect(routeFor(plan, { host: 'smtp.corp', port: 25, scheme: 'smtp' }).kind).toBe('direct');
    expect(routeFor(plan, { host: 'smtp.corp', port: 587, scheme: 'smtp' }).kind).toBe('proxy');
    expect(routeFor(plan, https('intranet')).kind).toBe('direct');
    expect(routeFor(plan, https('api.openai.com')).kind).toBe('proxy');
    expect(bypassed([], https('127.0.0.1'))).toBe(true);
    expect(bypassed(['<-loopback>'], https('127.0.0.1'))).toBe(false);
    expect(bypassed(['*'], https('anything.example'))).toBe(true);
  });

  it('manual mode uses the address, the username from the settings and the keychain password; direct mode none', () => {
    const manual = proxyPlan(settings({ proxyMode: 'manual', proxyUrl: 'http://proxy.corp:8080', proxyUsername: 'kiosk-07' }), { HTTPS_PROXY: 'http://ignored:1' }, 'from-keychain');
    expect(routeFor(manual, https('api.openai.com'))).toMatchObject({ proxy: { host: 'proxy.corp', port: 8080, username: 'kiosk-07', password: 'from-keychain', source: 'Network → Proxy address' } });
    const direct = proxyPlan(settings({ proxyMode: 'direct' }), { HTTPS_PROXY: 'http://proxy.corp:3128' }, null);
    expect(routeFor(direct, https('api.openai.com')).kind).toBe('direct');
  });

  it('the settings refuse a proxy address with a password, or not http://', () => {
    for (const proxyUrl of ['http://user:secret@proxy.corp:8080', 'socks5://proxy.corp:1080', 'proxy.corp:8080']) {
      const result = networkSettingsSchema.safeParse({ proxyUrl });
      expect(result.success).toBe(false);
      expect(result.error?.issues[0]?.message).toContain('Proxy address must be empty or an http://host:port address');
    }
  });

  it('says when a proxy variable names a proxy it cannot use (https://, socks), never its password, instead of “no proxy set”', () => {
    const socks = proxyPlan(settings(), { ALL_PROXY: 'socks5://user:hunter2@socks.corp:1080' }, null);
    expect(routeFor(socks, https('api.openai.com')).kind).toBe('direct');
    expect(socks.summary).toBe('system: no usable proxy (direct)');
    expect(socks.problem).toBe(
      'ALL_PROXY (socks5://socks.corp:1080) names a proxy this app cannot use (only http://host:port proxies are supported): it is ignored, so connections it would carry go direct. Set it to an http:// proxy address, or choose Network → Proxy mode manual or direct.',
    );
    expect(socks.problem).not.toContain('hunter2');

    const tls = proxyPlan(settings(), { https_proxy: 'https://proxy.corp:3128', HTTP_PROXY: 'http://plain.corp:8080' }, null);
    expect(tls.problem).toMatch(/^HTTPS_PROXY \(https:\/\/proxy\.corp:3128\) names a proxy this app cannot use/);
    expect(tls.summary).toBe('system: http://plain.corp:8080 (HTTP_PROXY)');

    const covered = proxyPlan(settings(), { HTTPS_PROXY: 'https://proxy.corp:3128', ALL_PROXY: 'http://all.corp:3128' }, null);
    expect(routeFor(covered, https('api.openai.com'))).toMatchObject({ proxy: { host: 'all.corp', source: 'ALL_PROXY' } });
    expect(covered.problem).toContain('it is ignored, and connections take the http:// proxy the other variables name');

    expect(proxyPlan(settings(), { HTTPS_PROXY: 'http://proxy.corp:3128' }, null).problem).toBeNull();
    expect(proxyPlan(settings(), {}, null)).toMatchObject({ summary: 'system: no proxy set (direct)', problem: null });
    expect(proxyPlan(settings({ proxyMode: 'direct' }), { HTTPS_PROXY: 'https://proxy.corp:3128' }, null).problem).toBeNull();
  });
});
