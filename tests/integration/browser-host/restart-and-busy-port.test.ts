import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { PortInUseError, startBrowserHost, type BrowserHost } from '../../../src-main/browser-host/start-browser-host';
import { RENDERER_CSP } from '../../../src-main/common/content-security-policy';
import { createLogger } from '../../../src-main/logging/logger';

const projectRoot = fileURLToPath(new URL('../../../', import.meta.url));

let dir: string;
let rendererDir: string;
let dataDir: string;
const hosts: BrowserHost[] = [];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kiosk-host-restart-'));
  rendererDir = join(dir, 'renderer');
  dataDir = join(dir, 'data');
  mkdirSync(rendererDir);
  writeFileSync(
    join(rendererDir, 'index.html'),
    '<!doctype html><html><head><script type="module" src="./app.js"></script><link rel="stylesheet" crossorigin href="./assets/app.css"></head><body></body></html>',
  );
  writeFileSync(join(rendererDir, 'app.js'), 'console.log("app")');
});
afterEach(async () => {
  await Promise.allSettled(hosts.splice(0).map((host) => host.close()));
  rmSync(dir, { recursive: true, force: true });
});

async function start(port = 0, data = dataDir): Promise<BrowserHost> {
  const host = await startBrowserHost({ dataDir: data, rendererDir, port, logger: createLogger({ sink: () => {} }) });
  hosts.push(host);
  return host;
}

async function stop(host: BrowserHost): Promise<void> {
  hosts.splice(hosts.indexOf(host), 1);
  await host.close();
}

function tokenOf(url: string): string {
  return new URL(url).searchParams.get('token') ?? '';
}

/** Every file under the data folder with its size and time: what "untouched" means. */
function snapshot(folder: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of readdirSync(folder, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    const stats = statSync(path);
    files[path] = `${stats.size} ${stats.mtimeMs}`;
  }
  return files;
}

function socketOpens(url: string): Promise<boolean> {
  const origin = new URL(url).origin;
  return new Promise((resolve) => {
    const socket = new WebSocket(`${origin.replace('http', 'ws')}/__kiosk-ipc?token=${encodeURIComponent(tokenOf(url))}`, { origin });
    socket.once('open', () => {
      socket.close();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

describe('the browser host after a restart', () => {
  it('answers the old address with a page that says what happened and what to do, and still keeps it out', async () => {
    const first = await start();
    const oldUrl = first.url;
    const port = Number(new URL(oldUrl).port);
    await stop(first);
    const second = await start(port);
    expect(tokenOf(second.url)).not.toBe(tokenOf(oldUrl));

    const page = await fetch(oldUrl);
    expect(page.status).toBe(403);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('content-security-policy')).toBe(RENDERER_CSP);
    expect(page.headers.get('cache-control')).toBe('no-store');
    const html = await page.text();
    expect(html).toContain('<h1 class="screen-title">The app was restarted</h1>');
    expect(html).toMatch(/Open the new address printed in the terminal.*<strong>Open:<\/strong>/);
    expect(html).toContain('npm run start:browser');
    // Keeps the CSP (no script, no inline style) and looks like the app (its own stylesheet).
    expect(html).not.toMatch(/<script|<style|\sstyle=|\son[a-z]+=/i);
    expect(html).toContain('<link rel="stylesheet" crossorigin href="./assets/app.css">');
    // Neither token, nor the app itself, is in the page.
    expect(html).not.toContain(tokenOf(oldUrl));
    expect(html).not.toContain(tokenOf(second.url));
    expect(html).not.toContain('__kiosk-bridge');
    expect(await socketOpens(oldUrl)).toBe(false);

    expect((await fetch(second.url)).status).toBe(200);
    expect(await socketOpens(second.url)).toBe(true);
  });

  it('tells an address without a token that it is incomplete', async () => {
    const host = await start();
    const { origin } = new URL(host.url);
    for (const path of ['/', '/index.html', '/?token=']) {
      const page = await fetch(`${origin}${path}`);
      expect(page.status, path).toBe(403);
      const html = await page.text();
      expect(html, path).toContain('This address is incomplete');
      expect(html, path).toContain('the line that starts with <strong>Open:</strong>');
    }
  });
});

describe('a second copy on a busy port', () => {
  it('stops before it creates or opens the data folder, saying which port is busy and how to choose another', async () => {
    const first = await start();
    const port = Number(new URL(first.url).port);
    const before = snapshot(dataDir);
    expect(Object.keys(before).length).toBeGreaterThan(0);

    const sameData = startBrowserHost({ dataDir, rendererDir, port, logger: createLogger({ sink: () => {} }) });
    await expect(sameData).rejects.toBeInstanceOf(PortInUseError);
    await expect(sameData).rejects.toThrow(new RegExp(`^Port ${port} on 127\\.0\\.0\\.1 is already in use, probably by another copy .*--port \\d+`));
    expect(snapshot(dataDir)).toEqual(before);

    const otherData = join(dir, 'other-data');
    await expect(startBrowserHost({ dataDir: otherData, rendererDir, port })).rejects.toBeInstanceOf(PortInUseError);
    expect(existsSync(otherData)).toBe(false);

    // The first copy carries on.
    expect((await fetch(first.url)).status).toBe(200);
  });

  it('`npm run start:browser` prints one line, no stack trace, and exits non-zero', async () => {
    const first = await start();
    const port = new URL(first.url).port;
    const otherData = join(dir, 'cli-data');
    const child = spawn(process.execPath, ['--import', 'tsx', 'src-main/browser-host/cli.ts', '--port', port, '--data-dir', otherData], {
      cwd: projectRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', (exitCode) => resolve(exitCode)));

    expect(code).not.toBe(0);
    expect(code).not.toBeNull();
    expect(stdout).toBe('');
    const lines = stderr.trimEnd().split('\n');
    expect(lines, stderr).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^Port ${port} .*already in use.*another copy.*npm run start:browser -- --port \\d+`));
    expect(stderr).not.toMatch(/\n\s+at |Error:/);
    expect(existsSync(otherData)).toBe(false);
  });
});
