import { sql } from 'drizzle-orm';
import { check, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { isoNow } from './columns';

/**
 * Files on disk under the app data directory (answer audio, TTS audio,
 * resumes), named by content hash so the same bytes are stored once.
 * The path is this device's; the hash is what other devices know the file by.
 */
export const storedFiles = sqliteTable(
  'stored_files',
  {
    id: text('id').primaryKey(),
    contentHash: text('content_hash').notNull(),
    relativePath: text('relative_path').notNull(),
    sizeBytes: integer('size_bytes').notNull(),
    mediaType: text('media_type').notNull(),
    createdAt: text('created_at').notNull().default(isoNow),
  },
  (t) => [
    uniqueIndex('idx_stored_files_content_hash').on(t.contentHash),
    check(
      'stored_files_content_hash_check',
      sql.raw(`length("content_hash") = 64 AND "content_hash" NOT GLOB '*[^0-9a-f]*'`),
    ),
    check('stored_files_size_bytes_check', sql.raw('"size_bytes" >= 0')),
    // Relative (no leading slash, no drive letter) so the data directory can
    // move, and no ".." so a row can never point outside it.
    check(
      'stored_files_relative_path_check',
      sql.raw(
        `length("relative_path") > 0 AND substr("relative_path", 1, 1) NOT IN ('/', '\\') ` +
          `AND instr("relative_path", ':') = 0 AND instr("relative_path", '..') = 0`,
      ),
    ),
  ],
);
