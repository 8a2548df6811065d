import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { answerAudioSource } from '../../../src-main/app/sync-gates';
import { ContentStore } from '../../../src-main/files/content-store';
import { FILE_CHUNK_BYTES } from '../../../src-main/sync/protocol';
import { useTestPostgres } from '../../support/postgres';
import { startS3StandIn, type S3StandIn } from '../../support/s3-stand-in';
import { startConnectProxy } from '../../support/connect-proxy';
import { asOwner, enrolledDevice, hostedDatabase, hostedKioskAndLaptop, kioskFeedback, localRow, withCalls, type Device } from './hosted-support';
import { objectStore, postgresStore } from './support/file-stores';
import { readObject, s3Client } from './support/object-storage';

const postgres = useTestPostgres();
const devices: Device[] = [];
afterEach(() => {
  for (const device of devices.splice(0)) device.close();
});
let s3: S3StandIn;
beforeAll(async () => {
  s3 = await startS3StandIn();
});
afterAll(() => s3.close());

const objects = objectStore(() => s3);

/** The same file sync, whichever store IT chose (docs/sync.md, "Files"). */
describe.each([postgresStore, objects])('files stored in $name', (store) => {
  async function kioskAndLaptop() {
    const setup = await hostedKioskAndLaptop(() => postgres.current.createDatabase(), devices);
    await store.use(setup.url);
    return setup;
  }

  it('uploads files before the rows that name them, resuming a cut-off upload, and the laptop downloads one on demand', async () => {
    const { url, kiosk, laptop } = await kioskAndLaptop();
    const bytes = randomBytes(FILE_CHUNK_BYTES * 2 + 1234);
    const { stored, resume } = await kioskFeedback(kiosk, bytes);
    // A first chunk (or part) already arrived in an earlier run that was cut off.
    await kiosk.app.services.sync.withSession((session) => store.sendFirstPart(session, bytes, 'application/pdf'));
    expect(kiosk.app.services.sync.status().pendingFiles).toBe(1);

    // Which chunks (or parts), counted from 1, this run sends: the first is there already.
    const sent: number[] = [];
    kiosk.network.wrap = (session) =>
      withCalls(session, {
        async putFileChunk(...args) {
          sent.push(args[3] / FILE_CHUNK_BYTES + 1);
          return session.putFileChunk(...args);
        },
        async objectPartUploaded(hash, number) {
          sent.push(number);
          return session.objectPartUploaded(hash, number);
        },
      });
    expect(await kiosk.app.services.sync.syncNow()).toMatchObject({ state: 'idle', pendingFiles: 0 });
    expect(sent).toEqual([2, 3]);
    expect(await asOwner(url, 'SELECT size::int AS size, received::int AS received, complete, store FROM sync.files WHERE hash = $1', [stored.hash])).toEqual([
      { size: bytes.byteLength, received: bytes.byteLength, complete: true, store: store.name },
    ]);

    await laptop.app.services.sync.syncNow();
    expect(localRow(laptop, 'resumes', resume.id)).toMatchObject({ file_url: stored.relativePath });
    const laptopStore = new ContentStore(laptop.dataDir);
    await expect(laptopStore.read(stored.relativePath)).rejects.toThrow();
    expect(await answerAudioSource(laptop.app.services.sync, laptop.app.services.logger).fetch(stored.relativePath)).toBe(true);
    expect((await laptopStore.read(stored.relativePath)).equals(bytes)).toBe(true);
    // Downloaded, so never uploaded back.
    expect(laptop.app.services.sync.files.notUploaded([{ file_url: stored.relativePath }])).toEqual([]);
    // A file the server does not have is "not to be had", not an error.
    expect(await answerAudioSource(laptop.app.services.sync, laptop.app.services.logger).fetch(`files/00/${'1'.repeat(62)}`)).toBe(false);
  });

  it('refuses a download whose bytes were changed where they are stored, keeping nothing', async () => {
    const { url, kiosk, laptop } = await kioskAndLaptop();
    const bytes = randomBytes(FILE_CHUNK_BYTES + 10);
    const { stored } = await kioskFeedback(kiosk, bytes);
    await kiosk.app.services.sync.syncNow();
    await laptop.app.services.sync.syncNow();
    await store.tamper(url, stored.hash);

    const download = answerAudioSource(laptop.app.services.sync, laptop.app.services.logger).fetch(stored.relativePath);
    await expect(download).rejects.toThrow(/did not match its checksum; it was not kept/);
    await expect(new ContentStore(laptop.dataDir).read(stored.relativePath)).rejects.toThrow();
    expect(laptop.app.database.sqlite.prepare('SELECT count(*) AS n FROM stored_files WHERE content_hash = ?').get(stored.hash)).toEqual({ n: 0 });
  });
});

