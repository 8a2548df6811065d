import { createHash, randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setObjectStorage } from '../../../../src-main/sync/hosted-db/storage-admin';
import { startS3StandIn, type S3StandIn } from '../../../support/s3-stand-in';
import { expectedSignature } from '../../../support/sigv4-check';
import { readObject, storeFilesInBucket } from '../support/object-storage';
import { sqlState, useSyncDatabase, type Device } from './support';

const db = useSyncDatabase();
let s3: S3StandIn;
beforeAll(async () => {
  s3 = await startS3StandIn();
});
afterAll(() => s3.close());

const PART = 64 * 1024;
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const md5 = (bytes: Buffer) => createHash('md5').update(bytes).digest('base64');
const partsOf = (bytes: Buffer) => Array.from({ length: Math.ceil(bytes.length / PART) }, (_, i) => bytes.subarray(i * PART, (i + 1) * PART));

interface UploadReply {
  complete: boolean;
  partBytes: number;
  parts: { number: number; url: string }[];
}
const upload = (device: Device, bytes: Buffer) => device.call<UploadReply>('object_upload', sha256(bytes), 'audio/webm', bytes.length, partsOf(bytes).map(md5));
const put = (url: string, bytes: Buffer, contentMd5 = md5(bytes)) => fetch(url, { method: 'PUT', headers: { 'content-md5': contentMd5 }, body: new Uint8Array(bytes) });
const s3Code = async (response: Response) => /<Code>(\w+)<\/Code>/.exec(await response.text())?.[1] ?? null;

