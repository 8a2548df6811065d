import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { sqliteNativeBinding } from '../db/open-database';
import { FileReferenceRepository } from '../repositories/file-reference-repository';
import { SET_ASIDE_MARK } from './restore-backup';

/** A set-aside database's SQLite companions share its name: they are not databases of their own. */
const COMPANION = /-(wal|shm|journal)$/;

/** Thrown, so the cleanup deletes nothing, when a database set aside by a restore cannot be read to say which files it names. */
export class SetAsideUnreadableError extends Error {
  override readonly name = 'SetAsideUnreadableError';
  readonly code = 'SET_ASIDE_UNREADABLE';
}

/**
 * The files the content store must keep, for the orphan cleanup
 * (jobs/orphan-file-cleanup.ts): those the device's database names, and
 * those every database a restore set aside names (`kiosk.sqlite.before-
 * restore-<time>`). A recording made after the backup was taken is named
 * only by the database set aside; while that file is there, someone may
 * still need what it holds, recordings included. One that cannot be read
 * stops the cleanup (it throws) until it is moved out of the data folder.
 */
export class SetAsideAwareReferences {
  constructor(
    private readonly own: FileReferenceRepository,
    private readonly dataDir: string,
    private readonly nativeBinding: string | undefined = sqliteNativeBinding(),
  ) {}

  referencedHashes(): Set<string> {
    const hashes = this.own.referencedHashes();
    for (const name of readdirSync(this.dataDir).filter((entry) => entry.startsWith(SET_ASIDE_MARK) && !COMPANION.test(entry)).sort()) {
      for (const hash of this.namedBy(join(this.dataDir, name))) hashes.add(hash);
    }
    return hashes;
  }

  forget(paths: readonly string[]): void {
    this.own.forget(paths);
  }

  private namedBy(path: string): Set<string> {
    let db: Database.Database | null = null;
    try {
      db = new Database(path, { readonly: true, fileMustExist: true, ...(this.nativeBinding ? { nativeBinding: this.nativeBinding } : {}) });
      return new FileReferenceRepository({ sqlite: db }).referencedHashes();
    } catch (error) {
      throw new SetAsideUnreadableError(`A database set aside by a restore cannot be read (${error instanceof Error ? error.message : String(error)}).`, { cause: error });
    } finally {
      db?.close();
    }
  }
}
