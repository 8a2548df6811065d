import { createHash } from 'node:crypto';
import { CreateBucketCommand, HeadObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../../src-main/cli/run-cli';
import { applyRetention } from '../../../../src-main/sync/hosted-db/retention-admin';
import { putObjectPart } from '../../../../src-main/sync/object-transfer';
import { startS3StandIn, type S3StandIn } from '../../../support/s3-stand-in';
import { s3Client } from '../support/object-storage';
import { interviewWithRecording, type SendRecording } from '../support/recordings';
import { id, push, rows, sqlState, T0, upsert, useSyncDatabase } from './support';

const db = useSyncDatabase();
let s3: S3StandIn;
beforeAll(async () => {
  s3 = await startS3StandIn();
});
afterAll(() => s3.close());
const SECRET_ENV = 'TEAMIFIED_STORAGE_SECRET_ACCESS_KEY';
afterEach(() => {
  delete process.env[SECRET_ENV];
});

async function cli(args: string[]) {
  let out = '';
  let err = '';
  const code = await runCli(args, { out: (text) => (out += text), err: (text) => (err += text) });
  return { code, out, err };
}

/** Into the bucket, as a device's FileSync does it (one part: recordings here are small). */
const intoBucket: SendRecording = async (kiosk, hash, bytes) => {
  const contentMd5 = createHash('md5').update(bytes).digest('base64');
  const reply = await kiosk.call<{ parts: { url: string }[] }>('object_upload', hash, 'audio/wav', bytes.length, [contentMd5]);
  await putObjectPart(fetch, reply.parts[0]!.url, contentMd5, bytes);
  await kiosk.call('object_part_uploaded', hash, 1);
};

async function exists(bucket: string, key: string): Promise<boolean> {
  try {
    await s3Client(s3).send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    return true;
  } catch (error) {
    if ((error as { name?: string }).name === 'NotFound') return false;
    throw error;
  }
}

describe('npm run cli -- hosted-db storage', () => {
  it('sets the bucket with the secret from the environment, shows it without the secret, and clears it', async () => {
    const sync = await db.fresh();
    const set = ['hosted-db', 'storage', 'set', '--url', sync.url, '--endpoint', 'https://s3.eu-west-1.amazonaws.com', '--region', 'eu-west-1', '--bucket', 'kiosk-files', '--access-key-id', 'AKIDEXAMPLE', '--addressing', 'virtual'];
    const noSecret = await cli(set);
    expect(noSecret.code).not.toBe(0);
    expect(noSecret.err).toContain(SECRET_ENV);
    expect((await cli([...set, '--secret-access-key', 'x'])).err).toMatch(/Unknown option: --secret-access-key/);

    process.env[SECRET_ENV] = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';
    expect(await cli(set)).toMatchObject({ code: 0, out: expect.stringContaining('New files go to bucket kiosk-files') });
    const shown = await cli(['hosted-db', 'storage', 'show', '--url', sync.url]);
    expect(shown.out).toContain('bucket kiosk-files at https://s3.eu-west-1.amazonaws.com (region eu-west-1, virtual addressing, access key id AKIDEXAMPLE');
    expect(shown.out).not.toContain('wJalrXUtnFEMI');
    expect((await sync.admin.query('SELECT secret_access_key FROM sync.object_storage')).rows).toEqual([{ secret_access_key: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' }]);

    const refused = await cli([...set.slice(0, 5), '--endpoint', 'http://s3.example.com', ...set.slice(7)]);
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/https:\/\/ address/);

    expect((await cli(['hosted-db', 'storage', 'clear', '--url', sync.url])).out).toContain('New files go to Postgres. 0 file(s) remain');
    expect((await cli(['hosted-db', 'storage', 'show', '--url', sync.url])).out).toContain('New files go to: Postgres');
  });

  it('purge deletes from the bucket what retention and erasure freed, and nothing a row still names', async () => {
    const sync = await db.fresh();
    const bucket = `kiosk-purge-${Date.now().toString(36)}`;
    await s3Client(s3).send(new CreateBucketCommand({ Bucket: bucket }));
    process.env[SECRET_ENV] = s3.secretAccessKey;
    const set = await cli(['hosted-db', 'storage', 'set', '--url', sync.url, '--endpoint', s3.endpoint, '--region', s3.region, '--bucket', bucket, '--access-key-id', s3.accessKeyId]);
    expect(set.code).toBe(0);

    const kiosk = await sync.device('kiosk');
    const kept = rows.candidate();
    const erased = rows.candidate();
    await push(kiosk, [upsert(1, 'candidates', kept), upsert(2, 'candidates', erased)]);
    const old = await interviewWithRecording(kiosk, kept.id, '2020-01-01T00:00:00.000Z', 3, intoBucket);
    const recent = await interviewWithRecording(kiosk, kept.id, new Date().toISOString(), 6, intoBucket);
    const ofErased = await interviewWithRecording(kiosk, erased.id, new Date().toISOString(), 9, intoBucket);
    for (const recording of [old, recent, ofErased]) expect(await exists(bucket, `files/${recording.hash}/1`)).toBe(true);

    expect(await applyRetention(sync.url, { recordings: 30 })).toEqual({ recordings: 1 });
    const request = { id: id(), created_at: T0, updated_at: T0, row_version: 1, deleted_at: null, candidate_id: erased.id, requested_by: 'candidate', requested_by_staff_id: null, requested_at: T0, requested_on: 'kiosk-1', kinds: 'recordings,transcripts,resumes,assessments,identity' };
    expect((await push(kiosk, [upsert(12, 'erasure_requests', request)])).rejected).toEqual([]);
    expect((await cli(['hosted-db', 'storage', 'show', '--url', sync.url])).out).toContain('objects awaiting deletion: 2');

    expect(await cli(['hosted-db', 'storage', 'purge', '--url', sync.url])).toMatchObject({ code: 0, out: 'Deleted 2 object(s) from the bucket.\n' });
    expect(await exists(bucket, `files/${old.hash}/1`)).toBe(false);
    expect(await exists(bucket, `files/${ofErased.hash}/1`)).toBe(false);
    expect(await exists(bucket, `files/${recent.hash}/1`)).toBe(true);
    expect((await cli(['hosted-db', 'storage', 'purge', '--url', sync.url])).out).toBe('Deleted 0 object(s) from the bucket.\n');

    // An upload begun eight days ago and never finished: its parts go, and the file is to be sent whole again.
    const bytes = Buffer.from('half a recording');
    const hash = createHash('sha256').update(bytes).digest('hex');
    const abandoned = await kiosk.call<{ parts: { url: string }[] }>('object_upload', hash, 'audio/wav', bytes.length, [createHash('md5').update(bytes).digest('base64')]);
    await putObjectPart(fetch, abandoned.parts[0]!.url, createHash('md5').update(bytes).digest('base64'), bytes);
    await sync.admin.query(`UPDATE sync.files SET created_at = now() - interval '8 days' WHERE hash = $1`, [hash]);
    expect((await cli(['hosted-db', 'storage', 'purge', '--url', sync.url])).out).toBe('Deleted 1 object(s) from the bucket.\n');
    expect(await exists(bucket, `files/${hash}/1`)).toBe(false);
    expect(await kiosk.call('missing_files', [hash])).toEqual({ missing: [{ hash, received: 0 }] });
    expect(await exists(bucket, `files/${recent.hash}/1`)).toBe(true);
  });

  it('purge keeps an object a device uploaded again after it was queued for deletion, and waits for a purge under way', async () => {
    const sync = await db.fresh();
    const bucket = `kiosk-again-${Date.now().toString(36)}`;
    await s3Client(s3).send(new CreateBucketCommand({ Bucket: bucket }));
    process.env[SECRET_ENV] = s3.secretAccessKey;
    expect((await cli(['hosted-db', 'storage', 'set', '--url', sync.url, '--endpoint', s3.endpoint, '--region', s3.region, '--bucket', bucket, '--access-key-id', s3.accessKeyId])).code).toBe(0);
    const kiosk = await sync.device('kiosk');

    // The same bytes again after erasure freed them (another candidate's identical resume, a device re-sending).
    const bytes = Buffer.from('the same recording, sent again');
    const hash = createHash('sha256').update(bytes).digest('hex');
    await intoBucket(kiosk, hash, bytes);
    await sync.admin.query('SELECT sync.forget_files($1::text[])', [[`files/${hash.slice(0, 2)}/${hash.slice(2)}`]]);
    expect((await sync.admin.query('SELECT key FROM sync.object_deletions')).rows).toEqual([{ key: `files/${hash}/1` }]);
    await intoBucket(kiosk, hash, bytes);
    expect(await kiosk.call('object_download', hash)).toMatchObject({ store: 'objects', size: bytes.length });

    expect((await cli(['hosted-db', 'storage', 'purge', '--url', sync.url])).out).toBe('Deleted 0 object(s) from the bucket.\n');
    expect(await exists(bucket, `files/${hash}/1`)).toBe(true);
    // A key queued while a part names it (as a database before this check could hold): not deleted, and off the queue.
    await sync.admin.query('INSERT INTO sync.object_deletions (key) VALUES ($1)', [`files/${hash}/1`]);
    expect((await cli(['hosted-db', 'storage', 'purge', '--url', sync.url])).out).toBe('Deleted 0 object(s) from the bucket.\n');
    expect(await exists(bucket, `files/${hash}/1`)).toBe(true);
    expect((await sync.admin.query('SELECT count(*)::int AS n FROM sync.object_deletions')).rows).toEqual([{ n: 0 }]);

    // A purge under way holds the keys it is deleting: an upload of those bytes waits for it rather than being deleted after it.
    const other = Buffer.from('another recording, freed and sent again');
    const otherHash = createHash('sha256').update(other).digest('hex');
    await intoBucket(kiosk, otherHash, other);
    await sync.admin.query('SELECT sync.forget_files($1::text[])', [[`files/${otherHash.slice(0, 2)}/${otherHash.slice(2)}`]]);
    const purging = await sync.adminClient();
    try {
      await purging.query('BEGIN');
      expect((await purging.query('SELECT sync_admin.object_deletion_urls(25) AS r')).rows[0].r).toHaveLength(1);
      await kiosk.client.query(`SET lock_timeout = '300ms'`);
      const waited = await sqlState(kiosk.call('object_upload', otherHash, 'audio/wav', other.length, [createHash('md5').update(other).digest('base64')]));
      expect(waited?.code).toBe('55P03');
    } finally {
      await kiosk.client.query('RESET lock_timeout');
      await purging.query('ROLLBACK');
      await purging.end();
    }
  });
});
