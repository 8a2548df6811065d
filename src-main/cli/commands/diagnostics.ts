import { readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, posix, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SelfCheckReport } from '../../../shared/ipc/kiosk-channels';
import type { SyncStatusView } from '../../../shared/ipc/sync-channels';
import { systemClock } from '../../common/clock';
import { BACKUPS_FOLDER } from '../../db/backup-files';
import { buildDiagnosticsBundle } from '../../diagnostics/diagnostics-bundle';
import { checkDisk, nodeDiskProbe } from '../../self-check/disk-check';
import { OutboxQueue } from '../../sync/outbox-queue';
import type { WaitingAfterPull } from '../../sync/pull-applier';
import { STATE_KEYS, SyncStateStore } from '../../sync/sync-state-store';
import type { AppDatabase } from '../../db/open-database';
import { EXIT, parseArguments, UsageError, type CliCommand } from '../cli-command';
import { openDeviceDatabaseReadOnly } from '../device-database';
import { loadDeviceSettings } from '../provider/provider-setup';

const packageJson = fileURLToPath(new URL('../../../package.json', import.meta.url));

/** Where the app writes its logs: Electron's logs folder (app.getPath('logs')), which on macOS is not in the data folder. */
export function defaultLogsDir(dataDir: string, platform: NodeJS.Platform = process.platform, home: string = homedir()): string {
  return platform === 'darwin' ? posix.join(home, 'Library', 'Logs', 'Teamified Kiosk') : join(dataDir, 'logs');
}

/**
 * The sync status as the database tells it: what waits and what was
 * refused. Whether a run is under way, or failed, only the running app
 * knows; its own button's bundle says.
 */
function syncFromDatabase(database: AppDatabase, configured: boolean): SyncStatusView {
  const state = new SyncStateStore(database.sqlite, systemClock);
  const queue = new OutboxQueue(database.sqlite, state, systemClock);
  const rejected = queue.rejected();
  const waiting = state.getJson<WaitingAfterPull>(STATE_KEYS.waitingAfterPull);
  return {
    configured,
    state: configured ? 'idle' : 'not_configured',
    lastSyncAt: state.get(STATE_KEYS.lastSyncAt),
    pendingChanges: queue.pendingCount(),
    pendingFiles: 0,
    lastError: null,
    rejected: rejected.length,
    refusals: rejected.map(({ table, rowId, reason, at }) => ({ table, rowId, reason, at })).reverse(),
    waiting: waiting?.count ?? 0,
    waitingRows: waiting?.rows ?? [],
  };
}

/** What the command line can check without the app; the rest of the self-check needs it (its keychain, its shell). */
async function selfCheckHere(dataDir: string): Promise<SelfCheckReport> {
  return {
    checkedAt: new Date().toISOString(),
    checks: [
      await checkDisk(nodeDiskProbe(dataDir)),
      {
        id: 'os-kiosk',
        label: 'The rest of the self-check',
        status: 'unknown',
        detail: 'Made from the command line: the keychain, AI provider, sync connection, displays and kiosk lock are checked by the app.',
        fix: 'For those, an admin saves diagnostics from the app: Staff → Self-check → Save diagnostics.',
      },
    ],
  };
}

export const diagnosticsCommand: CliCommand = {
  path: ['diagnostics'],
  synopsis: '[--data-dir DIR] [--logs-dir DIR] [--out FILE]',
  summary: 'Save a diagnostics bundle (ZIP) for IT or support: versions, settings and their sources, database checks, sync, logs; nothing personal.',
  details: [
    'The bundle holds: versions (app, Node, SQLite, schema, OS); the settings with where each value comes from, addresses',
    "and credentials redacted; the database's integrity_check and rows per table; the sync status as the database holds",
    'it; the disk check; and the last 2 MB of each log, keeping of each line only its time, level, message and fields',
    'that are numbers, ids, times, versions or single words. No password, key, token, email address or candidate content.',
    '',
    "  --data-dir DIR   the app's data folder (default: TEAMIFIED_DATA_DIR, else the installed app's folder).",
    "  --logs-dir DIR   the app's logs (default: DIR/logs; on macOS ~/Library/Logs/Teamified Kiosk).",
    '  --out FILE       where to write the ZIP (default: kiosk-diagnostics-<time>.zip in the current folder).',
    '',
    'Exit codes: 0 written, 1 the database or settings could not be read, 2 a usage error.',
  ].join('\n'),
  async run(args, output) {
    const { positional, values } = parseArguments(args, [], ['--data-dir', '--logs-dir', '--out']);
    if (positional.length > 0) throw new UsageError(`Unexpected argument: ${positional[0]}`);
    const loaded = loadDeviceSettings(values);
    if (!loaded.ok) {
      output.err(`${loaded.message}\n`);
      return EXIT.failed;
    }
    const opened = openDeviceDatabaseReadOnly(values);
    if (!opened.ok) {
      output.err(`${opened.message}\n`);
      return EXIT.failed;
    }
    try {
      const bundle = await buildDiagnosticsBundle({
        appVersion: (JSON.parse(readFileSync(packageJson, 'utf8')) as { version: string }).version,
        sqlite: opened.database.sqlite,
        backupsDir: join(loaded.dataDir, BACKUPS_FOLDER),
        logsDir: resolve(values.get('--logs-dir') ?? defaultLogsDir(loaded.dataDir)),
        settings: () => loaded.view,
        syncStatus: async () => syncFromDatabase(opened.database, loaded.settings.sync.endpoint !== ''),
        selfCheck: () => selfCheckHere(loaded.dataDir),
        clock: systemClock,
      });
      const out = resolve(values.get('--out') ?? bundle.fileName);
      // Owner-only: the bundle is harmless by design, but it is still this device's inventory.
      writeFileSync(out, bundle.archive, { mode: 0o600 });
      output.out(`Diagnostics saved to ${out} (${bundle.archive.byteLength} bytes).\n`);
      return EXIT.ok;
    } finally {
      opened.database.close();
    }
  },
};
