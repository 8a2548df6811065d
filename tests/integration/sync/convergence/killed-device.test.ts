import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { type App } from '../../../../src-main/app/create-app';
import { DATABASE_FILE } from '../../../../src-main/cli/device-database';
import { SEQ_BASE_KEY } from '../../../../src-main/db/backup-files';
import { createLogger } from '../../../../src-main/logging/logger';
import { MemorySecretStore } from '../../../../src-main/secrets/memory-secret-store';
import { FileSettingsBackend } from '../../../../src-main/settings/file-settings-backend';
import { SettingsService } from '../../../../src-main/settings/settings-service';
import { createDevice, deviceEndpoint } from '../../../../src-main/sync/hosted-db/device-admin';
import { queryRows } from '../../../../src-main/sync/hosted-db/pg-client';
import { useTestPostgres } from '../../../support/postgres';
import { startTcpProxy, type TcpProxy } from '../../../support/tcp-proxy';
import { seededRandom, seedFromEnvironment } from '../../../support/seeded-random';
import { buildApp } from '../../../support/test-app';
import { hostedDatabase } from '../hosted-support';

const projectRoot = fileURLToPath(new URL('../../../../', import.meta.url));
const KILLS = 5;

interface RunUntilKilled {
  /** True when the kill landed between "syncing" and "synced": in the middle of a push or pull. */
  midSync: boolean;
  /** True when, at the kill, the server had applied changes the device did not know were applied. */
  afterServerApplied: boolean;
  /** What the round saw, for a failure message. */
  story: string;
}

type KillMoment = { kind: 'after-delay'; delayMs: number } | { kind: 'when-server-applies' };

/**
 * The newest seq the killed device knows the server applied: its outbox
 * entries marked pushed, numbered as the server numbers them (outbox id
 * minus the device's base, src-main/sync/outbox-queue.ts).
 */
function seqKnownToDevice(dataDir: string): number {
  const sqlite = new Database(join(dataDir, DATABASE_FILE), { readonly: true });
  try {
    const pushed = sqlite.prepare('SELECT coalesce(max(id), 0) AS id FROM sync_outbox WHERE pushed_at IS NOT NULL').get() as { id: number };
    const state = sqlite.prepare('SELECT value FROM sync_state WHERE key = ?').get(SEQ_BASE_KEY) as { value: string } | undefined;
    const base = state ? (JSON.parse(state.value) as { base: number }).base : 0;
    return Math.max(0, pushed.id - base);
  } finally {
    sqlite.close();
  }
}

/** The device's last_applied_seq on the server. */
async function serverSeq(url: string, deviceId: string): Promise<number> {
  const [row] = await queryRows<{ seq: string }>(url, 'SELECT last_applied_seq::text AS seq FROM sync.devices WHERE id = $1', [deviceId]);
  return Number(row!.seq);
}

/**
 * The device process writes and syncs in a loop; it is killed with SIGKILL
 * during its second sync: after a random moment, or once the server has
 * committed its push and before the device hears so. For the latter the
 * device reaches the server through a proxy that lets the push through,
 * swallows its answer (the server has sent it, so the push is committed),
 * goes offline so no retry can reach the server, and kills the device: the
 * moment a device most often has sent a change it never learns was applied,
 * made certain on any machine speed rather than raced for.
 */
