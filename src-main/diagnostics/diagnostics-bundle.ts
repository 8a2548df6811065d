import { arch, platform, release } from 'node:os';
import type Database from 'better-sqlite3';
import type { SelfCheckReport } from '../../shared/ipc/kiosk-channels';
import type { SettingsView } from '../../shared/ipc/contract';
import type { SyncStatusView } from '../../shared/ipc/sync-channels';
import type { Clock } from '../common/clock';
import { schemaVersionOf } from '../db/backup-files';
import { zipArchive, type ZipEntry } from '../files/stored-zip';
import { redact, redactString } from '../logging/redact';
import { databaseFacts } from './database-facts';
import { createLogFilter } from './log-filter';
import { LOG_TAIL_BYTES, readLogTails } from './log-tail';

export interface DiagnosticsSources {
  appVersion: string;
  /** The device database: the app's own connection, or the CLI's read-only one. */
  sqlite: Database.Database;
  backupsDir: string;
  logsDir: string;
  /** The settings in force and the layer each comes from (default, user, machine-file, policy), as the settings service tells them. */
  settings: () => Pick<SettingsView, 'settings' | 'sources'>;
  /** Null where it cannot be known (sync status is the app's; the CLI reads what the database says). */
  syncStatus: () => Promise<SyncStatusView | null>;
  selfCheck: () => Promise<SelfCheckReport | null>;
  clock: Clock;
  logTailBytes?: number;
}

export interface DiagnosticsBundle {
  fileName: string;
  archive: Buffer;
}

const README = [
  'Teamified Kiosk diagnostics',
  '',
  'Made on the device for IT and support. It holds no passwords, keys, tokens, email addresses or candidate content:',
  '',
  '  versions.json     the app, Electron/Node, SQLite and database schema versions, and the OS',
  '  settings.json     the device settings (addresses and credentials in them redacted) and where each value comes from',
  '  database.json     SQLite integrity_check, rows per table (counts only), size, and the backups kept',
  '  sync.json         the sync status: state, when it last synced, what waits (counts; refused changes by table only)',
  '  self-check.json   the self-check report, as the Self-check screen shows it',
  '  logs/             the last part of each log; of each line only the time, level, message (or, when it is not',
  '                    the code\'s own words, [message <hash>], the same hash for the same message in this file only),',
  '                    and fields that are numbers, true/false, ids, times, versions or single lower-case words.',
  '                    Everything else reads [removed].',
  '',
].join('\n');

/** The diagnostics bundle (issue 20, point 5): one ZIP, made the same way from the admin's button and the CLI. */
export async function buildDiagnosticsBundle(sources: DiagnosticsSources): Promise<DiagnosticsBundle> {
  const madeAt = sources.clock.now();
  const [sync, selfCheck] = await Promise.all([settle(sources.syncStatus()), settle(sources.selfCheck())]);
  const snapshot = sources.settings();
  const logs = createLogFilter();
  const json = (name: string, value: unknown): ZipEntry => ({ name, data: Buffer.from(`${JSON.stringify(redact(value, { maxDepth: 12 }), null, 2)}\n`, 'utf8') });
  const entries: ZipEntry[] = [
    { name: 'README.txt', data: Buffer.from(README, 'utf8') },
    json('versions.json', {
      madeAt: madeAt.toISOString(),
      app: sources.appVersion,
      node: process.versions.node,
      electron: process.versions.electron ?? null,
      chrome: process.versions.chrome ?? null,
      sqlite: sources.sqlite.prepare('SELECT sqlite_version()').pluck().get(),
      schema: schemaVersionOf(sources.sqlite),
      os: { platform: platform(), release: release(), arch: arch() },
    }),
    json('settings.json', { settings: snapshot.settings, sources: snapshot.sources }),
    json('database.json', databaseFacts(sources.sqlite, sources.backupsDir)),
    json('sync.json', sync.ok ? syncView(sync.value) : { unavailable: sync.problem }),
    json('self-check.json', selfCheck.ok ? selfCheck.value : { unavailable: selfCheck.problem }),
    ...readLogTails(sources.logsDir, sources.logTailBytes ?? LOG_TAIL_BYTES).map((tail) => ({
      name: `logs/${tail.name}`,
      data: Buffer.from(tail.lines.flatMap((line) => logs.line(line) ?? []).join('\n') + '\n', 'utf8'),
    })),
  ];
  return { fileName: `kiosk-diagnostics-${madeAt.toISOString().replace(/[-:.]/g, '')}.zip`, archive: zipArchive(entries, madeAt) };
}

/** The status without what a refused change's reason may quote (the server's words can name a row's values), nor the ids of waiting rows. */
function syncView(status: SyncStatusView | null): unknown {
  if (!status) return { unavailable: 'not known here' };
  const { refusals, waitingRows, lastError, ...rest } = status;
  return {
    ...rest,
    lastError: lastError === null ? null : redactString(lastError),
    refusals: refusals.map(({ table, at }) => ({ table, at })),
    waitingRows: waitingRows.map(({ table, parentTable, since }) => ({ table, parentTable, since })),
  };
}

type Settled<T> = { ok: true; value: T } | { ok: false; problem: string };

/** One part that fails (sync unreachable, a check that throws) leaves a note; the bundle is still made. */
async function settle<T>(work: Promise<T>): Promise<Settled<T>> {
  try {
    return { ok: true, value: await work };
  } catch (error) {
    return { ok: false, problem: redactString(error instanceof Error ? error.message : String(error)) };
  }
}
