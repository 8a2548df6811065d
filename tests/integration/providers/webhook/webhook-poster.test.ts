import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { networkSettingsSchema } from '../../../../shared/domain/settings';
import { Network } from '../../../../src-main/providers/network/network';
import { REPLY_BYTES_KEPT, WebhookPoster } from '../../../../src-main/providers/webhook/webhook-poster';
import { makeTestCertificates, type TestCertificates } from '../../../support/test-ca';

/*
 * One attempt against a real receiver on loopback: what the delivery log
 * and the retry rules are given for each way a receiver can answer.
 */

type Handler = (request: IncomingMessage, body: string, response: ServerResponse) => void;
const servers: Server[] = [];
let certificates: TestCertificates;
let dir: string;

beforeAll(() => {
  certificates = makeTestCertificates();
  dir = mkdtempSync(join(tmpdir(), 'kiosk-webhook-poster-'));
  writeFileSync(join(dir, 'ca.pem'), certificates.caCert);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

async function receiver(handler: Handler, tls = false): Promise<string> {
  const listener = (request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => handler(request, Buffer.concat(chunks).toString('utf8'), response));
  };
  const server = tls ? createHttpsServer({ key: certificates.serverKey, cert: certificates.serverCert }, listener) : createHttpServer(listener);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `${tls ? 'https' : 'http'}://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/teamified?source=kiosk`;
}

function poster(options: { timeoutMs?: number; caBundlePath?: string } = {}): WebhookPoster {
  const network = new Network({ settings: () => networkSettingsSchema.parse({ proxyMode: 'direct', caBundlePath: options.caBundlePath ?? '' }), secrets: { get: async () => null } });
  return new WebhookPoster({ network: () => network.access(), ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}) });
}

const headers = { 'content-type': 'application/json', 'webhook-id': 'evt_1', 'webhook-timestamp': '1800000000', 'webhook-signature': 'v1,abc=' };

describe('one webhook attempt', () => {
  it('posts the body and headers as given, and keeps the status and the reply’s first bytes', async () => {
    let seen: { method?: string; url?: string; headers?: IncomingMessage['headers']; body?: string } = {};
    const url = await receiver((request, body, response) => {
      seen = { method: request.method, url: request.url, headers: request.headers, body };
      response.writeHead(202, { 'content-type': 'text/plain' }).end('queued\u0000 for import');
    });
    const outcome = await poster().post(url, headers, '{"type":"webhook.test"}');
    expect(outcome).toMatchObject({ kind: 'response', status: 202, reply: 'queued  for import', retryAfterMs: null });
    expect(seen).toMatchObject({ method: 'POST', url: '/hooks/teamified?source=kiosk', body: '{"type":"webhook.test"}' });
    expect(seen.headers).toMatchObject({ 'webhook-id': 'evt_1', 'webhook-signature': 'v1,abc=', 'content-type': 'application/json', 'content-length': '23' });
  });

  it('reads Retry-After, and does not follow a redirect', async () => {
    const busy = await receiver((_request, _body, response) => response.writeHead(503, { 'retry-after': '120' }).end('busy'));
    expect(await poster().post(busy, headers, '{}')).toMatchObject({ kind: 'response', status: 503, retryAfterMs: 120_000, reply: 'busy' });
    let followed = false;
    const target = await receiver((_request, _body, response) => {
      followed = true;
      response.writeHead(200).end();
    });
    const moved = await receiver((_request, _body, response) => response.writeHead(307, { location: target }).end());
    expect(await poster().post(moved, headers, '{}')).toMatchObject({ kind: 'response', status: 307 });
    expect(followed).toBe(false);
  });

  it('cuts off a huge reply and keeps only its first bytes', async () => {
    const url = await receiver((_request, _body, response) => {
      response.writeHead(500);
      // Far more than is ever read; the poster stops reading and closes.
      const chunk = 'x'.repeat(64 * 1024);
      let sent = 0;
      const more = () => {
        while (sent < 200 && response.write(chunk)) sent += 1;
        if (sent < 200) response.once('drain', more);
        else response.end();
      };
      response.on('error', () => {});
      more();
    });
    const outcome = await poster().post(url, headers, '{}');
    expect(outcome).toMatchObject({ kind: 'response', status: 500 });
    expect(outcome.kind === 'response' && outcome.reply.length).toBe(REPLY_BYTES_KEPT);
  });

  it('gives up on a receiver slower than the deadline, and names a refused connection', async () => {
    const slow = await receiver(() => {
      /* never answers */
    });
    const outcome = await poster({ timeoutMs: 300 }).post(slow, headers, '{}');
    expect(outcome).toMatchObject({ kind: 'timeout', message: 'The receiver did not answer within 0.3 s.' });
    expect(outcome.latencyMs).toBeGreaterThanOrEqual(250);

    const closed = await receiver(() => {});
    await new Promise((resolve) => servers.pop()?.close(resolve));
    expect(await poster().post(closed, headers, '{}')).toMatchObject({ kind: 'network', message: 'The receiver refused the connection.' });
  });

  it('sends over TLS checked against the name in the address, with IT’s CA bundle where a network inspects TLS', async () => {
    const url = (await receiver((_request, _body, response) => response.writeHead(200).end('ok'), true)).replace('127.0.0.1', 'localhost');
    expect(await poster().post(url, headers, '{}')).toMatchObject({ kind: 'network', message: expect.stringContaining('by a certificate this device does not trust') });
    expect(await poster({ caBundlePath: join(dir, 'ca.pem') }).post(url, headers, '{}')).toMatchObject({ kind: 'response', status: 200, reply: 'ok' });
  });

  it('sends nothing to an address that is not allowed', async () => {
    expect(await poster().post('https://10.0.0.7/hook', headers, '{}')).toMatchObject({ kind: 'refused', message: expect.stringContaining('not a public address') });
  });
});
