import { fork, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createCoreClient } from '../../../src-main/ipc/core-client';
import type { CoreInit, ToCore } from '../../../src-main/ipc/core-protocol';
import { childProcessPort, CORE_SOURCE_ENTRY, forkCore } from '../../../src-main/ipc/node-core-port';
import { createLogger } from '../../../src-main/logging/logger';
import { MemorySecretStore } from '../../../src-main/secrets/memory-secret-store';
import { migrationsDir, resourcesDir, strongPassword } from '../../support/test-app';

/**
 * The core forked from plain Node, as tests and benchmarks start it (there
 * is no Electron binary where they run): src-main/ipc/node-core-port.ts.
 */
let dir = '';
const initIn = (dataDir: string): CoreInit => ({
  dataDir,
  migrationsDir,
  resourcesDir,
  logsDir: join(dataDir, 'logs'),
  // No policy: a machine's own /etc/teamified-kiosk/policy.json never changes what a test sees.
  settings: { store: 'json-file', dir: dataDir, machineFilePath: null, policyFilePath: null },
  version: '1.0.0-node',
  secrets: { backend: 'memory (not persisted)', problem: null },
  overrides: { bcryptCost: 4 },
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('the core under plain Node', () => {
  it('is forked from its sources with tsx, serves calls, and closes its database when asked', async () => {
    dir = mkdtempSync(join(tmpdir(), 'node-core-'));
    const secrets = new MemorySecretStore();
    const client = createCoreClient({
      spawn: () => forkCore(CORE_SOURCE_ENTRY, { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] }).port,
      init: initIn(dir),
      secrets,
      logger: createLogger({ sink: () => {} }),
    });
    await client.start();
    const window = { windowId: '1', trustedSender: true };
    expect(await client.dispatch('app.getStatus', {}, window)).toEqual({ ok: true, data: { mode: 'kiosk', needsSetup: true, version: '1.0.0-node' } });
    expect(await client.dispatch('setup.createFirstAdmin', { email: 'admin@example.com', password: strongPassword, fullName: 'Ada Admin' }, window)).toMatchObject({ ok: true });
    expect(await client.dispatch('secrets.set', { name: 'openai-api-key', value: 'sk-node-0123456789' }, window)).toEqual({ ok: true, data: { stored: true } });
    expect(await secrets.get('openai-api-key')).toBe('sk-node-0123456789');
    await client.close();
    const log = readFileSync(join(dir, 'logs', 'core.log'), 'utf8');
    expect(log).toContain('"msg":"core closed"');
    expect(log).not.toContain('sk-node-0123456789');
  }, 60_000);

  it('closes its database and exits by itself when main goes away', async () => {
    dir = mkdtempSync(join(tmpdir(), 'node-core-'));
    const forked = forkCore(CORE_SOURCE_ENTRY, { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    const exited = new Promise<number | null>((resolve) => forked.child.once('exit', (code) => resolve(code)));
    const client = createCoreClient({ spawn: () => forked.port, init: initIn(dir), secrets: new MemorySecretStore(), logger: createLogger({ sink: () => {} }) });
    await client.start();
    forked.child.disconnect();
    expect(await exited).toBe(0);
    expect(readFileSync(join(dir, 'logs', 'core.log'), 'utf8')).toContain('"msg":"main went away; the core closes"');
  }, 60_000);

  it('carries binary data both ways as it is (structured clone, no base64)', async () => {
    dir = mkdtempSync(join(tmpdir(), 'node-core-'));
    const echo = join(dir, 'echo.mjs');
    writeFileSync(echo, "process.on('message', (message) => process.send(message));\n");
    const port = childProcessPort(fork(echo, [], { serialization: 'advanced', stdio: ['ignore', 'ignore', 'inherit', 'ipc'] }));
    const back = new Promise<unknown>((resolve) => port.onMessage(resolve));
    const ended = new Promise<number | null>((resolve) => port.onExit(resolve));
    const audio = new Uint8Array([0, 1, 2, 255]);
    port.postMessage({ type: 'call', id: 1, channel: 'interview.answerSegment', input: { audio, raw: audio.buffer }, caller: { windowId: '1', trustedSender: true } } satisfies ToCore);
    const echoed = (await back) as { input: { audio: unknown; raw: unknown } };
    expect(echoed.input.audio).toBeInstanceOf(Uint8Array);
    expect(echoed.input.audio).toEqual(audio);
    expect(echoed.input.raw).toBeInstanceOf(ArrayBuffer);
    port.kill();
    // Ended by SIGTERM: 128 + 15, as a shell reports it.
    expect(await ended).toBe(143);
    expect(() => port.postMessage({ type: 'close' })).toThrow(/closed/);
  });

  it('started without a channel to main, says how it must be started', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', CORE_SOURCE_ENTRY], { encoding: 'utf8', timeout: 30_000 });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain('The core must be started by the app (Electron utilityProcess.fork) or with child_process.fork');
  }, 40_000);
});
