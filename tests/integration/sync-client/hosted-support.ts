import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { createApp, type App } from '../../../src-main/app/create-app';
import { createLogger } from '../../../src-main/logging/logger';
import type { EmailSender, OutgoingEmail } from '../../../src-main/providers/email/email-sender';
import { MemorySecretStore } from '../../../src-main/secrets/memory-secret-store';
import { FileSettingsBackend } from '../../../src-main/settings/file-settings-backend';
import { SettingsService } from '../../../src-main/settings/settings-service';
import { createDevice, deviceEndpoint, type DeviceKind } from '../../../src-main/sync/hosted-db/device-admin';
import { migrateHostedDatabase } from '../../../src-main/sync/hosted-db/migrate-hosted-db';
import { SyncError } from '../../../src-main/sync/sync-errors';
import { PgSyncTransport, type SyncSession, type SyncTransport } from '../../../src-main/sync/sync-transport';
import { migrationsDir, resourcesDir } from '../../support/test-app';

export const postgresMigrationsDir = join(import.meta.dirname, '..', '..', '..', 'migrations', 'postgres');

/** What the tests do to the network between one device and the database. */
export interface NetworkControl {
  online: boolean;
  /** Applied to every session this device opens (e.g. lose the reply of a push). */
  wrap?: (session: SyncSession) => SyncSession;
}

export interface Device {
  app: App;
  kind: DeviceKind;
  deviceId: string;
  network: NetworkControl;
  mails: OutgoingEmail[];
  dataDir: string;
  logLines: string[];
  close(): void;
}

/** A migrated hosted database of its own. */
export async function hostedDatabase(createDatabase: () => Promise<string>): Promise<string> {
  const url = await createDatabase();
  await migrateHostedDatabase(url, postgresMigrationsDir);
  return url;
}

/**
 * A whole app (real SQLite, the real sync service over real Postgres),
 * enrolled as IT would: the endpoint in the machine settings file, the
 * password in the keychain. Background timers are slowed so the test
 * decides when a sync runs.
 */
export async function enrolledDevice(url: string, kind: DeviceKind, name = `${kind} under test`, timing = { intervalMs: 3_600_000, watchMs: 3_600_000 }): Promise<Device> {
  const enrolment = await createDevice(url, name, kind);
  const dataDir = mkdtempSync(join(tmpdir(), `kiosk-sync-${kind}-`));
  const logLines: string[] = [];
  const logger = createLogger({ level: 'debug', sink: (line) => logLines.push(line) });
  const machineFilePath = join(dataDir, 'machine-settings.json');
  writeFileSync(machineFilePath, JSON.stringify({ mode: kind === 'kiosk' ? 'kiosk' : 'recruiter', sync: { endpoint: deviceEndpoint(url, enrolment.roleName) } }));
  const settings = new SettingsService({ backend: new FileSettingsBackend(join(dataDir, 'settings.json')), machineFilePath, logger });
  const secrets = new MemorySecretStore();
  await secrets.set('sync-device-credential', enrolment.password);
  const network: NetworkControl = { online: true };
  const mails: OutgoingEmail[] = [];
  const email: EmailSender = { send: (message) => (mails.push(message), Promise.resolve()) };
  const transport = (endpoint: string, password: string): SyncTransport => ({
    async open() {
      if (!network.online) throw new SyncError('offline', 'test: the network is down');
      const session = await new PgSyncTransport({ endpoint, password }).open();
      return network.wrap ? network.wrap(session) : session;
    },
  });
  const app = createApp({
    dataDir,
    migrationsDir,
    resourcesDir,
    settings,
    secrets,
    logger,
    version: '0.0.0-test',
    bcryptCost: 4,
    emailSender: email,
    sync: { transport, ...timing },
  });
  // The run every app starts with: let it finish so each test decides what the next run sees.
  await app.services.sync.syncNow();
  return {
    app,
    kind,
    deviceId: enrolment.deviceId,
    network,
    mails,
    dataDir,
    logLines,
    close() {
      app.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** One query as the database owner. */
export async function asOwner<T extends pg.QueryResultRow>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

export function localRow(device: Device, table: string, id: string): Record<string, unknown> | undefined {
  return device.app.database.sqlite.prepare(`SELECT * FROM "${table}" WHERE id = ?`).get(id) as Record<string, unknown> | undefined;
}
