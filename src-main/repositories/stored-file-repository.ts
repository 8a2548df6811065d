import { eq } from 'drizzle-orm';
import { systemClock, type Clock } from '../common/clock';
import { newId, nowIso } from '../db/ids';
import type { AppDatabase } from '../db/open-database';
import { storedFiles } from '../db/schema/index';
import { inTransaction, type MaybeTransaction } from './transaction';

export type StoredFileRecord = typeof storedFiles.$inferSelect;
export type NewStoredFile = Omit<StoredFileRecord, 'id' | 'createdAt'>;

/** Rows for the files in the content store; one row per distinct content. */
export class StoredFileRepository {
  constructor(
    private readonly store: AppDatabase,
    private readonly clock: Clock = systemClock,
  ) {}

  /**
   * The row for this content, inserted if new. The same bytes stored twice
   * (two identical segments) share one file and one row.
   */
  record(file: NewStoredFile, tx?: MaybeTransaction): StoredFileRecord {
    return inTransaction(this.store, tx, (t) => {
      t.insert(storedFiles)
        .values({ id: newId(), ...file, createdAt: nowIso(this.clock) })
        .onConflictDoNothing({ target: storedFiles.contentHash })
        .run();
      const row = t.select().from(storedFiles).where(eq(storedFiles.contentHash, file.contentHash)).get();
      if (!row) throw new Error('The stored file row vanished inside its own transaction.');
      return row;
    });
  }

  findByHash(contentHash: string): StoredFileRecord | null {
    return this.store.db.select().from(storedFiles).where(eq(storedFiles.contentHash, contentHash)).get() ?? null;
  }

  findByPath(relativePath: string): StoredFileRecord | null {
    return this.store.db.select().from(storedFiles).where(eq(storedFiles.relativePath, relativePath)).get() ?? null;
  }
}
