import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { NetworkSettings } from '../../../../shared/domain/settings';
import { createLogger } from '../../../../src-main/logging/logger';
import { SmtpEmailSender } from '../../../../src-main/providers/email/smtp-email-sender';
import { Network } from '../../../../src-main/providers/network/network';
import { MemorySecretStore } from '../../../../src-main/secrets/memory-secret-store';
import { SettingsService } from '../../../../src-main/settings/settings-service';
import type { SettingsBackend } from '../../../../src-main/settings/settings-backend';
import { startConnectProxy, type ConnectProxy } from '../../../support/connect-proxy';
import { SENDER, SMTP_PASSWORD, SMTP_USER, TestSmtpServer } from '../../../support/smtp-server';

/** Email through the corporate proxy (issue 20, point 7): a CONNECT tunnel to a real SMTP server on loopback. */

let smtp: TestSmtpServer;
let proxy: ConnectProxy;
beforeEach(async () => {
  smtp = new TestSmtpServer();
  await smtp.start();
});
afterEach(async () => {
  await smtp.stop();
  await proxy?.close();
});

function sender(network: Partial<NetworkSettings>) {
  let stored: unknown = {};
  const backend: SettingsBackend = {
    read: () => stored,
    write: (value: unknown) => void (stored = value),
  };
  const settings = new SettingsService({ backend, machineFilePath: null, logger: createLogger({ level: 'error', sink: () => {} }) });
  settings.update({ smtp: { host: '127.0.0.1', port: smtp.port, username: SMTP_USER, sender: SENDER }, network: { proxyMode: 'manual', proxyBypass: '<-loopback>', ...network } });
  const secrets = new MemorySecretStore({ 'smtp-password': SMTP_PASSWORD, 'proxy-password': 'mail-proxy-pass' });
  const net = new Network({ settings: () => settings.get().network, secrets });
  return new SmtpEmailSender({ settings, secrets, timeoutMs: 5000, network: () => net.access() });
}

const email = { to: 'candidate@example.com', subject: 'Through the proxy', text: 'Hello.', messageId: '<proxy-test@teamified.test>' };

describe('SMTP through a CONNECT proxy', () => {
  it('delivers through the tunnel, with the stored proxy password', async () => {
    proxy = await startConnectProxy({ credentials: { username: 'mailer', password: 'mail-proxy-pass' } });
    await sender({ proxyUrl: proxy.url, proxyUsername: 'mailer' }).send(email);
    expect(proxy.requests).toEqual([{ target: `127.0.0.1:${smtp.port}`, status: 200 }]);
    expect(smtp.mails.map((mail) => mail.subject)).toEqual(['Through the proxy']);
  });

  it('a refusing proxy is said as such, and not retried', async () => {
    proxy = await startConnectProxy({ refuse: () => true });
    const failure = await sender({ proxyUrl: proxy.url }).send(email).then(
      () => null,
      (error: unknown) => error as { message: string; retryable: boolean },
    );
    expect(failure?.message).toContain(`The proxy ${proxy.url} (Network → Proxy address) refused the connection to 127.0.0.1:${smtp.port} (HTTP 403`);
    expect(failure?.retryable).toBe(false);
    expect(smtp.mails).toEqual([]);
  });
});
