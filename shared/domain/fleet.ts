import { z } from 'zod';
import { isLowDisk } from './disk-space';
import { compareVersions, isVersion } from './version-order';

/**
 * Fleet health (issue 20, point 4). Each device sends a health report with
 * its sync (sync.report_device_health keeps one row per device); IT lists
 * the fleet with `npm run cli -- hosted-db devices`, admins in the staff
 * home's Devices section. The report holds counts, versions and states,
 * never candidate content: its one free text, the last error, is redacted
 * on the device before it is kept (src-main/errors/redact-message.ts).
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

/** The update channel of an app that did not report one (before channels were reported): the settings' default. */
export const DEFAULT_UPDATE_CHANNEL = 'stable';

export const deviceHealthReportSchema = z.object({
  gatheredAt: at,
  appVersion: z.string().min(1).max(64),
  /** The update channel it follows (settings updates.channel): a device is behind only the newest version on its own channel. */
  updateChannel: z.string().min(1).max(40).optional(),
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
  /** `dropped`: reports the device's error file let go, when full, before they were sent; absent from apps before it was counted. */
  errors: z.object({ lastDay: count, total: count, last: recordedErrorSchema.nullable(), dropped: count.optional() }),
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
  /** The newest app version reported on each update channel; a device older than its channel's is behind. */
  newestVersions: z.record(z.string(), z.string()),
  /** Devices needing attention first, then by name. */
  devices: z.array(fleetDeviceSchema),
});
export type FleetView = z.infer<typeof fleetViewSchema>;

const GB = 1024 ** 3;
const DAY_MS = 24 * 60 * 60 * 1000;

function channelOf(report: DeviceHealthReport): string {
  return report.updateChannel ?? DEFAULT_UPDATE_CHANNEL;
}

/**
 * When the device last finished a sync: the older of its last contact and
 * its last health report. Contact (last_seen_at) is set at hello, before
 * anything is exchanged; the report is sent only after a push and pull
 * went through, so a device whose exchange fails after hello is seen but
 * not synced. An app from before fleet health sends no report: its
 * contact is all there is.
 */
function lastSyncedAt(row: Pick<FleetDevice, 'lastSeenAt' | 'reportedAt'>): string | null {
  if (row.lastSeenAt === null || row.reportedAt === null) return row.lastSeenAt;
  return Date.parse(row.reportedAt) < Date.parse(row.lastSeenAt) ? row.reportedAt : row.lastSeenAt;
}

function gigabytes(bytes: number): string {
  return `${(bytes / GB).toFixed(1)} GB`;
}

/** The rules of README "Fleet health (IT)", in the order a person should look at them. */
export function attentionFor(row: Omit<FleetDevice, 'attention'>, newestVersions: Readonly<Record<string, string>>, serverTime: Date): Attention[] {
  const found: Attention[] = [];
  const synced = lastSyncedAt(row);
  if (synced === null || serverTime.getTime() - Date.parse(synced) > DAY_MS) {
    found.push({ kind: 'not_synced', text: synced === null ? 'Has never synced.' : `Not synced for over a day (last ${synced}).` });
  }
  const report = row.report;
  if (!report) {
    found.push({ kind: 'no_report', text: 'Has sent no health report (an app before fleet health, or it has not synced since).' });
  } else {
    const channel = channelOf(report);
    const newest = newestVersions[channel];
    if (newest !== undefined && isVersion(report.appVersion) && compareVersions(report.appVersion, newest) < 0) {
      found.push({ kind: 'behind_version', text: `Runs ${report.appVersion}; the newest on its update channel (${channel}) is ${newest}.` });
    }
    const { disk } = report;
    if (disk && isLowDisk(disk.freeBytes)) {
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

/** The newest version reported on each update channel, leaving out versions it cannot read. */
function newestByChannel(reports: readonly (DeviceHealthReport | null)[]): Record<string, string> {
  const newest: Record<string, string> = {};
  for (const report of reports) {
    if (!report || !isVersion(report.appVersion)) continue;
    const channel = channelOf(report);
    const current = newest[channel];
    if (current === undefined || compareVersions(report.appVersion, current) > 0) newest[channel] = report.appVersion;
  }
  return newest;
}

/** The fleet as IT reads it: each report checked, the attention rules applied, devices needing attention first. */
export function fleetView(reply: FleetReply): FleetView {
  const rows = reply.devices.map((row) => {
    const parsed = deviceHealthReportSchema.safeParse(row.report);
    return { ...row, report: parsed.success ? parsed.data : null };
  });
  const newestVersions = newestByChannel(rows.map((row) => row.report));
  const now = new Date(reply.serverTime);
  const devices = rows
    .map((row) => ({ ...row, attention: attentionFor(row, newestVersions, now) }))
    .sort((a, b) => Number(b.attention.length > 0) - Number(a.attention.length > 0) || a.name.localeCompare(b.name));
  return { serverTime: reply.serverTime, newestVersions, devices };
}

/** "1.5.0 (stable), 1.6.0-pilot.2 (pilot)", for a person; empty when no device reported a version. */
export function describeNewestVersions(newestVersions: Readonly<Record<string, string>>): string {
  return Object.entries(newestVersions)
    .sort(([a], [b]) => (a === DEFAULT_UPDATE_CHANNEL ? -1 : b === DEFAULT_UPDATE_CHANNEL ? 1 : a.localeCompare(b)))
    .map(([channel, version]) => `${version} (${channel})`)
    .join(', ');
}
