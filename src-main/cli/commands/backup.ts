import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { BACKUPS_FOLDER, identityOf, installIdOf, listBackups, type BackupFile } from '../../db/backup-files';
import { BackupMaker } from '../../backup/make-backup';
import { ADOPT_DEVICE_FLAG, DISCARD_UNSYNCED_FLAG, restoreBackup } from '../../backup/restore-backup';
import { systemClock } from '../../common/clock';
import { FILES_DIR } from '../../files/content-store';
import { createLogger } from '../../logging/logger';
import { EXIT, parseArguments, UsageError, type CliCommand } from '../cli-command';
import { DATABASE_FILE } from '../device-database';
import { dataDirFrom, loadDeviceSettings } from '../provider/provider-setup';

const packageJson = fileURLToPath(new URL('../../../package.json', import.meta.url));
/** This app's SQLite migrations: a restore refuses a backup with migrations they do not list. */
const migrationsDir = fileURLToPath(new URL('../../../migrations/sqlite', import.meta.url));
const DATA_DIR_HELP = "  --data-dir DIR   the app's data folder (default: TEAMIFIED_DATA_DIR, else the installed app's folder).";

/** What a backup says about itself, for the list: read-only, so listing changes nothing. */
function describe(file: BackupFile): string {
  let who = 'not readable';
  try {
    const db = new Database(file.path, { readonly: true, fileMustExist: true });
    try {
      const identity = identityOf(db);
      who = identity ? `device ${identity.installId}, app ${identity.appVersion}, ${identity.schema.migrations} migrations` : 'not marked as a backup';
    } finally {
      db.close();
    }
  } catch {
    // Shown as not readable: the restore would refuse it and say why.
  }
  return `${file.madeAt.toISOString()}  ${mebibytes(file.sizeBytes).padStart(9)}  ${file.path}  (${who})`;
}

function mebibytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}

function noArguments(positional: string[]): void {
  if (positional.length > 0) throw new UsageError(`Unexpected argument: ${positional[0]}`);
}

export const backupListCommand: CliCommand = {
  path: ['backup', 'list'],
  synopsis: '[--data-dir DIR]',
  summary: "List this device's database backups, newest first.",
  details: [`Backups are in DIR/${BACKUPS_FOLDER}; each line shows when it was made, its size, its path and which device made it.`, '', DATA_DIR_HELP].join('\n'),
  run(args, output) {
    const { positional, values } = parseArguments(args, [], ['--data-dir']);
    noArguments(positional);
    const dir = join(dataDirFrom(values), BACKUPS_FOLDER);
    const backups = listBackups(dir);
    if (backups.length === 0) output.out(`No backups in ${dir} yet.\n`);
    for (const file of backups) output.out(`${describe(file)}\n`);
    return Promise.resolve(EXIT.ok);
  },
};

export const backupNowCommand: CliCommand = {
  path: ['backup', 'now'],
  synopsis: '[--data-dir DIR]',
  summary: "Make a backup of this device's database now (the app may be running) and rotate the old ones.",
  details: [
    "Copies DIR/kiosk.sqlite with SQLite's online backup API, checks the copy with integrity_check, and keeps the newest",
    'backup.count backups, none older than count × intervalHours (the backup settings, read as the app reads them).',
    '',
    DATA_DIR_HELP,
    '',
    'Exit codes: 0 made, 1 it could not be made (the message says why), 2 a usage error.',
  ].join('\n'),
  async run(args, output) {
    const { positional, values } = parseArguments(args, [], ['--data-dir']);
    noArguments(positional);
    const loaded = loadDeviceSettings(values);
    if (!loaded.ok) {
      output.err(`${loaded.message}\n`);
      return EXIT.failed;
    }
    const file = join(loaded.dataDir, DATABASE_FILE);
    if (!existsSync(file)) {
      output.err(`No device database at ${file}: give the app's data folder with --data-dir.\n`);
      return EXIT.failed;
    }
    // Read-write but no migration: the backup only reads, and the app may have the file open (WAL lets both).
    const sqlite = new Database(file, { fileMustExist: true });
    try {
      sqlite.pragma('busy_timeout = 5000');
      const installId = installIdOf(sqlite);
      if (installId === null) {
        output.err(`${file} has no install id yet: start the app once, then back it up.\n`);
        return EXIT.failed;
      }
      const maker = new BackupMaker({
        sqlite,
        dir: join(loaded.dataDir, BACKUPS_FOLDER),
        installId,
        appVersion: (JSON.parse(readFileSync(packageJson, 'utf8')) as { version: string }).version,
        clock: systemClock,
        logger: createLogger({ sink: () => {} }),
      });
      const outcome = await maker.make(loaded.settings.backup);
      if (!outcome.ok) {
        output.err(`${outcome.problem}\n`);
        return EXIT.failed;
      }
      output.out(`Backup made: ${outcome.backup.path} (${mebibytes(outcome.backup.sizeBytes)}, integrity_check ok).\n`);
      output.out(`It holds the database only: the recordings and resumes it names stay in ${join(loaded.dataDir, FILES_DIR)}; copy that folder too if you need them.\n`);
      if (outcome.removed.length > 0) output.out(`Removed the older ${outcome.removed.join(', ')}.\n`);
      return EXIT.ok;
    } finally {
      sqlite.close();
    }
  },
};

