import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../src-main/logging/logger';
import { ObjectFiles } from '../../../src-main/sync/object-files';
import type { ObjectUploadReply } from '../../../src-main/sync/object-protocol';
import { getObjectPart } from '../../../src-main/sync/object-transfer';
import { SyncError } from '../../../src-main/sync/sync-errors';
import type { SyncSession } from '../../../src-main/sync/sync-transport';

const SIGNED = 'https://storage.example.com/bucket/files/abc/1?X-Amz-Signature=secretsignature';
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

function recordingLogger() {
  const lines: string[] = [];
  return { logger: createLogger({ level: 'debug', sink: (line) => lines.push(line) }), lines };
}

/** A fetch that answers every call with this status and S3 error body, counting calls. */
function answering(status: number, code: string | null) {
  const calls: string[] = [];
  const fetch = ((url: string, init?: RequestInit) => {
    calls.push(`${init?.method ?? 'GET'} ${url}`);
    const body = code ? `<?xml version="1.0"?><Error><Code>${code}</Code><Message>no</Message></Error>` : '';
    return Promise.resolve(new Response(body, { status }));
  }) as unknown as typeof globalThis.fetch;
  return { fetch, calls };
}

function uploadSession(reply: ObjectUploadReply) {
  let asked = 0;
  const session = {
    objectUpload: () => (asked++, Promise.resolve(reply)),
    objectPartUploaded: () => Promise.resolve({ received: 0, complete: false }),
  } as unknown as SyncSession;
  return { session, asked: () => asked };
}

describe('files in object storage, on the device', () => {
  it('sends nothing when the local bytes do not match their name', async () => {
    const { logger, lines } = recordingLogger();
    const { fetch, calls } = answering(200, null);
    const { session, asked } = uploadSession({ complete: false, parts: [{ number: 1, url: SIGNED }] });
    const sent = await new ObjectFiles(() => Promise.resolve(fetch), logger).upload(session, { hash: sha256(Buffer.from('other')), mediaType: 'audio/wav' }, Buffer.from('bytes'), 1024);
    expect(sent).toBe(false);
    expect([asked(), calls.length]).toEqual([0, 0]);
    expect(lines.join('\n')).toContain('its bytes do not match its sha-256');
  });

  it('asks for fresh URLs once after a 403, then tells IT what to check; no URL or signature in the error or the log', async () => {
    const { logger, lines } = recordingLogger();
    const { fetch, calls } = answering(403, 'AccessDenied');
    const { session, asked } = uploadSession({ complete: false, parts: [{ number: 1, url: SIGNED }] });
    const bytes = Buffer.from('recording');
    const upload = new ObjectFiles(() => Promise.resolve(fetch), logger).upload(session, { hash: sha256(bytes), mediaType: 'audio/wav' }, bytes, 1024);
    const error = await upload.then(() => null, (caught: unknown) => caught);
    expect(error).toBeInstanceOf(SyncError);
    expect((error as SyncError).message).toMatch(/refused fresh signed URLs too \(AccessDenied\).*storage key and the bucket's permissions/);
    expect([asked(), calls.length]).toEqual([2, 2]);
    expect(`${(error as Error).message}\n${lines.join('\n')}`).not.toMatch(/secretsignature|storage\.example\.com/);
  });

  it('sends parts of the size the server recorded for the file when IT changed it since the device asked', async () => {
    const bytes = Buffer.from('0123456789');
    const md5 = (part: Buffer) => createHash('md5').update(part).digest('base64');
    const asked: string[][] = [];
    const session = {
      // The server's part size is now 5: the file is recorded as 2 parts of 5 bytes, and each PUT URL is signed for the MD5 sent.
      objectUpload: (_hash: string, _type: string, _size: number, md5s: string[]) => {
        asked.push(md5s);
        return Promise.resolve({ complete: false, partBytes: 5, parts: [1, 2].map((number) => ({ number, url: `${SIGNED}&part=${number}` })) });
      },
      objectPartUploaded: (_hash: string, number: number) => Promise.resolve({ received: 0, complete: number === 2 }),
    } as unknown as SyncSession;
    const sent: string[] = [];
    const fetch = (async (_url: string, init?: RequestInit) => {
      const body = Buffer.from(init?.body as Uint8Array);
      // S3 checks the body against the Content-MD5 it was sent with.
      expect(new Headers(init?.headers).get('content-md5')).toBe(md5(body));
      sent.push(body.toString());
      return new Response('', { status: 200 });
    }) as unknown as typeof globalThis.fetch;
    const { logger } = recordingLogger();
    // The device asked file_storage when the part size was 6: also 2 parts, of 6 and 4 bytes, which downloads would refuse.
    expect(await new ObjectFiles(() => Promise.resolve(fetch), logger).upload(session, { hash: sha256(bytes), mediaType: 'audio/wav' }, bytes, 6)).toBe(true);
    expect(sent).toEqual(['01234', '56789']);
    expect(asked.at(-1)).toEqual(['01234', '56789'].map((text) => md5(Buffer.from(text))));
  });

  it('refuses a plain-http URL to another computer, a short part, and names the storage error code', async () => {
    const ok = answering(200, null);
    await expect(getObjectPart(ok.fetch, 'http://storage.example.com/b/files/x/1?X-Amz-Signature=s', 1)).rejects.toThrow(/only https is used/);
    expect(ok.calls).toEqual([]);
    await expect(getObjectPart(ok.fetch, SIGNED, 10)).rejects.toThrow(/has 0 bytes, not the 10 recorded; it was not kept/);
    const down = answering(503, 'SlowDown');
    const failure = await getObjectPart(down.fetch, SIGNED, 1).catch((caught: unknown) => caught);
    expect(failure).toMatchObject({ kind: 'offline', message: expect.stringContaining('HTTP 503 (SlowDown)') });
    expect((failure as Error).message).not.toContain('secretsignature');
  });
});
