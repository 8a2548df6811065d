import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { type App } from '../../../../src-main/app/create-app';
import { createLogger } from '../../../../src-main/logging/logger';
import { MemorySecretStore } from '../../../../src-main/secrets/memory-secret-store';
import { FileSettingsBackend } from '../../../../src-main/settings/file-settings-backend';
import { SettingsService } from '../../../../src-main/settings/settings-service';
import { createDevice, deviceEndpoint } from '../../../../src-main/sync/hosted-db/device-admin';
import { queryRows } from '../../../../src-main/sync/hosted-db/pg-client';
import { useTestPostgres } from '../../../support/postgres';
import { seededRandom, seedFromEnvironment } from '../../../support/seeded-random';
import { buildApp } from '../../../support/test-app';
import { hostedDatabase } from '../hosted-support';

const projectRoot = fileURLToPath(new URL('../../../../', import.meta.url));
const KILLS = 5;

interface RunUntilKilled {
  /** True when the kill landed between "syncing" and "synced": in the middle of a push or pull. */
  midSync: boolean;
  /** True when the server had committed the push when the kill came (its reply likely never recorded). */
  afterServerApplied: boolean;
}

type KillMoment = { kind: 'after-delay'; delayMs: number } | { kind: 'when-server-applies' };

/**
 * The device's last_applied_seq, read over one connection opened in advance:
 * a new connection per read (TCP and SCRAM) takes long enough on a busy
 * machine for the device to finish its sync before the kill lands.
 */
async function seqWatcher(url: string, deviceId: string): Promise<{ seq(): Promise<number>; close(): Promise<void> }> {
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => undefined);
  await client.connect();
  return {
    async seq() {
      const { rows } = await client.query<{ seq: string }>('SELECT last_applied_seq::text AS seq FROM sync.devices WHERE id = $1', [deviceId]);
      return Number(rows[0]!.seq);
    },
    close: () => client.end().catch(() => undefined),
  };
}

/**
 * The device process writes and syncs in a loop; it is killed with SIGKILL
 * during its second sync: after a random moment, or the instant the server
 * has committed its push (watched from here), which is when a device most
 * often has sent a change it never learns was applied.
 */
function runAndKill(url: string, deviceId: string, dataDir: string, password: string, moment: KillMoment, round: number): Promise<RunUntilKilled> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'tests/support/sync-device-process.ts', dataDir, `killed${round}`], {
    cwd: projectRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, SYNC_DEVICE_PASSWORD: password },
  });
  let output = '';
  let afterServerApplied = false;
  let watching = false;
  const kill = () => child.kill('SIGKILL');
  // Connected while the device starts, so the watch begins the moment round 1 is done.
  const watcher = moment.kind === 'when-server-applies' ? seqWatcher(url, deviceId) : null;
  watcher?.catch(() => undefined);
  const watchServer = async () => {
    const server = await watcher!;
    try {
      // Round 1 is done: what the server holds now is the mark to watch for. The device registers
      // three candidates (bcrypt) before it syncs again; only its second push can move the mark.
      const before = await server.seq();
      const deadline = Date.now() + 30_000;
      while (child.exitCode === null && child.signalCode === null && Date.now() < deadline) {
        if ((await server.seq()) > before) {
          kill();
          afterServerApplied = true;
          return;
        }
      }
      kill();
    } finally {
      await server.close();
    }
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      kill();
      reject(new Error(`the device process never got to a second sync. Output:\n${output}`));
    }, 60_000);
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (/synced 1 /.test(output) && !watching && moment.kind === 'when-server-applies') {
        watching = true;
        watchServer().catch((error: unknown) => {
          kill();
          reject(error instanceof Error ? error : new Error(String(error)));
        });
      }
      if (/syncing 2\n/.test(output) && !watching && moment.kind === 'after-delay') {
        watching = true;
        setTimeout(kill, moment.delayMs);
      }
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once('exit', (_code, signal) => {
      clearTimeout(timer);
      void watcher?.then((server) => server.close(), () => undefined);
      if (signal !== 'SIGKILL') {
        reject(new Error(`the device process ended by itself. Output:\n${output}`));
        return;
      }
      resolve({ midSync: !/synced 2 /.test(output), afterServerApplied });
    });
  });
}

