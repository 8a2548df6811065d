import type Database from 'better-sqlite3';

/** A content-store path as rows hold it (resumes.file_url, interview_messages.content_audio_url). */
const FILE_PATH = /^files\/[0-9a-f]{2}\/[0-9a-f]{62}$/;

export function isContentPath(value: string | null | undefined): value is string {
  return typeof value === 'string' && FILE_PATH.test(value);
}

/**
 * The files no remaining row names (the same bytes may be another row's, or
 * a segment's of an answer in progress: the content store keeps one copy),
 * with their stored_files rows and their upload marks removed now; the
 * files themselves go after the commit.
 */
export function unreferencedFiles(sqlite: Database.Database, paths: string[]): string[] {
  const stillNamed = sqlite.prepare(
    'SELECT 1 FROM resumes WHERE file_url = ? UNION ALL SELECT 1 FROM interview_messages WHERE content_audio_url = ? UNION ALL SELECT 1 FROM answer_segments WHERE relative_path = ? LIMIT 1',
  );
  const files = paths.filter((path) => stillNamed.get(path, path, path) === undefined);
  for (const path of files) {
    const hash = path.slice('files/'.length).replace('/', '');
    sqlite.prepare('DELETE FROM stored_files WHERE relative_path = ? OR content_hash = ?').run(path, hash);
    // FileSync's upload mark (sync-state-store.ts, STATE_KEYS.uploadedFile): the hash goes with the file.
    sqlite.prepare('DELETE FROM sync_state WHERE key = ?').run(`file.uploaded:${hash}`);
  }
  return files;
}

/** A content file's own rows, for a file being deleted: its stored_files row and its upload mark. */
export function forgetStoredFile(sqlite: Database.Database, path: string): void {
  const hash = path.slice('files/'.length).replace('/', '');
  sqlite.prepare('DELETE FROM stored_files WHERE relative_path = ? OR content_hash = ?').run(path, hash);
  // FileSync's upload mark (sync-state-store.ts, STATE_KEYS.uploadedFile): the hash goes with the file.
  sqlite.prepare('DELETE FROM sync_state WHERE key = ?').run(`file.uploaded:${hash}`);
}
