import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCoreClient, type CorePort } from '../../src-main/ipc/core-client';
import { childProcessPort, forkCore } from '../../src-main/ipc/node-core-port';
import { createLogger } from '../../src-main/logging/logger';
import { MemorySecretStore } from '../../src-main/secrets/memory-secret-store';
import { createDevice, deviceEndpoint } from '../../src-main/sync/hosted-db/device-admin';
import { migrationsDir, resourcesDir } from '../../tests/support/test-app';
import { isBenchReply, type BenchOp, type BenchReply } from './bench-messages';
import { API_KEY } from './kiosk-device';
import type { KioskDriver, PullFigures, SyncOutcome } from './kiosk-driver';

const CHILD_ENTRY = fileURLToPath(new URL('./core-child.ts', import.meta.url));

/**
 * The kiosk with its core in a child process, as the Electron shell runs it
 * in a utility process: the measured loop plays Electron's main (it holds
 * the secret store and relays each renderer call through the core client),
 * the child runs the core (bench/main-thread/core-child.ts: the product's
 * serveCore). Enrolled as IT would: the sync endpoint and the provider's
 * address in the machine settings file, the device credential and the API
 * key in main's secret store. The same test knobs as the in-process kiosk
 * (tests/support/test-app.ts buildApp and enrolledDevice): bcrypt cost 4,
 * sync timers slowed so the benchmark decides when a sync runs.
 */
export async function apartDriver(databaseUrl: string, providerUrl: string): Promise<{ driver: KioskDriver; deviceId: string }> {
  const enrolment = await createDevice(databaseUrl, 'bench kiosk', 'kiosk');
  const dataDir = mkdtempSync(join(tmpdir(), 'kiosk-bench-core-'));
  const machineFilePath = join(dataDir, 'machine-settings.json');
  writeFileSync(
    machineFilePath,
    // An unproctored kiosk, as in kiosk-device.ts: the bench's candidates start without a sitting.
    JSON.stringify({
      mode: 'kiosk',
      sync: { endpoint: deviceEndpoint(databaseUrl, enrolment.roleName) },
      provider: { baseUrl: providerUrl },
      interview: { requireProctorSitting: false },
    }),
  );
  const secrets = new MemorySecretStore();
  await secrets.set('sync-device-credential', enrolment.password);
  await secrets.set('openai-api-key', API_KEY);

  let child: ChildProcess | null = null;
  const pending = new Map<number, (reply: BenchReply) => void>();
  let nextId = 1;
  const spawn = (): CorePort => {
    child = forkCore(CHILD_ENTRY).child;
    const port = childProcessPort(child);
    return {
      ...port,
      // The benchmark's replies travel beside the core's messages; the client sees only the core's.
      onMessage: (listener) => port.onMessage((message) => (isBenchReply(message) ? pending.get(message.id)?.(message) : listener(message))),
    };
  };
  const ask = <T>(op: BenchOp): Promise<T> =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      pending.set(id, (reply) => {
        pending.delete(id);
        if (reply.error) reject(new Error(`core ${op}: ${reply.error}`));
        else resolve(reply.value as T);
      });
      child!.send({ bench: true, id, op });
    });

  const client = createCoreClient({
    spawn,
    secrets,
    logger: createLogger({ level: 'error', sink: (line) => process.stderr.write(`${line}\n`) }),
    init: {
      dataDir,
      migrationsDir,
      resourcesDir,
      logsDir: dataDir,
      // No policy: the machine's own would change what is measured.
      settings: { store: 'json-file', dir: dataDir, machineFilePath, policyFilePath: null },
      version: '0.0.0-bench',
      secrets: { backend: secrets.backend, problem: null },
      logLevel: 'info',
      overrides: { bcryptCost: 4, sync: { intervalMs: 3_600_000, watchMs: 3_600_000 } },
    },
  });
  await client.start();
  const driver: KioskDriver = {
    dispatch: (channel, input, windowId) => client.dispatch(channel, input, { windowId, trustedSender: true }),
    onEvent: (listener) => void client.events.subscribe(listener),
    idle: () => ask('idle'),
    syncNow: () => ask<SyncOutcome>('syncNow'),
    resetPullCursor: () => ask('resetPullCursor'),
    watchPull: () => ask('watchPull'),
    pullFigures: () => ask<PullFigures>('pullFigures'),
    watchCoreLoop: () => ask('watchLoop'),
    coreLoopFigures: () => ask('loopFigures'),
    async errorLines() {
      const log = join(dataDir, 'core.log');
      return existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter((line) => line.includes('"level":"error"')) : [];
    },
    async close() {
      await client.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  // The run every app starts with (as enrolledDevice lets it finish): the benchmark then decides when a sync runs.
  await driver.syncNow();
  return { driver, deviceId: enrolment.deviceId };
}
