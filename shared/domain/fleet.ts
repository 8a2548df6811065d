import { z } from 'zod';

/**
 * Fleet health (issue 20, point 4). Each device sends a health report with
 * its sync (sync.report_device_health keeps one row per device); IT lists
 * the fleet with `npm run cli -- hosted-db devices`, admins in the staff
 * home's Devices section. The report holds counts, versions and states,
 * never candidate content: its one free text, the last error, is redacted
 * on the device before it is stored (src-main/logging/error-redaction.ts).
 *
 * Read leniently (z.object drops fields it does not know): a device on a
 * newer app may report more than this version reads.
 */

const count = z.number().int().min(0);
const at = z.string().max(40);

/** Where the device keeps its secrets: the OS keychain, Electron's safeStorage fallback, memory only (tests), or nowhere. */
export const keychainStates = ['keychain', 'fallback', 'memory', 'missing'] as const;
export type KeychainState = (typeof keychainStates)[number];

export const recordedErrorSchema = z.object({
  at,
  /** Which process: 'core' (the app's services), 'main' (Electron's main process). */
  process: z.string().max(20),
  /** The error's class (TypeError, SqliteError, ...). */
  kind: z.string().max(80),
  /** Redacted: no e-mail address, number or quoted text. */
  message: z.string().max(300),
});
export type RecordedError = z.infer<typeof recordedErrorSchema>;

export const deviceHealthReportSchema = z.object({
  gatheredAt: at,
  appVersion: z.string().min(1).max(64),
  /** The hosted schema this app speaks, and how many SQLite migrations its own database has. */
  schemaVersion: z.object({ hosted: count, local: count }),
  /** The configuration key (proof of configuration) of the settings in force now. */
  configurationKey: z.string().regex(/^[0-9a-f]{64}$/).nullable(),
  lastInterviewAt: at.nullable(),
  bankAudio: z.object({ state: z.string().max(20), questionsReady: count, questions: count }),
  /** Of the drive holding the app's data; null when it could not be read. */
  disk: z.object({ freeBytes: count, totalBytes: count }).nullable(),
  pending: z.object({ outbox: count, jobs: count, refused: count }),
  keychain: z.object({ state: z.enum(keychainStates), backend: z.string().max(120) }),
  errors: z.object({ lastDay: count, total: count, last: recordedErrorSchema.nullable() }),
});
export type DeviceHealthReport = z.infer<typeof deviceHealthReportSchema>;

/** What needs IT's attention on one device, each with a sentence saying what was found. */
export const attentionKinds = ['no_report', 'behind_version', 'not_synced', 'low_disk', 'keychain_missing', 'refused_changes', 'errors'] as const;
export type AttentionKind = (typeof attentionKinds)[number];
export const attentionSchema = z.object({ kind: z.enum(attentionKinds), text: z.string() });
export type Attention = z.infer<typeof attentionSchema>;

/** One device as the hosted database has it (sync_admin.fleet), before the attention rules. */
export const fleetRowSchema = z.object({
  deviceId: z.string(),
  name: z.string(),
  kind: z.enum(['kiosk', 'laptop']),
  lastSeenAt: at.nullable(),
  reportedAt: at.nullable(),
  /** Raw: parsed with deviceHealthReportSchema by fleetView, which keeps a row whose report it cannot read. */
  report: z.unknown().nullable(),
  /** Changes the hosted database refused from this device in the last 24 hours (sync.rejections). */
  refusalsLastDay: count,
});
export type FleetRow = z.infer<typeof fleetRowSchema>;

export const fleetReplySchema = z.object({ serverTime: at, devices: z.array(fleetRowSchema) });
export type FleetReply = z.infer<typeof fleetReplySchema>;

export const fleetDeviceSchema = fleetRowSchema.omit({ report: true }).extend({
  report: deviceHealthReportSchema.nullable(),
  attention: z.array(attentionSchema),
});
export type FleetDevice = z.infer<typeof fleetDeviceSchema>;

export const fleetViewSchema = z.object({
  /** The hosted database's clock when it answered: the time rules use it, not a device's. */
  serverTime: at,
  /** The newest app version any device reports; older ones are behind. */
  newestVersion: z.string().nullable(),
  /** Devices needing attention first, then by name. */
  devices: z.array(fleetDeviceSchema),
});
export type FleetView = z.infer<typeof fleetViewSchema>;

