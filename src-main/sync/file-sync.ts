import type Database from 'better-sqlite3';
import type { Clock } from '../common/clock';
import { newId } from '../db/ids';
import { ContentStore } from '../files/content-store';
import type { Logger } from '../logging/logger-types';
import { ObjectFiles, type FetchProvider } from './object-files';
import type { FileStorageReply } from './object-protocol';
import { FILE_CHUNK_BYTES, type Mutation } from './protocol';
import { SyncError } from './sync-errors';
import { STATE_KEYS, type SyncStateStore } from './sync-state-store';
import type { SyncSession } from './sync-transport';

/** A content-store path as rows hold it (resumes.file_url, interview_messages.content_audio_url). */
const FILE_PATH = /^files\/([0-9a-f]{2})\/([0-9a-f]{62})$/;

export function hashOfPath(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const match = FILE_PATH.exec(value);
  return match ? `${match[1]}${match[2]}` : null;
}

/** Hashes of the content-store files these rows name. */
export function referencedHashes(rows: Iterable<Record<string, unknown>>): Set<string> {
  const hashes = new Set<string>();
  for (const row of rows) {
    for (const value of Object.values(row)) {
      const hash = hashOfPath(value);
      if (hash) hashes.add(hash);
    }
  }
  return hashes;
}

interface StoredFileRow {
  content_hash: string;
  relative_path: string;
  size_bytes: number;
  media_type: string;
}

/**
 * Moves content-store files between the device and the hosted database.
 * Uploads are remembered in sync_state (`file.uploaded:<hash>`), not in a new
 * stored_files column: it is sync bookkeeping like the cursor, it needs no
 * migration of a table other code owns, and forgetting it is harmless (the
 * server's missing_files answers "already have it").
 */
export class FileSync {
  private readonly objects: ObjectFiles;

  constructor(
    private readonly sqlite: Database.Database,
    private readonly state: SyncStateStore,
    private readonly store: ContentStore,
    private readonly clock: Clock,
    private readonly logger: Logger,
    /** For files in IT's bucket (docs/sync.md, "Files in object storage"). */
    fetch: FetchProvider,
  ) {
    this.objects = new ObjectFiles(fetch, logger);
  }

  /** Files the rows name that this device holds and has not uploaded yet. */
  notUploaded(rows: Iterable<Record<string, unknown>>): StoredFileRow[] {
    const files: StoredFileRow[] = [];
    const storedFile = this.sqlite.prepare('SELECT content_hash, relative_path, size_bytes, media_type FROM stored_files WHERE content_hash = ?');
    for (const hash of referencedHashes(rows)) {
      if (this.state.get(STATE_KEYS.uploadedFile(hash)) !== null) continue;
      const row = storedFile.get(hash) as
        | StoredFileRow
        | undefined;
      // A row that came from another device names a file this device never had: the server got it from there.
      if (row) files.push(row);
    }
    return files;
  }

  /** Uploads the files these mutations name, before the mutations themselves, so no row on the server points at nothing. */
  async uploadFor(session: SyncSession, mutations: Mutation[]): Promise<number> {
    const files = this.notUploaded(mutations.map((m) => m.row));
    if (files.length === 0) return 0;
    const { missing } = await session.missingFiles(files.map((f) => f.content_hash));
    const received = new Map(missing.map((m) => [m.hash, m.received]));
    // Asked once a run, and only when something is to be sent: IT may have switched storage since the last run.
    let storage: FileStorageReply | null = null;
    let uploaded = 0;
    for (const file of files) {
      const offset = received.get(file.content_hash);
      if (offset !== undefined) {
        storage ??= await session.fileStorage();
        const sent = await this.upload(session, file, storage, offset);
        if (!sent) continue;
        uploaded++;
      }
      this.state.set(STATE_KEYS.uploadedFile(file.content_hash), this.clock.now().toISOString());
    }
    return uploaded;
  }

  /** Resumes where the server is; false when the local copy is gone or damaged (logged; the row still syncs). */
  private async upload(session: SyncSession, file: StoredFileRow, storage: FileStorageReply, from: number): Promise<boolean> {
    let bytes: Buffer;
    try {
      bytes = await this.store.read(file.relative_path);
    } catch (error) {
      this.logger.warn('a file to upload is missing from this device', { hash: file.content_hash, error: error instanceof Error ? error.message : String(error) });
      return false;
    }
    if (storage.store === 'objects') {
      return this.objects.upload(session, { hash: file.content_hash, mediaType: file.media_type }, bytes, storage.partBytes);
    }
    try {
      await this.sendFrom(session, file, bytes, from);
    } catch (error) {
      if (!(error instanceof SyncError) || error.kind !== 'bad_request') throw error;
      // The server refused the offset or the checksum: offset 0 starts the upload over (docs/sync.md).
      this.logger.warn('file upload refused; starting it again from the beginning', { hash: file.content_hash, error: error.message });
      try {
        await this.sendFrom(session, file, bytes, 0);
      } catch (again) {
        if (!(again instanceof SyncError) || again.kind !== 'bad_request') throw again;
        // These bytes do not match their name (a damaged local copy): the rows still sync, without the file.
        this.logger.error('file could not be uploaded; its rows sync without it', { hash: file.content_hash, error: again.message });
        return false;
      }
    }
    return true;
  }

  private async sendFrom(session: SyncSession, file: StoredFileRow, bytes: Buffer, from: number): Promise<void> {
    let offset = from;
    do {
      const chunk = bytes.subarray(offset, offset + FILE_CHUNK_BYTES);
      const reply = await session.putFileChunk(file.content_hash, file.media_type, bytes.byteLength, offset, chunk);
      if (reply.complete) return;
      if (reply.received <= offset && chunk.byteLength > 0) throw new SyncError('server', 'The hosted database did not take a file chunk.');
      offset = reply.received;
    } while (offset < bytes.byteLength);
  }

  /**
   * Downloads a file this device does not have (a laptop playing a kiosk's
   * recording) from Postgres or the bucket, checks its sha-256 and puts it
   * in the content store. Null when the server does not have it either.
   */
  async fetch(session: SyncSession, hash: string, mediaType: string): Promise<string | null> {
    const where = await session.objectDownload(hash);
    if (where.store === null) return null;
    const bytes = where.store === 'objects' ? await this.objects.download(session, hash, where) : await this.readFromPostgres(session, hash);
    if (ContentStore.hashOf(bytes) !== hash) {
      throw new SyncError(
        'server',
        `A file downloaded from the ${where.store === 'objects' ? 'file storage' : 'hosted database'} did not match its checksum; it was not kept. IT: the stored copy of ${hash} is damaged or was changed.`,
      );
    }
    const stored = await this.store.put(bytes);
    this.sqlite
      .prepare('INSERT INTO stored_files (id, content_hash, relative_path, size_bytes, media_type, created_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(content_hash) DO NOTHING')
      .run(newId(), stored.hash, stored.relativePath, stored.size, mediaType, this.clock.now().toISOString());
    // It came from the server: never upload it back.
    this.state.set(STATE_KEYS.uploadedFile(hash), this.clock.now().toISOString());
    return stored.relativePath;
  }

  private async readFromPostgres(session: SyncSession, hash: string): Promise<Buffer> {
    const parts: Buffer[] = [];
    let offset = 0;
    for (;;) {
      const part = await session.getFile(hash, offset, FILE_CHUNK_BYTES);
      if (part.byteLength > 0) parts.push(part);
      offset += part.byteLength;
      if (part.byteLength < FILE_CHUNK_BYTES) break;
    }
    return Buffer.concat(parts);
  }
}
