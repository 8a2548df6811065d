import { describe, expect, it } from 'vitest';
import { checkNetwork, type NetworkReading } from '../../../src-main/self-check/network-check';

const reading = (patch: Partial<NetworkReading> = {}): NetworkReading => ({
  proxy: 'system: no proxy set (direct)',
  caBundlePath: '',
  caCertificates: 0,
  problem: null,
  proxyProblem: null,
  ...patch,
});

describe('the self-check’s network line', () => {
  it('passes with a usable proxy setting and no CA bundle problem', () => {
    expect(checkNetwork(reading())).toMatchObject({ status: 'ok', detail: 'Proxy: system: no proxy set (direct). No CA bundle set: only the built-in certificate authorities are trusted.' });
  });

  it('needs attention when a proxy variable names a proxy the app cannot use, and says what to set', () => {
    const result = checkNetwork(reading({ proxy: 'system: no usable proxy (direct)', proxyProblem: 'ALL_PROXY (socks5://socks.corp:1080) names a proxy this app cannot use.' }));
    expect(result.status).toBe('warn');
    expect(result.detail).toBe('Proxy: system: no usable proxy (direct). ALL_PROXY (socks5://socks.corp:1080) names a proxy this app cannot use.');
    expect(result.fix).toContain('http://host:port');
  });

  it('keeps the CA bundle’s problem in view beside the proxy’s', () => {
    const result = checkNetwork(reading({ proxyProblem: 'HTTPS_PROXY (https://p:1) names a proxy this app cannot use.', problem: 'The CA bundle /etc/ca.pem could not be read.' }));
    expect(result.detail).toContain('The CA bundle /etc/ca.pem could not be read.');
  });
});
