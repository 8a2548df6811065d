import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ChatMessage } from '../../../../src-main/providers/ai/types';
import { startFakeOpenAi, type FakeOpenAi } from '../../../fixtures/fake-openai/index';
import { startConnectProxy, type ConnectProxy } from '../../../support/connect-proxy';
import { makeTestCertificates, type TestCertificates } from '../../../support/test-ca';
import { createAiHarness, providerError, type AiHarness } from '../support';

/*
 * Issue 20, point 7, end to end on loopback: the real app's AI layer calls
 * an HTTPS fake OpenAI whose certificate a test CA signed (a TLS-inspecting
 * network's stand-in) through a real CONNECT proxy. Loopback normally skips
 * the proxy (Chromium's rule), so every test's bypass list says
 * "<-loopback>".
 */

const question: ChatMessage[] = [{ role: 'user', content: 'Hello through the proxy.' }];

let certificates: TestCertificates;
let fake: FakeOpenAi;
let dir: string;
let bundlePath: string;
const proxies: ConnectProxy[] = [];
let h: AiHarness | null = null;

beforeAll(async () => {
  certificates = makeTestCertificates();
  fake = await startFakeOpenAi({ tls: { key: certificates.serverKey, cert: certificates.serverCert } });
  dir = mkdtempSync(join(tmpdir(), 'kiosk-network-test-'));
  bundlePath = join(dir, 'corporate-ca.pem');
  writeFileSync(bundlePath, certificates.caCert);
});
afterEach(async () => {
  h?.close();
  h = null;
  fake.reset();
  await Promise.all(proxies.splice(0).map((proxy) => proxy.close()));
});
afterAll(async () => {
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
});

async function proxy(options: Parameters<typeof startConnectProxy>[0] = {}): Promise<ConnectProxy> {
  const started = await startConnectProxy(options);
  proxies.push(started);
  return started;
}

function harness(network: { proxyUrl: string; caBundlePath?: string; proxyUsername?: string }): AiHarness {
  h = createAiHarness(fake);
  h.settings.update({ network: { proxyMode: 'manual', proxyBypass: '<-loopback>', caBundlePath: '', ...network } });
  return h;
}

const fakeAuthority = () => new URL(fake.url).host;

