import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';
import { checkPresigned, type S3Refusal } from './sigv4-check';

/**
 * A local S3-compatible server for tests: s3rver, behind a front that
 * refuses what S3 refuses and s3rver lets through (sigv4-check.ts: the V4
 * signature over method, host, path and signed headers; Content-MD5
 * against the body). Devices get URLs for the front (`endpoint`); the AWS
 * SDK in a test talks to s3rver itself (`directEndpoint`) to create the
 * bucket and to read or tamper with objects.
 */
export interface S3StandIn {
  /** Where signed URLs point: the checking front. */
  readonly endpoint: string;
  /** s3rver itself, for the test's own AWS SDK client. */
  readonly directEndpoint: string;
  readonly region: string;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  /** Every request the front saw: method, path without the query (never a signature), status and S3 error code. */
  readonly requests: { method: string; path: string; status: number; code: string | null }[];
  close(): Promise<void>;
}

/** s3rver's built-in account (lib/models/account.js); the region is ours to pick, and the front checks it. */
const ACCESS_KEY = 'S3RVER';
const SECRET = 'S3RVER';
const REGION = 'us-east-1';

export async function startS3StandIn(): Promise<S3StandIn> {
  const directory = mkdtempSync(join(tmpdir(), 'kiosk-s3-'));
  const s3rver = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory });
  const direct = await s3rver.run();
  const requests: S3StandIn['requests'] = [];

  const front: Server = createServer((req, res) => {
    void (async () => {
      const body = await readBody(req);
      const url = new URL(req.url ?? '/', 'http://front');
      const refusal = checkPresigned(
        { method: req.method ?? 'GET', host: req.headers.host ?? '', path: url.pathname, query: url.searchParams, headers: flatHeaders(req) },
        body,
        { region: REGION, secretFor: (id) => (id === ACCESS_KEY ? SECRET : undefined) },
        new Date(),
      );
      if (refusal) {
        requests.push({ method: req.method ?? '', path: url.pathname, status: refusal.status, code: refusal.code });
        res.writeHead(refusal.status, { 'content-type': 'application/xml' }).end(errorXml(refusal));
        return;
      }
      const forwarded = httpRequest(
        { host: '127.0.0.1', port: direct.port, method: req.method, path: req.url, headers: { ...req.headers, host: `127.0.0.1:${direct.port}` } },
        (answer) => {
          requests.push({ method: req.method ?? '', path: url.pathname, status: answer.statusCode ?? 0, code: null });
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      forwarded.on('error', () => res.writeHead(502).end());
      forwarded.end(body);
    })();
  });
  await new Promise<void>((resolve) => front.listen(0, '127.0.0.1', resolve));
  const port = (front.address() as AddressInfo).port;

  return {
    endpoint: `http://127.0.0.1:${port}`,
    directEndpoint: `http://127.0.0.1:${direct.port}`,
    region: REGION,
    accessKeyId: ACCESS_KEY,
    secretAccessKey: SECRET,
    requests,
    async close() {
      front.closeAllConnections();
      await new Promise<void>((resolve) => front.close(() => resolve()));
      await s3rver.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    req.on('data', (part: Buffer) => parts.push(part));
    req.on('end', () => resolve(Buffer.concat(parts)));
    req.on('error', reject);
  });
}

function flatHeaders(req: IncomingMessage): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(req.headers).map(([name, value]) => [name, Array.isArray(value) ? value.join(',') : value]));
}

function errorXml(refusal: S3Refusal): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${refusal.code}</Code><Message>${refusal.message}</Message></Error>`;
}