describe('a device killed in the middle of a sync', () => {
  const postgres = useTestPostgres();
  let dataDir = '';
  let app: App | null = null;
  afterEach(() => {
    app?.close();
    app = null;
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('loses nothing and applies nothing twice once it syncs again', async () => {
    const rng = seededRandom(seedFromEnvironment('SYNC_KILL_SEED'));
    const url = await hostedDatabase(() => postgres.current.createDatabase());
    const enrolment = await createDevice(url, 'kiosk killed midway', 'kiosk');
    dataDir = mkdtempSync(join(tmpdir(), 'kiosk-killed-'));
    writeFileSync(join(dataDir, 'machine-settings.json'), JSON.stringify({ mode: 'kiosk', sync: { endpoint: deviceEndpoint(url, enrolment.roleName) } }));

    const runs: RunUntilKilled[] = [];
    for (let round = 1; round <= KILLS; round++) {
      const moment: KillMoment = round % 2 === 1 ? { kind: 'when-server-applies' } : { kind: 'after-delay', delayMs: rng.int(0, 60) };
      runs.push(await runAndKill(url, enrolment.deviceId, dataDir, enrolment.password, moment, round));
    }
    const midSync = runs.filter((run) => run.midSync).length;
    const afterApplied = runs.filter((run) => run.afterServerApplied && run.midSync).length;
    console.log(`kills in the middle of a sync: ${midSync} of ${runs.length}; just after the server applied the push: ${afterApplied}`);
    // The kills must land where it matters, or the test proved nothing.
    expect(midSync).toBeGreaterThan(0);
    expect(afterApplied).toBeGreaterThan(0);

    // The device starts again, on the same data, and syncs until nothing is left.
    const logger = createLogger({ level: 'warn', sink: () => undefined });
    const settings = new SettingsService({ backend: new FileSettingsBackend(join(dataDir, 'settings.json')), machineFilePath: join(dataDir, 'machine-settings.json'), logger });
    app = buildApp({
      dataDir,
      settings,
      secrets: new MemorySecretStore({ 'sync-device-credential': enrolment.password }),
      logger,
      overrides: { sync: { intervalMs: 3_600_000, watchMs: 3_600_000 } },
    });
    const status = await app.services.sync.syncNow();
    expect(status).toMatchObject({ state: 'idle', lastError: null, pendingChanges: 0, rejected: 0 });

    // Every candidate registered before a kill is on the server once, at the version the device holds.
    const local = app.database.sqlite.prepare('SELECT id, row_version FROM candidates ORDER BY id').all() as { id: string; row_version: number }[];
    const server = await queryRows<{ id: string; row_version: number }>(url, 'SELECT id::text AS id, row_version FROM candidates ORDER BY id');
    expect(local.length).toBeGreaterThanOrEqual(KILLS * 3);
    expect(server).toEqual(local);
    expect(await queryRows(url, 'SELECT * FROM sync.rejections')).toEqual([]);
    const [device] = await queryRows<{ last_applied_seq: string }>(url, 'SELECT last_applied_seq FROM sync.devices WHERE id = $1', [enrolment.deviceId]);
    const outbox = app.database.sqlite.prepare('SELECT count(*) AS n FROM sync_outbox').get() as { n: number };
    // One mutation per outbox entry, each applied once.
    expect(Number(device!.last_applied_seq)).toBe(outbox.n);
    // Five device processes, each compiling the app with tsx as it starts: ~11 s alone, several times that on a busy 2-core machine.
  }, 120_000);
});
