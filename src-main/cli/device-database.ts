import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import type { AppDatabase } from '../db/open-database';
import * as schema from '../db/schema/index';
import { dataDirFrom } from './provider/provider-setup';

/** The device database's name in the data folder (app/create-app.ts opens the same file). */
export const DATABASE_FILE = 'kiosk.sqlite';

/**
 * The device's database, read-only (the app may have it open), for a
 * command that reports on it; or why not, in words that say what to do.
 * No migration runs: a report must not change the file it reports on.
 */
export function openDeviceDatabaseReadOnly(values: ReadonlyMap<string, string>): { ok: true; file: string; database: AppDatabase } | { ok: false; message: string } {
  const file = join(dataDirFrom(values), DATABASE_FILE);
  if (!existsSync(file)) return { ok: false, message: `No device database at ${file}: give the app's data folder with --data-dir.` };
  try {
    const sqlite = new Database(file, { readonly: true, fileMustExist: true });
    return { ok: true, file, database: { db: drizzle(sqlite, { schema }), sqlite, close: () => sqlite.close() } };
  } catch (error) {
    return { ok: false, message: `Cannot open the device database ${file}: ${error instanceof Error ? error.message : String(error)}` };
  }
}