const GB = 1024 ** 3;
/** Below either, a device's disk is low: the self-check warns under 2 GB too (src-main/self-check/disk-check.ts). */
export const LOW_DISK_BYTES = 2 * GB;
export const LOW_DISK_SHARE = 0.05;
const DAY_MS = 24 * 60 * 60 * 1000;

const VERSION = /^v?(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?/;

/** Semantic-version order (a pre-release before its release); null when either is not a version. */
export function compareVersions(a: string, b: string): number | null {
  const x = VERSION.exec(a);
  const y = VERSION.exec(b);
  if (!x || !y) return null;
  for (let part = 1; part <= 3; part += 1) {
    const diff = Number(x[part]) - Number(y[part]);
    if (diff !== 0) return Math.sign(diff);
  }
  if (x[4] === y[4]) return 0;
  if (x[4] === undefined) return 1;
  if (y[4] === undefined) return -1;
  return x[4] < y[4] ? -1 : 1;
}

function gigabytes(bytes: number): string {
  return `${(bytes / GB).toFixed(1)} GB`;
}

/** The rules of README "Fleet health (IT)", in the order a person should look at them. */
export function attentionFor(row: Omit<FleetDevice, 'attention'>, newestVersion: string | null, serverTime: Date): Attention[] {
  const found: Attention[] = [];
  const seen = row.lastSeenAt ? Date.parse(row.lastSeenAt) : null;
  if (seen === null || serverTime.getTime() - seen > DAY_MS) {
    found.push({ kind: 'not_synced', text: seen === null ? 'Has never synced.' : `Not synced for over a day (last ${row.lastSeenAt}).` });
  }
  const report = row.report;
  if (!report) {
    found.push({ kind: 'no_report', text: 'Has sent no health report (an app before fleet health, or it has not synced since).' });
  } else {
    if (newestVersion !== null && (compareVersions(report.appVersion, newestVersion) ?? 0) < 0) {
      found.push({ kind: 'behind_version', text: `Runs ${report.appVersion}; the newest in the fleet is ${newestVersion}.` });
    }
    const { disk } = report;
    if (disk && (disk.freeBytes < LOW_DISK_BYTES || (disk.totalBytes > 0 && disk.freeBytes / disk.totalBytes < LOW_DISK_SHARE))) {
      found.push({ kind: 'low_disk', text: `Only ${gigabytes(disk.freeBytes)} free of ${gigabytes(disk.totalBytes)}.` });
    }
    if (report.keychain.state === 'missing') found.push({ kind: 'keychain_missing', text: `No keychain keeps its secrets (${report.keychain.backend}).` });
    if (report.errors.lastDay > 0) {
      found.push({ kind: 'errors', text: `${report.errors.lastDay} unhandled error${report.errors.lastDay === 1 ? '' : 's'} in the day before its report.` });
    }
  }
  const refused = Math.max(report?.pending.refused ?? 0, row.refusalsLastDay);
  if (refused > 0) found.push({ kind: 'refused_changes', text: `${refused} refused change${refused === 1 ? '' : 's'} (hosted-db refusals --id ${row.deviceId}).` });
  return found;
}

/** The fleet as IT reads it: each report checked, the attention rules applied, devices needing attention first. */
export function fleetView(reply: FleetReply): FleetView {
  const rows = reply.devices.map((row) => {
    const parsed = deviceHealthReportSchema.safeParse(row.report);
    return { ...row, report: parsed.success ? parsed.data : null };
  });
  const newestVersion = rows.reduce<string | null>((newest, row) => {
    const version = row.report?.appVersion;
    if (!version || compareVersions(version, version) === null) return newest;
    return newest === null || (compareVersions(version, newest) ?? 0) > 0 ? version : newest;
  }, null);
  const now = new Date(reply.serverTime);
  const devices = rows
    .map((row) => ({ ...row, attention: attentionFor(row, newestVersion, now) }))
    .sort((a, b) => Number(b.attention.length > 0) - Number(a.attention.length > 0) || a.name.localeCompare(b.name));
  return { serverTime: reply.serverTime, newestVersion, devices };
}