/** A request with a Host header of the test's choosing (fetch will not send one). */
function withHost(url: string, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'GET', headers: { host } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('object storage on the hosted database', () => {
  it('signs the example AWS publishes for SigV4 query-string authentication, as the S3 stand-in computes it', async () => {
    const sync = await db.fresh();
    const { rows } = await sync.admin.query(
      `SELECT sync.presign('https://s3.amazonaws.com', 'us-east-1', 'examplebucket', false, 'AKIAIOSFODNN7EXAMPLE',
                              'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', 'GET', 'test.txt', null, '2013-05-24T00:00:00Z', 86400) AS url`,
    );
    // AWS S3 API reference, "Authenticating Requests: Using Query Parameters (AWS Signature Version 4)", the GET example.
    const published = 'aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404';
    expect(rows[0].url).toBe(
      'https://examplebucket.s3.amazonaws.com/test.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request' +
        `&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host&X-Amz-Signature=${published}`,
    );
    const url = new URL(rows[0].url as string);
    expect(expectedSignature({ method: 'GET', host: url.host, path: url.pathname, query: url.searchParams, headers: {} }, 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY')).toBe(published);
  });

  it('never lets a device read the storage key or sign a URL of its choosing', async () => {
    const sync = await db.fresh();
    const { bucket } = await storeFilesInBucket(sync.url, s3, PART);
    const kiosk = await sync.device('kiosk');
    expect(await kiosk.call('file_storage')).toEqual({ store: 'objects', partBytes: PART });
    expect((await sqlState(kiosk.client.query('SELECT * FROM sync.object_storage')))?.code).toBe('42501');
    expect((await sqlState(kiosk.client.query(`SELECT sync.presign('https://x', 'r', 'b', true, 'k', 's', 'GET', 'k', null, now(), 60)`)))?.code).toBe('42501');
    expect((await sqlState(kiosk.call('object_download', 'not-a-hash')))?.code).toBe('KS004');
    const reply = await upload(kiosk, randomBytes(10));
    expect(reply.parts).toHaveLength(1);
    expect(reply).toMatchObject({ complete: false, partBytes: PART });
    expect(new URL(reply.parts[0]!.url).pathname).toMatch(new RegExp(`^/${bucket}/files/[0-9a-f]{64}/1$`));
    expect(new URL(reply.parts[0]!.url).searchParams.get('X-Amz-Expires')).toBe('3600');
    expect(new URL(reply.parts[0]!.url).searchParams.get('X-Amz-SignedHeaders')).toBe('content-md5;host');
  });

  it('takes IT settings only over https (plain http to this computer) and never repeats the secret in a refusal', async () => {
    const sync = await db.fresh();
    const settings = { endpoint: 'https://s3.example.com', region: 'eu-west-1', bucket: 'recordings', pathStyle: false, accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'very-secret-value' };
    const plain = await sqlState(setObjectStorage(sync.url, { ...settings, endpoint: 'http://s3.example.com' }));
    expect(plain?.code).toBe('KS004');
    expect(plain?.message).toMatch(/https/);
    const badBucket = await sqlState(setObjectStorage(sync.url, { ...settings, bucket: 'No_Such Bucket' }));
    expect(badBucket?.code).toBe('KS004');
    expect(badBucket?.message).not.toContain('very-secret-value');
    // A missing value: Postgres's own not-null error would show the whole row, secret included, in its detail (and the server log).
    const noRegion = await sync.admin
      .query('SELECT sync_admin.set_object_storage($1, NULL, $2, false, $3, $4)', [settings.endpoint, settings.bucket, settings.accessKeyId, settings.secretAccessKey])
      .then(() => null, (error: unknown) => error as { code: string; message: string; detail?: string });
    expect(noRegion?.code).toBe('KS004');
    expect(`${noRegion?.message} ${noRegion?.detail ?? ''}`).not.toContain('very-secret-value');
    await setObjectStorage(sync.url, settings);
    const { rows } = await sync.admin.query('SELECT sync_admin.object_storage() AS r');
    expect(rows[0].r.storage).toMatchObject({ endpoint: 'https://s3.example.com', bucket: 'recordings', pathStyle: false, accessKeyId: 'AKIDEXAMPLE', partBytes: 8388608 });
    expect(JSON.stringify(rows[0].r)).not.toContain('very-secret-value');
  });

  it('the S3 stand-in refuses what S3 refuses: expiry, another method, object or host, other bytes, no signature', async () => {
    const sync = await db.fresh();
    const { bucket, client } = await storeFilesInBucket(sync.url, s3, PART);
    const kiosk = await sync.device('kiosk');
    const file = randomBytes(PART + 100);
    const [first, second] = partsOf(file);
    const { parts } = await upload(kiosk, file);
    const url = parts[0]!.url;

    // Other bytes than the Content-MD5 signed into the URL.
    const tampered = Buffer.from(first!);
    tampered[0] = tampered[0]! ^ 1;
    const badDigest = await put(url, tampered, md5(first!));
    expect([badDigest.status, await s3Code(badDigest)]).toEqual([400, 'BadDigest']);
    // Another Content-MD5 than the one signed.
    const otherMd5 = await put(url, tampered);
    expect([otherMd5.status, await s3Code(otherMd5)]).toEqual([403, 'SignatureDoesNotMatch']);
    // Another method, another object, another host.
    const asGet = await fetch(url);
    expect([asGet.status, await s3Code(asGet)]).toEqual([403, 'SignatureDoesNotMatch']);
    const otherObject = await put(url.replace(/\/1\?/, '/2?'), second!);
    expect([otherObject.status, await s3Code(otherObject)]).toEqual([403, 'SignatureDoesNotMatch']);
    expect(await withHost(url, 'storage.example.com')).toBe(403);
    // No signature at all: the bucket is private.
    const anonymous = await fetch(url.slice(0, url.indexOf('?')));
    expect([anonymous.status, await s3Code(anonymous)]).toEqual([403, 'AccessDenied']);
    // Signed two hours ago for one hour.
    const { rows } = await sync.admin.query(
      `SELECT sync.presign(endpoint, region, bucket, path_style, access_key_id, secret_access_key, 'PUT', $1, $2, now() - interval '2 hours', 3600) AS url
         FROM sync.object_storage`,
      [`files/${sha256(file)}/1`, md5(first!)],
    );
    const expired = await put(rows[0].url as string, first!);
    expect([expired.status, await s3Code(expired)]).toEqual([403, 'AccessDenied']);
    // The rest of the query-string rules (AWS, "Authenticating Requests: Using Query Parameters"): expiry at most a week, a known key, the bucket's region, host signed.
    const altered = async (change: (query: URLSearchParams) => void) => {
      const at = new URL(url);
      change(at.searchParams);
      const response = await put(at.toString(), first!);
      return [response.status, await s3Code(response)];
    };
    expect(await altered((q) => q.set('X-Amz-Expires', '604801'))).toEqual([400, 'AuthorizationQueryParametersError']);
    expect(await altered((q) => q.set('X-Amz-Expires', '0'))).toEqual([400, 'AuthorizationQueryParametersError']);
    expect(await altered((q) => q.set('X-Amz-Expires', '36e2'))).toEqual([400, 'AuthorizationQueryParametersError']);
    // X-Amz-Date in ISO 8601 basic form, a real moment, and the credential's day is its day; the scope names s3 and ends aws4_request.
    const signedOn = (q: URLSearchParams) => q.get('X-Amz-Date')!;
    expect(await altered((q) => q.set('X-Amz-Date', signedOn(q).slice(0, 13) + 'Z'))).toEqual([400, 'AuthorizationQueryParametersError']);
    expect(await altered((q) => q.set('X-Amz-Date', signedOn(q).slice(0, 4) + '13' + signedOn(q).slice(6)))).toEqual([400, 'AuthorizationQueryParametersError']);
    expect(await altered((q) => q.set('X-Amz-Credential', q.get('X-Amz-Credential')!.replace(signedOn(q).slice(0, 8), '19990101')))).toEqual([400, 'AuthorizationQueryParametersError']);
    expect(await altered((q) => q.set('X-Amz-Credential', q.get('X-Amz-Credential')!.replace('/s3/', '/ec2/')))).toEqual([400, 'AuthorizationQueryParametersError']);
    expect(await altered((q) => q.set('X-Amz-Credential', q.get('X-Amz-Credential')!.replace(/aws4_request$/, 'aws4_req')))).toEqual([400, 'AuthorizationQueryParametersError']);
    expect(await altered((q) => q.set('X-Amz-Credential', q.get('X-Amz-Credential')!.replace(/^[^/]+/, 'AKIDUNKNOWN')))).toEqual([403, 'InvalidAccessKeyId']);
    expect(await altered((q) => q.set('X-Amz-Credential', q.get('X-Amz-Credential')!.replace(s3.region, 'eu-west-1')))).toEqual([400, 'AuthorizationQueryParametersError']);
    expect(await altered((q) => q.set('X-Amz-SignedHeaders', 'content-md5'))).toEqual([400, 'AuthorizationQueryParametersError']);
    // Every query-string authentication parameter present, and the one algorithm S3 knows.
    for (const name of ['X-Amz-Credential', 'X-Amz-Date', 'X-Amz-Expires', 'X-Amz-SignedHeaders', 'X-Amz-Signature']) {
      expect(await altered((q) => q.delete(name)), name).toEqual([400, 'AuthorizationQueryParametersError']);
    }
    expect(await altered((q) => q.set('X-Amz-Algorithm', 'AWS4-HMAC-SHA1'))).toEqual([400, 'AuthorizationQueryParametersError']);
    // s3rver alone takes a forged signature (it checks none for V4): what the front is for.
    const direct = new URL(url);
    direct.host = new URL(s3.directEndpoint).host;
    direct.searchParams.set('X-Amz-Signature', '0'.repeat(64));
    expect((await put(direct.toString(), first!)).status).toBe(200);

    // The right bytes with the URL as signed pass, and land in the bucket.
    expect((await put(url, first!)).status).toBe(200);
    expect((await readObject(client, bucket, `files/${sha256(file)}/1`)).equals(first!)).toBe(true);
  });

  it('resumes an upload at the parts not recorded, completes only with every part, and hands out a GET URL per part', async () => {
    const sync = await db.fresh();
    await storeFilesInBucket(sync.url, s3, PART);
    const kiosk = await sync.device('kiosk');
    const laptop = await sync.device('laptop');
    const file = randomBytes(PART * 2 + 500);
    const hash = sha256(file);
    const parts = partsOf(file);

    const started = await upload(kiosk, file);
    expect(started).toMatchObject({ complete: false });
    expect(started.parts.map((p) => p.number)).toEqual([1, 2, 3]);
    expect((await put(started.parts[0]!.url, parts[0]!)).status).toBe(200);
    expect(await kiosk.call('object_part_uploaded', hash, 1)).toEqual({ received: PART, complete: false });
    // Cut off here. Not complete, so not to be downloaded, and missing_files says so.
    expect(await laptop.call('object_download', hash)).toEqual({ store: null });
    expect(await kiosk.call('missing_files', [hash])).toEqual({ missing: [{ hash, received: PART }] });

    const resumed = await upload(kiosk, file);
    expect(resumed.parts.map((p) => p.number)).toEqual([2, 3]);
    for (const part of resumed.parts) {
      expect((await put(part.url, parts[part.number - 1]!)).status).toBe(200);
      await kiosk.call('object_part_uploaded', hash, part.number);
    }
    expect(await kiosk.call('missing_files', [hash])).toEqual({ missing: [] });
    expect(await upload(laptop, file)).toEqual({ complete: true, partBytes: PART, parts: [] });

    const where = await laptop.call<{ store: string; size: number; parts: { url: string; size: number }[] }>('object_download', hash);
    expect(where).toMatchObject({ store: 'objects', size: file.length });
    expect(where.parts.map((p) => p.size)).toEqual([PART, PART, 500]);
    const read = await Promise.all(where.parts.map(async (p) => Buffer.from(await (await fetch(p.url)).arrayBuffer())));
    expect(Buffer.concat(read).equals(file)).toBe(true);
    // A GET URL does not write.
    expect((await put(where.parts[0]!.url, parts[0]!)).status).toBe(403);
  });

  it('an upload begun in the bucket and started over elsewhere leaves no object that nothing will delete', async () => {
    const sync = await db.fresh();
    await storeFilesInBucket(sync.url, s3, PART);
    const kiosk = await sync.device('kiosk');
    const queued = async () => (await sync.admin.query<{ key: string }>('SELECT key FROM sync.object_deletions ORDER BY key')).rows.map((row) => row.key);
    const file = randomBytes(PART * 2 + 1);
    const hash = sha256(file);
    const started = await upload(kiosk, file);
    expect((await put(started.parts[0]!.url, partsOf(file)[0]!)).status).toBe(200);
    await kiosk.call('object_part_uploaded', hash, 1);

    // IT made the parts bigger: the same file now has 2 parts, and part 3's object is named by nothing.
    await sync.admin.query('UPDATE sync.object_storage SET part_bytes = $1', [PART * 2]);
    const md5s = [md5(file.subarray(0, PART * 2)), md5(file.subarray(PART * 2))];
    expect((await kiosk.call<UploadReply>('object_upload', hash, 'audio/webm', file.length, md5s)).parts.map((p) => p.number)).toEqual([1, 2]);
    expect(await queued()).toEqual([`files/${hash}/3`]);

    // IT went back to Postgres: the device sends the file there from offset 0, and the bucket's parts go on the queue.
    await sync.admin.query('SELECT sync_admin.clear_object_storage()');
    await kiosk.call('put_file_chunk', hash, 'audio/webm', file.length, 0, file.subarray(0, 10));
    expect(await queued()).toEqual([1, 2, 3].map((n) => `files/${hash}/${n}`));
  });

  it('refuses part lists that do not fit the size, and a part of a file not in the bucket', async () => {
    const sync = await db.fresh();
    await storeFilesInBucket(sync.url, s3, PART);
    const kiosk = await sync.device('kiosk');
    const file = randomBytes(PART + 1);
    const short = await sqlState(kiosk.call('object_upload', sha256(file), 'audio/webm', file.length, [md5(file)]));
    expect(short?.code).toBe('KS004');
    expect(short?.message).toMatch(/make 2 parts/);
    expect((await sqlState(kiosk.call('object_upload', sha256(file), 'audio/webm', file.length, ['nope', 'nope'])))?.code).toBe('KS004');
    expect((await sqlState(kiosk.call('object_part_uploaded', sha256(file), 1)))?.code).toBe('KS004');
    // The empty file needs no object.
    expect(await kiosk.call('object_upload', sha256(Buffer.alloc(0)), 'text/plain', 0, [])).toEqual({ complete: true, partBytes: PART, parts: [] });
  });
});
