import { createHash } from 'node:crypto';
import { queryRows } from '../../../../src-main/sync/hosted-db/pg-client';
import { putObjectPart } from '../../../../src-main/sync/object-transfer';
import { FILE_CHUNK_BYTES } from '../../../../src-main/sync/protocol';
import type { SyncSession } from '../../../../src-main/sync/sync-transport';
import type { S3StandIn } from '../../../support/s3-stand-in';
import { storeFilesInBucket, writeObject } from './object-storage';

/**
 * Where the hosted database keeps files, for the file sync tests that run
 * once per store (docs/sync.md, "Files"): Postgres, the default, or IT's
 * bucket (the S3 stand-in). Parts of the bucket are one chunk long, so a
 * test file spans several in both.
 */
export interface FileStoreUnderTest {
  readonly name: 'postgres' | 'objects';
  /** Points the hosted database at this store. */
  use(url: string): Promise<void>;
  /** The first chunk or part of a file arrives, as in a run cut off after it. */
  sendFirstPart(session: SyncSession, bytes: Buffer, mediaType: string): Promise<void>;
  /** Changes one byte of the stored copy behind the database's back (a damaged disk, someone with the bucket's key). */
  tamper(url: string, hash: string): Promise<void>;
}

export const postgresStore: FileStoreUnderTest = {
  name: 'postgres',
  use: () => Promise.resolve(),
  async sendFirstPart(session, bytes, mediaType) {
    await session.putFileChunk(sha256(bytes), mediaType, bytes.byteLength, 0, bytes.subarray(0, FILE_CHUNK_BYTES));
  },
  async tamper(url, hash) {
    await queryRows(url, `UPDATE sync.file_chunks SET bytes = set_byte(bytes, 0, get_byte(bytes, 0) # 1) WHERE hash = $1 AND "offset" = 0`, [hash]);
  },
};

export function objectStore(s3: () => S3StandIn): FileStoreUnderTest & { bucket(): string } {
  let current: Awaited<ReturnType<typeof storeFilesInBucket>> | null = null;
  return {
    name: 'objects',
    bucket: () => current!.bucket,
    async use(url) {
      current = await storeFilesInBucket(url, s3(), FILE_CHUNK_BYTES);
    },
    async sendFirstPart(session, bytes, mediaType) {
      const parts = Array.from({ length: Math.ceil(bytes.byteLength / FILE_CHUNK_BYTES) }, (_, i) => bytes.subarray(i * FILE_CHUNK_BYTES, (i + 1) * FILE_CHUNK_BYTES));
      const md5s = parts.map((part) => createHash('md5').update(part).digest('base64'));
      const { parts: urls } = await session.objectUpload(sha256(bytes), mediaType, bytes.byteLength, md5s);
      await putObjectPart(fetch, urls[0]!.url, md5s[0]!, parts[0]!);
      await session.objectPartUploaded(sha256(bytes), 1);
    },
    async tamper(url, hash) {
      const [part] = await queryRows<{ size: number }>(url, 'SELECT size FROM sync.file_parts WHERE hash = $1 AND number = 1', [hash]);
      await writeObject(current!.client, current!.bucket, `files/${hash}/1`, Buffer.alloc(part!.size, 7));
    },
  };
}

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}
