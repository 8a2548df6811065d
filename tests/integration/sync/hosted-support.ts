import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { NetworkSettings } from '../../../shared/domain/settings';
import { type App, type AppOverrides } from '../../../src-main/app/create-app';
import { createLogger } from '../../../src-main/logging/logger';
import type { EmailSender, OutgoingEmail } from '../../../src-main/providers/email/email-sender';
import { MemorySecretStore } from '../../../src-main/secrets/memory-secret-store';
import { FileSettingsBackend } from '../../../src-main/settings/file-settings-backend';
import { SettingsService } from '../../../src-main/settings/settings-service';
import { createDevice, deviceEndpoint, type DeviceKind } from '../../../src-main/sync/hosted-db/device-admin';
import { migrateHostedDatabase } from '../../../src-main/sync/hosted-db/migrate-hosted-db';
import { SyncError } from '../../../src-main/sync/sync-errors';
import { PgSyncTransport, type SyncSession, type SyncTransport } from '../../../src-main/sync/sync-transport';
import { SMTP_PASSWORD_SECRET } from '../../../src-main/providers/email/smtp-email-sender';
import { SENDER, SMTP_PASSWORD, SMTP_USER } from '../../support/smtp-server';
import { buildApp, strongPassword } from '../../support/test-app';
import { ContentStore } from '../../../src-main/files/content-store';
import { ResumeFeedbackRepository } from '../../../src-main/repositories/resume-feedback-repository';
import { ResumeRepository } from '../../../src-main/repositories/resume-repository';
import { StoredFileRepository } from '../../../src-main/repositories/stored-file-repository';
import { queryRows } from '../../../src-main/sync/hosted-db/pg-client';

export const postgresMigrationsDir = join(import.meta.dirname, '..', '..', '..', 'migrations', 'postgres');

/** What the tests do to the network between one device and the database. */
export interface NetworkControl {
  online: boolean;
  /** Applied to every session this device opens (e.g. lose the reply of a push). */
  wrap?: (session: SyncSession) => SyncSession;
}

export interface Device {
  /** Replaced by restart(). */
  app: App;
  kind: DeviceKind;
  deviceId: string;
  network: NetworkControl;
  /** The device's keychain (its sync credential) and settings. */
  secrets: MemorySecretStore;
  settings: SettingsService;
  /** Email the app sent (none when it sends through a real SMTP server, DeviceOptions.smtpPort). */
  mails: OutgoingEmail[];
  dataDir: string;
  logLines: string[];
  /** The app goes away without finishing what it was doing (as far as the data is concerned) and starts again on the same data. */
  restart(): void;
  close(): void;
}

