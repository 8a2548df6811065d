import { createHash } from 'node:crypto';
import { ContentStore } from '../files/content-store';
import type { Logger } from '../logging/logger-types';
import type { ObjectDownloadReply } from './object-protocol';
import { getObjectPart, ObjectUrlRefused, putObjectPart } from './object-transfer';
import { SyncError } from './sync-errors';
import type { SyncSession } from './sync-transport';

/** The fetch of the app's network layer (IT's proxy and CA bundle). */
export type FetchProvider = () => Promise<typeof globalThis.fetch>;

/**
 * Files in IT's bucket (docs/sync.md, "Files in object storage"): parts of
 * the server's part size, each PUT or GET with a URL the hosted database
 * signed for it. An upload resumes at the parts the server has not
 * recorded; a refused URL (expired after the hour) is asked for again once.
 */
export class ObjectFiles {
  constructor(
    private readonly fetch: FetchProvider,
    private readonly logger: Logger,
  ) {}

  /**
   * False when these bytes are not what their name says (a damaged local
   * copy): the bucket cannot check a whole file's sha-256, so it is checked
   * here before anything is sent.
   */
  async upload(session: SyncSession, file: { hash: string; mediaType: string }, bytes: Buffer, partBytes: number): Promise<boolean> {
    if (ContentStore.hashOf(bytes) !== file.hash) {
      this.logger.error('file could not be uploaded; its rows sync without it', { hash: file.hash, error: 'its bytes do not match its sha-256' });
      return false;
    }
    let { parts, md5s } = splitWithMd5s(bytes, partBytes);
    const fetch = await this.fetch();
    for (let attempt = 1; ; attempt++) {
      let reply = await session.objectUpload(file.hash, file.mediaType, bytes.byteLength, md5s);
      if (reply.complete) return true;
      if (typeof reply.partBytes === 'number' && reply.partBytes !== partBytes) {
        // IT changed the part size since this run asked: parts of the old size would upload (each matches its own
        // MD5) but every download would refuse them as the wrong length. Split as the server recorded the file.
        partBytes = reply.partBytes;
        ({ parts, md5s } = splitWithMd5s(bytes, partBytes));
        reply = await session.objectUpload(file.hash, file.mediaType, bytes.byteLength, md5s);
        if (reply.complete) return true;
        if (reply.partBytes !== partBytes) throw new SyncError('server', 'The hosted database changed the file storage part size twice during one upload; it is sent again at the next sync.');
      }
      try {
        let complete = false;
        for (const part of reply.parts) {
          const index = part.number - 1;
          if (index >= parts.length) throw new SyncError('server', `The hosted database asked for part ${part.number} of a file of ${parts.length} parts.`);
          await putObjectPart(fetch, part.url, md5s[index]!, parts[index]!);
          complete = (await session.objectPartUploaded(file.hash, part.number)).complete;
        }
        if (!complete) throw new SyncError('server', 'The hosted database did not record a file as complete after all its parts were sent.');
        return true;
      } catch (error) {
        this.retryOrThrow(error, attempt, file.hash);
      }
    }
  }

  /** The file's bytes from the bucket, not yet checked against its name (the caller does that). */
  async download(session: SyncSession, hash: string, where: Extract<ObjectDownloadReply, { store: 'objects' }>): Promise<Buffer> {
    const fetch = await this.fetch();
    let parts = where.parts;
    for (let attempt = 1; ; attempt++) {
      try {
        const bytes: Buffer[] = [];
        for (const part of parts) bytes.push(await getObjectPart(fetch, part.url, part.size));
        return Buffer.concat(bytes);
      } catch (error) {
        this.retryOrThrow(error, attempt, hash);
        const again = await session.objectDownload(hash);
        if (again.store !== 'objects') throw new SyncError('server', 'A file moved out of the file storage while this device was reading it; it will be read again later.');
        parts = again.parts;
      }
    }
  }

  /** A first 403 means ask for fresh URLs; a second one is IT's to fix. */
  private retryOrThrow(error: unknown, attempt: number, hash: string): void {
    if (!(error instanceof ObjectUrlRefused)) throw error;
    if (attempt === 1) {
      this.logger.warn('the file storage refused a signed URL; asking the hosted database for fresh ones', { hash, code: error.code });
      return;
    }
    throw new SyncError(
      'server',
      `The file storage refused fresh signed URLs too (${error.code}). IT: check the storage key and the bucket's permissions (npm run cli -- hosted-db storage show).`,
    );
  }
}

function splitWithMd5s(bytes: Buffer, partBytes: number): { parts: Buffer[]; md5s: string[] } {
  const parts: Buffer[] = [];
  for (let offset = 0; offset < bytes.byteLength; offset += partBytes) parts.push(bytes.subarray(offset, offset + partBytes));
  return { parts, md5s: parts.map((part) => createHash('md5').update(part).digest('base64')) };
}
