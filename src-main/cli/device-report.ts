import { resolve } from 'node:path';
import { AppFailure } from '../common/app-failure';
import type { AppDatabase } from '../db/open-database';
import { writePrivateFileAtomically } from '../files/private-file';
import { EXIT, UsageError, type CliOutput } from './cli-command';
import { openDeviceDatabaseReadOnly } from './device-database';

/** What a report command made: its text, and the line that says what was written where. */
export interface DeviceReport {
  text: string;
  wrote: (file: string) => string;
}

/**
 * A report made from the device database, opened read-only (the app may
 * have it open), printed or written to `--out`: owner-only, since what
 * reports hold is the organisation's own. A request the report refuses is a
 * usage error (exit 2); a database that cannot be read, a failure (exit 1).
 */
export function runDeviceReport(values: ReadonlyMap<string, string>, output: CliOutput, what: string, make: (database: AppDatabase) => DeviceReport): Promise<number> {
  const opened = openDeviceDatabaseReadOnly(values);
  if (!opened.ok) {
    output.err(`${opened.message}\n`);
    return Promise.resolve(EXIT.failed);
  }
  try {
    const report = make(opened.database);
    const out = values.get('--out');
    if (out === undefined) output.out(report.text);
    else {
      writePrivateFileAtomically(resolve(out), report.text);
      output.out(`${report.wrote(resolve(out))}\n`);
    }
    return Promise.resolve(EXIT.ok);
  } catch (error) {
    if (error instanceof AppFailure) throw new UsageError(error.message);
    output.err(`Cannot make the ${what} from ${opened.file}: ${error instanceof Error ? error.message : String(error)}\n`);
    return Promise.resolve(EXIT.failed);
  } finally {
    opened.database.close();
  }
}