export interface DeviceOptions {
  name?: string;
  /** Connect through this local port (e.g. a TCP proxy in front of the database) instead of the database's own. */
  viaPort?: number;
  /** The sync service's own timers; slow by default, so the test decides when a sync runs. */
  timing?: { intervalMs: number; watchMs: number };
  /** The app version the device runs and reports (fleet health); buildApp's default otherwise. */
  version?: string;
  /** The drive the device reports (fleet health): a small or full one, as fs.statfs would answer. */
  statfs?: AppOverrides['statfs'];
  /**
   * The product's own connection, kept across runs (src-main/sync/kept-session.ts),
   * closed after idleMs without a call; `network` then has no effect.
   */
  keptConnection?: { idleMs?: number };
  /** Send email through this SMTP server on loopback (tests/support/smtp-server.ts) instead of keeping it in `mails`. */
  smtpPort?: number;
  /** IT's network settings in the machine file (a proxy, a CA bundle); Node's defaults otherwise. */
  machineNetwork?: Partial<NetworkSettings>;
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
export async function enrolledDevice(url: string, kind: DeviceKind, options: DeviceOptions = {}): Promise<Device> {
  const { name = `${kind} under test`, viaPort, timing = { intervalMs: 3_600_000, watchMs: 3_600_000 }, version, statfs, keptConnection, smtpPort, machineNetwork } = options;
  const enrolment = await createDevice(url, name, kind);
  const endpoint = new URL(deviceEndpoint(url, enrolment.roleName));
  if (viaPort !== undefined) endpoint.port = String(viaPort);
  const dataDir = mkdtempSync(join(tmpdir(), `kiosk-sync-${kind}-`));
  const logLines: string[] = [];
  const logger = createLogger({ level: 'debug', sink: (line) => logLines.push(line) });
  const machineFilePath = join(dataDir, 'machine-settings.json');
  writeFileSync(machineFilePath, JSON.stringify({ mode: kind === 'kiosk' ? 'kiosk' : 'recruiter', sync: { endpoint: endpoint.toString() }, ...(machineNetwork ? { network: machineNetwork } : {}) }));
  const settings = new SettingsService({ backend: new FileSettingsBackend(join(dataDir, 'settings.json')), machineFilePath, logger });
  const secrets = new MemorySecretStore();
  await secrets.set('sync-device-credential', enrolment.password);
  if (smtpPort !== undefined) {
    settings.update({ smtp: { host: '127.0.0.1', port: smtpPort, secure: false, username: SMTP_USER, sender: SENDER } });
    await secrets.set(SMTP_PASSWORD_SECRET, SMTP_PASSWORD);
  }
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
  const sync = keptConnection ? { ...keptConnection, ...timing } : { transport, ...timing };
  const open = () =>
    buildApp({ dataDir, settings, secrets, logger, ...(version ? { version } : {}), overrides: { ...(smtpPort === undefined ? { emailSender: email } : {}), sync, ...(statfs ? { statfs } : {}) } });
  const device: Device = {
    app: open(),
    kind,
    deviceId: enrolment.deviceId,
    network,
    secrets,
    settings,
    mails,
    dataDir,
    logLines,
    restart() {
      device.app.close();
      device.app = open();
    },
    close() {
      device.app.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  // The run every app starts with: let it finish so each test decides what the next run sees.
  await device.app.services.sync.syncNow();
  return device;
}

/** A migrated hosted database of its own with an enrolled kiosk and laptop, added to `track` for the test to close. */
export async function hostedKioskAndLaptop(createDatabase: () => Promise<string>, track: Device[]) {
  const url = await hostedDatabase(createDatabase);
  const kiosk = await enrolledDevice(url, 'kiosk');
  const laptop = await enrolledDevice(url, 'laptop');
  track.push(kiosk, laptop);
  return { url, kiosk, laptop };
}

/** One query as the database owner. */
export function asOwner<T extends pg.QueryResultRow>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  return queryRows<T>(url, sql, params);
}

export function localRow(device: Device, table: string, id: string): Record<string, unknown> | undefined {
  return device.app.database.sqlite.prepare(`SELECT * FROM "${table}" WHERE id = ?`).get(id) as Record<string, unknown> | undefined;
}

/**
 * The session with some calls replaced (to lose a push reply, deliver twice,
 * pull in small pages, ...); every other call goes to the real session.
 * Written out call by call: the real session is a class instance, so
 * spreading it would drop its methods.
 */
export function withCalls(session: SyncSession, replaced: Partial<SyncSession>): SyncSession {
  return {
    hello: () => session.hello(),
    push: (mutations) => session.push(mutations),
    pull: (cursor, limit) => session.pull(cursor, limit),
    exchange: (cursor, limit, report) => session.exchange(cursor, limit, report),
    missingFiles: (hashes) => session.missingFiles(hashes),
    putFileChunk: (...args) => session.putFileChunk(...args),
    getFile: (...args) => session.getFile(...args),
    fileStorage: () => session.fileStorage(),
    objectUpload: (...args) => session.objectUpload(...args),
    objectPartUploaded: (...args) => session.objectPartUploaded(...args),
    objectDownload: (hash) => session.objectDownload(hash),
    claimDelivery: (feedbackId, contentSha256) => session.claimDelivery(feedbackId, contentSha256),
    claimWebhookDelivery: (subscriptionId, eventId) => session.claimWebhookDelivery(subscriptionId, eventId),
    autoApproveDue: () => session.autoApproveDue(),
    attestationChallenge: () => session.attestationChallenge(),
    registerSigningKey: (publicKey) => session.registerSigningKey(publicKey),
    attestConfigurations: (challenge, attestations) => session.attestConfigurations(challenge, attestations),
    reportDeviceHealth: (report) => session.reportDeviceHealth(report),
    fleetHealth: () => session.fleetHealth(),
    close: () => session.close(),
    ...replaced,
  };
}

export const register = (device: Device, email: string) =>
  device.app.services.auth.registerCandidate({ email, password: strongPassword, fullName: 'Grace Hopper' });

/** A candidate, a resume whose file is in the kiosk's content store, and its pending feedback. */
export async function kioskFeedback(kiosk: Device, fileBytes: Buffer, autoSendAt = '2099-01-01T00:00:00.000Z') {
  const candidate = await register(kiosk, 'grace@example.com');
  const store = new ContentStore(kiosk.dataDir);
  const stored = await store.put(fileBytes);
  const database = kiosk.app.database;
  new StoredFileRepository(database).record({ contentHash: stored.hash, relativePath: stored.relativePath, sizeBytes: stored.size, mediaType: 'application/pdf' });
  const resume = new ResumeRepository(database).create({ candidateId: candidate.id, fileUrl: stored.relativePath, fileName: 'cv.pdf', fileSize: stored.size });
  const feedback = new ResumeFeedbackRepository(database).createPending({
    resumeId: resume.id,
    feedbackContent: 'A clear resume; describe the testing you did on each project.',
    identifiedGaps: ['testing'],
    recommendedResources: [],
    generatedAt: '2026-11-25T09:00:00.000Z',
    autoSendAt,
  });
  return { candidate, stored, resume, feedback };
}