export const backupRestoreCommand: CliCommand = {
  path: ['backup', 'restore'],
  synopsis: `FILE [--data-dir DIR] [${DISCARD_UNSYNCED_FLAG}] [${ADOPT_DEVICE_FLAG}]`,
  summary: 'Put a backup of this device back as its database (the app must not be running).',
  details: [
    'Refuses while the app is running on DIR, a file that fails integrity_check or is not one of this app’s backups, a',
    "backup made by a newer version of the app, and a backup another device made. The database that was there is kept",
    'beside it as kiosk.sqlite.before-restore-<time> (with its -wal file), never deleted. Start the app afterwards: it',
    'brings the schema up to date and syncs; changes the hosted database already has are not sent again, and what it',
    'holds that is newer than the backup comes back. Files (recordings, resumes) are not in backups: DIR/files stays.',
    '',
    '  FILE                 the backup, e.g. one `backup list` shows.',
    DATA_DIR_HELP,
    `  ${DISCARD_UNSYNCED_FLAG}  restore even though the database here holds changes made after the backup that have not`,
    '                       reached the hosted database (or cannot be read to count them): they stay only in the file set aside.',
    `  ${ADOPT_DEVICE_FLAG}       restore on a device with no identity of its own (a wiped data folder, a replacement computer):`,
    '                       it becomes the device that made the backup. Only when that device is not in use anywhere else.',
    '',
    'Exit codes: 0 restored, 1 refused or failed (nothing changed; the message says why), 2 a usage error.',
  ].join('\n'),
  run(args, output) {
    const { positional, flags, values } = parseArguments(args, [DISCARD_UNSYNCED_FLAG, ADOPT_DEVICE_FLAG], ['--data-dir']);
    if (positional.length !== 1) throw new UsageError(positional.length === 0 ? 'Give the backup file to restore.' : `Unexpected argument: ${positional[1]}`);
    const outcome = restoreBackup({
      dataDir: dataDirFrom(values),
      backup: resolve(positional[0]!),
      now: new Date(),
      migrationsDir,
      discardUnsynced: flags.has(DISCARD_UNSYNCED_FLAG),
      adoptDevice: flags.has(ADOPT_DEVICE_FLAG),
    });
    if (!outcome.ok) {
      output.err(`${outcome.problem}\n`);
      return Promise.resolve(EXIT.failed);
    }
    const { identity, keptAs, unsyncedSetAside } = outcome;
    output.out(`Restored the backup made ${identity.madeAt} by app ${identity.appVersion} (device ${identity.installId}).\n`);
    output.out(keptAs ? `The database that was there is kept as ${keptAs}.\n` : 'There was no database here before.\n');
    if (keptAs && unsyncedSetAside !== 0) {
      const what =
        unsyncedSetAside === null
          ? 'Whatever it held that had not reached the hosted database is'
          : `The ${unsyncedSetAside} change${unsyncedSetAside === 1 ? '' : 's'} it held that had not reached the hosted database ${unsyncedSetAside === 1 ? 'is' : 'are'}`;
      output.out(`${what} only there: keep that file until you are sure nothing in it is needed.\n`);
    }
    return Promise.resolve(EXIT.ok);
  },
};

export const backupCommands: readonly CliCommand[] = [backupListCommand, backupNowCommand, backupRestoreCommand];