function runAndKill(proxy: TcpProxy, deviceId: string, dataDir: string, password: string, moment: KillMoment, round: number, url: string): Promise<RunUntilKilled> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'tests/support/sync-device-process.ts', dataDir, `killed${round}`], {
    cwd: projectRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, SYNC_DEVICE_PASSWORD: password },
  });
  let output = '';
  let armed = false;
  let answerLost = false;
  const kill = () => child.kill('SIGKILL');
  proxy.setOffline(false);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      kill();
      reject(new Error(`the device process never got to a second sync. Output:\n${output}`));
    }, 60_000);
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      // Round 1 is done; the next push is round 2's (the device registers three candidates first).
      if (/synced 1 /.test(output) && !armed && moment.kind === 'when-server-applies') {
        armed = true;
        proxy.loseAnswerTo('sync.push', () => {
          answerLost = true;
          proxy.setOffline(true);
          kill();
        });
      }
      if (/syncing 2\n/.test(output) && !armed && moment.kind === 'after-delay') {
        armed = true;
        setTimeout(kill, moment.delayMs);
      }
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once('exit', (_code, signal) => {
      clearTimeout(timer);
      proxy.loseAnswerTo(null);
      if (signal !== 'SIGKILL') {
        reject(new Error(`the device process ended by itself. Output:\n${output}`));
        return;
      }
      // A swallowed answer is a sync cut short even when the device had time to note the lost connection.
      const midSync = answerLost || !/synced 2 /.test(output);
      if (!answerLost) {
        resolve({ midSync, afterServerApplied: false, story: `round ${round}: ${armed && moment.kind === 'when-server-applies' ? 'no push answer was swallowed' : `killed after ${moment.kind === 'after-delay' ? moment.delayMs : '?'} ms`}; ${output.trim().replace(/\n/g, ' | ')}` });
        return;
      }
      // The answer was swallowed: the server must hold changes the device never heard were applied.
      serverSeq(url, deviceId).then(
        (applied) => {
          const known = seqKnownToDevice(dataDir);
          resolve({ midSync, afterServerApplied: applied > known, story: `round ${round}: server applied up to ${applied}, the device knows of ${known}; ${output.trim().replace(/\n/g, ' | ')}` });
        },
        (error: unknown) => reject(error instanceof Error ? error : new Error(String(error))),
      );
    });
  });
}

describe('a device killed in the middle of a sync', () => {
  const postgres = useTestPostgres();
  let dataDir = '';
  let app: App | null = null;
  let proxy: TcpProxy | null = null;
  afterEach(async () => {
    await proxy?.close();
    proxy = null;
    app?.close();
    app = null;
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('loses nothing and applies nothing twice once it syncs again', async () => {
    const rng = seededRandom(seedFromEnvironment('SYNC_KILL_SEED'));
    const url = await hostedDatabase(() => postgres.current.createDatabase());
    const enrolment = await createDevice(url, 'kiosk killed midway', 'kiosk');
    dataDir = mkdtempSync(join(tmpdir(), 'kiosk-killed-'));
    proxy = await startTcpProxy(Number(new URL(url).port));
    const throughProxy = new URL(deviceEndpoint(url, enrolment.roleName));
    throughProxy.port = String(proxy.port);
    writeFileSync(join(dataDir, 'machine-settings.json'), JSON.stringify({ mode: 'kiosk', sync: { endpoint: throughProxy.toString() } }));

    const runs: RunUntilKilled[] = [];
    for (let round = 1; round <= KILLS; round++) {
      const moment: KillMoment = round % 2 === 1 ? { kind: 'when-server-applies' } : { kind: 'after-delay', delayMs: rng.int(0, 60) };
      runs.push(await runAndKill(proxy, enrolment.deviceId, dataDir, enrolment.password, moment, round, url));
    }
    const midSync = runs.filter((run) => run.midSync).length;
    const afterApplied = runs.filter((run) => run.afterServerApplied && run.midSync).length;
    const killedAtApply = runs.filter((_, index) => index % 2 === 0).length;
    console.log(`kills in the middle of a sync: ${midSync} of ${runs.length}; just after the server applied the push: ${afterApplied}`);
    // The kills must land where it matters, or the test proved nothing.
    expect(midSync).toBeGreaterThan(0);
    // Every kill at the server's apply landed there: that moment no longer depends on the machine's speed.
    expect(afterApplied, runs.map((run) => run.story).join('\n')).toBe(killedAtApply);

    // The device starts again, on the same data, and syncs until nothing is left.
    proxy.setOffline(false);
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
