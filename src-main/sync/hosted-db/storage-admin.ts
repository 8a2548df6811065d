import type pg from 'pg';
import { deleteObject } from '../object-transfer';
import { withPgClient } from './pg-client';

/**
 * IT's object storage on the hosted database (README, "Where recordings
 * and resumes are stored (IT)"; migrations/postgres/functions/72_object_files.sql).
 * The secret goes into the database and never comes back out of it.
 */

export interface ObjectStorageSettings {
  endpoint: string;
  region: string;
  bucket: string;
  /** endpoint/bucket/key (MinIO, Supabase) rather than bucket.endpoint/key (AWS). */
  pathStyle: boolean;
  accessKeyId: string;
  secretAccessKey: string;
}

export interface ObjectStorageReport {
  storage: Omit<ObjectStorageSettings, 'secretAccessKey'> & { partBytes: number; updatedAt: string } | null;
  filesInBucket: number;
  filesInPostgres: number;
  awaitingDeletion: number;
}

export function setObjectStorage(url: string, settings: ObjectStorageSettings): Promise<void> {
  return withPgClient(url, async (client) => {
    await client.query('SELECT sync_admin.set_object_storage($1, $2, $3, $4, $5, $6)', [
      settings.endpoint,
      settings.region,
      settings.bucket,
      settings.pathStyle,
      settings.accessKeyId,
      settings.secretAccessKey,
    ]);
  });
}

export function objectStorage(url: string): Promise<ObjectStorageReport> {
  return withPgClient(url, async (client) => (await client.query<{ r: ObjectStorageReport }>('SELECT sync_admin.object_storage() AS r')).rows[0]!.r);
}

/** New uploads go to Postgres again; answers how many files stay in the bucket. */
export function clearObjectStorage(url: string): Promise<number> {
  return withPgClient(url, async (client) => (await client.query<{ r: { filesInBucket: number } }>('SELECT sync_admin.clear_object_storage() AS r')).rows[0]!.r.filesInBucket);
}

/** Uploads older than this and still incomplete are taken as abandoned. */
export const ABANDONED_UPLOAD_DAYS = 7;

/**
 * Keys deleted per transaction: a device uploading the same bytes waits
 * for the batch (its calls time out after 45 s), so batches stay short.
 */
const PURGE_BATCH = 25;

/**
 * Deletes the objects erasure and retention left without a row, and the
 * parts of uploads abandoned for ABANDONED_UPLOAD_DAYS (sync.object_deletions),
 * with DELETE URLs the database signs: Postgres cannot reach the bucket
 * itself. Each batch is one transaction holding its keys, so a device
 * sending the same bytes meanwhile waits and sends them after the delete
 * (sync.object_upload). Stops at the first refusal, keeping what was not
 * deleted queued.
 */
export async function purgeDeletedObjects(url: string, fetch: typeof globalThis.fetch = globalThis.fetch): Promise<number> {
  return withPgClient(url, async (client) => {
    await client.query('SELECT sync_admin.queue_abandoned_uploads($1)', [ABANDONED_UPLOAD_DAYS]);
    let deleted = 0;
    for (;;) {
      const count = await purgeBatch(client, fetch);
      if (count === 0) return deleted;
      deleted += count;
    }
  });
}

async function purgeBatch(client: pg.Client, fetch: typeof globalThis.fetch): Promise<number> {
  await client.query('BEGIN');
  try {
    const { rows } = await client.query<{ r: { key: string; url: string }[] }>('SELECT sync_admin.object_deletion_urls($1) AS r', [PURGE_BATCH]);
    const done: string[] = [];
    try {
      for (const object of rows[0]!.r) {
        await deleteObject(fetch, object.url);
        done.push(object.key);
      }
    } finally {
      await client.query('SELECT sync_admin.objects_deleted($1::text[])', [done]);
      await client.query('COMMIT');
    }
    return done.length;
  } catch (error) {
    // After COMMIT this is a no-op warning; before it, nothing of the batch is kept half-done.
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}
