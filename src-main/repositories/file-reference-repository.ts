import type { AppDatabase } from '../db/open-database';
import { forgetStoredFile } from './content-files';

/** A content-store path in any text (a column, a JSON document): `files/ab/` and the hash's other 62 digits. */
const PATH_IN_TEXT = /files\/([0-9a-f]{2})\/([0-9a-f]{62})(?![0-9a-f])/g;
/** A bare sha-256, as a hash column or a JSON field holds one. */
const HASH_IN_TEXT = /(?<![0-9a-f])[0-9a-f]{64}(?![0-9a-f])/g;
const HEX_64_GLOB = `*${'[0-9a-f]'.repeat(64)}*`;

/**
 * Rows that describe files rather than use them: the store's catalogue, and
 * sync's marks of what it uploaded. A file they alone name is unreferenced;
 * its rows here go with it (forget).
 */
const NOT_REFERENCES = new Map<string, string | null>([
  ['stored_files', null],
  ['sync_state', `"key" NOT LIKE 'file.uploaded:%'`],
]);

const quoted = (name: string) => `"${name.replaceAll('"', '""')}"`;

/**
 * Which content-store files the database still needs, read from every
 * table there is rather than a list of known columns: a table added later
 * (the answer segments of an answer in progress, a job that names a file)
 * protects its files without this code knowing of it. A false match (an
 * audit hash that is no file's) only keeps a file.
 */
export class FileReferenceRepository {
  /** Only its SQLite handle: a database opened read-only on its own (backup/set-aside-references.ts) is read the same way. */
  constructor(private readonly store: Pick<AppDatabase, 'sqlite'>) {}

  /** The hashes of the files some row names, by path or by hash, in any text column of any table. */
  referencedHashes(): Set<string> {
    const { sqlite } = this.store;
    const hashes = new Set<string>();
    const tables = sqlite.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`).pluck().all() as string[];
    for (const table of tables) {
      const only = NOT_REFERENCES.get(table);
      if (only === null) continue;
      const columns = (sqlite.prepare(`SELECT name, type FROM pragma_table_info(?)`).all(table) as { name: string; type: string }[])
        // Text affinity (JSON documents included) or none declared; numbers cannot hold a path or a hash.
        .filter((column) => column.type === '' || /CHAR|CLOB|TEXT/i.test(column.type))
        .map((column) => quoted(column.name));
      if (columns.length === 0) continue;
      for (const column of columns) {
        const values = sqlite
          .prepare(`SELECT ${column} FROM ${quoted(table)} WHERE (${column} LIKE '%files/%' OR ${column} GLOB ?)${only ? ` AND ${only}` : ''}`)
          .pluck()
          .iterate(HEX_64_GLOB) as IterableIterator<unknown>;
        for (const value of values) if (typeof value === 'string') collect(value, hashes);
      }
    }
    return hashes;
  }

  /** The rows of files deleted from the store (or about to be), in one transaction. */
  forget(paths: readonly string[]): void {
    if (paths.length === 0) return;
    const { sqlite } = this.store;
    sqlite.transaction(() => {
      for (const path of paths) forgetStoredFile(sqlite, path);
    })();
  }
}

function collect(text: string, into: Set<string>): void {
  for (const match of text.matchAll(PATH_IN_TEXT)) into.add(`${match[1]}${match[2]}`);
  for (const match of text.matchAll(HASH_IN_TEXT)) into.add(match[0]);
}