describe('AI provider calls through a CONNECT proxy on a TLS-inspecting network', () => {
  it('without the CA bundle fails with a message naming the untrusted issuer and what IT must do', async () => {
    const p = await proxy();
    const t = harness({ proxyUrl: p.url });
    const error = await providerError(t.ai.languageModel.chat({ task: 'interview', messages: question }));
    expect(error.message).toBe(
      `The connection to 127.0.0.1 was intercepted by a certificate this device does not trust (issuer: CN=${certificates.caName}, O=Kiosk Tests). If your network inspects TLS, ask IT for its CA bundle and set Network → CA bundle.`,
    );
    expect(error.retryable).toBe(false);
    expect(p.requests.map((r) => r.target)).toContain(fakeAuthority());
    expect(fake.requests).toHaveLength(0);
  });

  it('with the CA bundle works, and the proxy carried the call', async () => {
    const p = await proxy();
    const t = harness({ proxyUrl: p.url, caBundlePath: bundlePath });
    const reply = await t.ai.languageModel.chat({ task: 'interview', messages: question });
    expect(reply.text.length).toBeGreaterThan(0);
    expect(p.requests).toContainEqual({ target: fakeAuthority(), status: 200 });
    expect(fake.requests.map((r) => r.endpoint)).toEqual(['chat']);
  });

  it('sends the stored proxy password when the proxy asks for one', async () => {
    const p = await proxy({ credentials: { username: 'kiosk-07', password: 'proxy-pass-c41f' } });
    const t = harness({ proxyUrl: p.url, caBundlePath: bundlePath, proxyUsername: 'kiosk-07' });
    await t.secrets.set('proxy-password', 'proxy-pass-c41f');
    await t.ai.languageModel.chat({ task: 'interview', messages: question });
    expect(p.requests).toContainEqual({ target: fakeAuthority(), status: 200 });
    expect(t.logLines.join('\n')).not.toContain('proxy-pass-c41f');
  });

  it('with wrong proxy credentials says the proxy refused them', async () => {
    const p = await proxy({ credentials: { username: 'kiosk-07', password: 'proxy-pass-c41f' } });
    const t = harness({ proxyUrl: p.url, caBundlePath: bundlePath, proxyUsername: 'kiosk-07' });
    await t.secrets.set('proxy-password', 'not-the-password');
    const error = await providerError(t.ai.languageModel.chat({ task: 'interview', messages: question }));
    expect(error.message).toBe(
      `The proxy ${p.url} (Network → Proxy address) refused the username and password for the connection to ${fakeAuthority()} (HTTP 407). Check Network → Proxy username and the stored "Proxy password".`,
    );
    expect(error.message).not.toContain('not-the-password');
    expect(fake.requests).toHaveLength(0);
  });

  it('without credentials, says the proxy asks for them and where to set them', async () => {
    const p = await proxy({ credentials: { username: 'kiosk-07', password: 'proxy-pass-c41f' } });
    const t = harness({ proxyUrl: p.url, caBundlePath: bundlePath });
    const error = await providerError(t.ai.languageModel.chat({ task: 'interview', messages: question }));
    expect(error.message).toContain('it asks for a username and password (HTTP 407). Set Network → Proxy username and store "Proxy password" in Stored secrets.');
  });

  it('a proxy whose rules forbid the address says so (403)', async () => {
    const p = await proxy({ refuse: () => true });
    const t = harness({ proxyUrl: p.url, caBundlePath: bundlePath });
    const error = await providerError(t.ai.languageModel.chat({ task: 'interview', messages: question }));
    expect(error.message).toContain(`refused the connection to ${fakeAuthority()} (HTTP 403: its rules do not allow it)`);
  });

  it('a bypassed host goes direct, and direct mode skips the proxy', async () => {
    const p = await proxy();
    const t = harness({ proxyUrl: p.url, caBundlePath: bundlePath });
    t.settings.update({ network: { proxyBypass: '<-loopback>, 127.0.0.1' } });
    await t.ai.languageModel.chat({ task: 'interview', messages: question });
    t.settings.update({ network: { proxyBypass: '<-loopback>', proxyMode: 'direct' } });
    await t.ai.languageModel.chat({ task: 'interview', messages: question });
    expect(p.requests).toEqual([]);
    expect(fake.requests).toHaveLength(2);
  });
});

describe('the CA bundle file', () => {
  it('is named in the self-check and the settings view when it cannot be used, and the certificates read before stay', async () => {
    const p = await proxy();
    const t = harness({ proxyUrl: p.url, caBundlePath: bundlePath });
    await t.ai.languageModel.chat({ task: 'interview', messages: question });
    const broken = join(dir, 'broken.pem');
    writeFileSync(broken, '-----BEGIN CERTIFICATE-----\nnot a certificate\n-----END CERTIFICATE-----\n');
    t.settings.update({ network: { caBundlePath: broken } });

    const expected = `The CA bundle ${broken} has a certificate that cannot be read (number 1 of 1); the 1 certificate read before stay in use.`;
    const report = await t.app.services.selfCheck.run();
    expect(report.checks.find((check) => check.id === 'network')).toMatchObject({ status: 'warn', detail: `Proxy: manual: ${p.url}. ${expected}` });
    // Shown beside the settings, where the path is set.
    expect(t.app.services.settingsView.current().warnings).toContain(expected);
    // Still trusted: the previous bundle's CA.
    const before = fake.requests.length;
    await t.ai.languageModel.chat({ task: 'interview', messages: question });
    expect(fake.requests).toHaveLength(before + 1);
  });

  it('is read again when the file changes, and the self-check counts its certificates', async () => {
    const p = await proxy();
    const changing = join(dir, 'changing.pem');
    writeFileSync(changing, 'nothing here yet\n');
    const t = harness({ proxyUrl: p.url, caBundlePath: changing });
    expect((await providerError(t.ai.languageModel.chat({ task: 'interview', messages: question }))).message).toContain('intercepted by a certificate');
    writeFileSync(changing, `${certificates.caCert}\n`);
    await t.ai.languageModel.chat({ task: 'interview', messages: question });
    const report = await t.app.services.selfCheck.run();
    expect(report.checks.find((check) => check.id === 'network')).toMatchObject({ status: 'ok', detail: `Proxy: manual: ${p.url}. CA bundle loaded: 1 certificate from ${changing}.` });
  });
});
