import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startBrowserHost, type BrowserHost } from '../../../src-main/browser-host/start-browser-host';
import { createLogger } from '../../../src-main/logging/logger';

/** The browser host is reachable from anything on this machine: only its own page may use it. */
describe('the browser host', () => {
  let host: BrowserHost;
  let dir: string;
  let origin: string;
  let token: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kiosk-host-'));
    const rendererDir = join(dir, 'renderer');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(rendererDir);
    writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><html><head><script type="module" src="./app.js"></script></head></html>');
    writeFileSync(join(rendererDir, 'app.js'), 'console.log("app")');
    writeFileSync(join(dir, 'secret.txt'), 'do not serve');
    host = await startBrowserHost({ dataDir: join(dir, 'data'), rendererDir, logger: createLogger({ sink: () => {} }) });
    const url = new URL(host.url);
    origin = url.origin;
    token = url.searchParams.get('token') ?? '';
  });
  afterAll(async () => {
    await host.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('listens on loopback only', () => {
    expect(origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(token.length).toBeGreaterThanOrEqual(32);
  });

  it('serves the page only with its token, with the bridge before the app and a CSP header', async () => {
    expect((await fetch(`${origin}/`)).status).toBe(403);
    expect((await fetch(`${origin}/?token=wrong`)).status).toBe(403);
    const page = await fetch(host.url);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await page.text();
    expect(html.indexOf('/__kiosk-bridge.js')).toBeGreaterThan(-1);
    expect(html.indexOf('/__kiosk-bridge.js')).toBeLessThan(html.indexOf('app.js'));
    const bridge = await fetch(`${origin}/__kiosk-bridge.js`);
    expect(await bridge.text()).toContain('__kiosk-ipc');
  });

  it('does not serve files outside the renderer folder', async () => {
    expect((await fetch(`${origin}/app.js`)).status).toBe(200);
    expect((await fetch(`${origin}/..%2Fsecret.txt`)).status).toBe(404);
    expect((await fetch(`${origin}/%2e%2e/secret.txt`)).status).toBe(404);
  });

  function connect(query: string, socketOrigin: string): Promise<WebSocket> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(`${origin.replace('http', 'ws')}/__kiosk-ipc${query}`, { origin: socketOrigin });
      socket.once('open', () => resolve(socket));
      socket.once('error', reject);
    });
  }

  it('refuses sockets without the token or from another origin', async () => {
    await expect(connect('', origin)).rejects.toThrow(/401|403|Unexpected server response/);
    await expect(connect(`?token=${token}`, 'http://evil.example')).rejects.toThrow(/401|403|Unexpected server response/);
  });

  it('answers the typed contract over the socket', async () => {
    const socket = await connect(`?token=${token}`, origin);
    const reply = new Promise<unknown>((resolve) => socket.once('message', (data) => resolve(JSON.parse(data.toString()))));
    socket.send(JSON.stringify({ id: 7, channel: 'app.getStatus', input: {} }));
    expect(await reply).toMatchObject({ id: 7, result: { ok: true, data: { mode: 'kiosk', needsSetup: true } } });
    socket.close();
  });
});