describe('files in object storage', () => {
  it('asks for fresh URLs when the storage refuses expired ones, uploading and downloading; no URL reaches the log', async () => {
    const { url, kiosk, laptop } = await hostedKioskAndLaptop(() => postgres.current.createDatabase(), devices);
    await objects.use(url);
    const bytes = randomBytes(FILE_CHUNK_BYTES * 2 + 7);
    const { stored } = await kioskFeedback(kiosk, bytes);
    // URLs signed two hours ago for one hour, as a slow upload would hold them.
    const expired = async (signed: string) => {
      const at = new URL(signed);
      const key = at.pathname.split('/').slice(2).join('/');
      const rows = await asOwner<{ url: string }>(
        url,
        `SELECT sync.presign(endpoint, region, bucket, path_style, access_key_id, secret_access_key, $1, $2, $3, now() - interval '2 hours', 3600) AS url
           FROM sync.object_storage`,
        [at.searchParams.get('X-Amz-SignedHeaders') === 'content-md5;host' ? 'PUT' : 'GET', key, null],
      );
      return rows[0]!.url;
    };
    let staleUploads = 1;
    kiosk.network.wrap = (session) =>
      withCalls(session, {
        async objectUpload(...args) {
          const reply = await session.objectUpload(...args);
          if (staleUploads-- <= 0) return reply;
          // The first part's URL is stale (the storage checks expiry before the signature).
          return { ...reply, parts: [{ ...reply.parts[0]!, url: await expired(reply.parts[0]!.url) }, ...reply.parts.slice(1)] };
        },
      });
    const before = s3.requests.length;
    expect(await kiosk.app.services.sync.syncNow()).toMatchObject({ state: 'idle', pendingFiles: 0 });
    expect(s3.requests.slice(before).map((r) => [r.method, r.status, r.code])).toEqual([
      ['PUT', 403, 'AccessDenied'],
      ['PUT', 200, null],
      ['PUT', 200, null],
      ['PUT', 200, null],
    ]);
    expect((await readObject(s3Client(s3), objects.bucket(), `files/${stored.hash}/3`)).equals(bytes.subarray(FILE_CHUNK_BYTES * 2))).toBe(true);

    await laptop.app.services.sync.syncNow();
    let staleDownloads = 1;
    laptop.network.wrap = (session) =>
      withCalls(session, {
        async objectDownload(hash) {
          const reply = await session.objectDownload(hash);
          if (reply.store !== 'objects' || staleDownloads-- <= 0) return reply;
          return { ...reply, parts: await Promise.all(reply.parts.map(async (part) => ({ ...part, url: await expired(part.url) }))) };
        },
      });
    const downloadsBefore = s3.requests.length;
    expect(await answerAudioSource(laptop.app.services.sync, laptop.app.services.logger).fetch(stored.relativePath)).toBe(true);
    expect(s3.requests.slice(downloadsBefore).map((r) => [r.method, r.status])).toEqual([
      ['GET', 403],
      ['GET', 200],
      ['GET', 200],
      ['GET', 200],
    ]);
    expect((await new ContentStore(laptop.dataDir).read(stored.relativePath)).equals(bytes)).toBe(true);
    for (const device of [kiosk, laptop]) {
      expect(device.logLines.some((line) => line.includes('asking the hosted database for fresh ones'))).toBe(true);
      expect(device.logLines.join('\n')).not.toMatch(/X-Amz-Signature|S3RVER/);
    }
  });

  it("reaches the bucket through IT's proxy, as every other outside connection does", async () => {
    const proxy = await startConnectProxy();
    try {
      const url = await hostedDatabase(() => postgres.current.createDatabase());
      // The proxy even for this computer, where the stand-in listens ("<-loopback>").
      const kiosk = await enrolledDevice(url, 'kiosk', { machineNetwork: { proxyMode: 'manual', proxyUrl: proxy.url, proxyBypass: '<-loopback>' } });
      devices.push(kiosk);
      await objects.use(url);
      await kioskFeedback(kiosk, randomBytes(100));
      expect(await kiosk.app.services.sync.syncNow()).toMatchObject({ state: 'idle', pendingFiles: 0 });
      expect(proxy.requests).toContainEqual({ target: new URL(s3.endpoint).host, status: 200 });
    } finally {
      await proxy.close();
    }
  });
});
