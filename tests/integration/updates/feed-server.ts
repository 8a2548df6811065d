import { createHash } from 'node:crypto';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dump } from 'js-yaml';
import { artifactMessage, feedMessage, signRelease } from '../../../src-main/updates/release-signature';

/**
 * A release feed on loopback, laid out as electron-builder's generic
 * provider publishes one (a channel file per channel and OS: latest.yml,
 * pilot-linux.yml…, beside the installers), plus the release key's
 * detached signatures (`<file>.sig`). It serves only what was published,
 * answers 404 otherwise, and records every path asked for.
 */
export interface FeedServer {
  url: string;
  requests: string[];
  /** Publishes a release as IT's signer would: installer, its signature, the channel file and its signature. */
  publish(release: Release): void;
  /** Replaces a file's bytes after publishing (a tampered feed or installer). */
  tamper(name: string, change: (bytes: Buffer) => Buffer): void;
  /** Puts a file on the feed, unsigned (someone who can write to the feed but has no release key). */
  put(name: string, bytes: Buffer): void;
  remove(name: string): void;
  /** Answers this status for the file from now on (a feed server in trouble). */
  failWith(name: string, status: number): void;
  /** Sends this file as an endless chunked body, with no length given. */
  endless(name: string): void;
  close(): Promise<void>;
}

export interface Release {
  version: string;
  /** The channel file's name, e.g. latest-linux.yml or pilot-linux.yml. */
  channelFile: string;
  installerName: string;
  installer: Buffer;
  privateKeyPem: string;
  stagingPercentage?: number;
  /** Other builds of the release (another processor's), listed before the installer, each published and signed too. */
  listedFirst?: Array<{ name: string; bytes: Buffer }>;
}

export async function startFeedServer(): Promise<FeedServer> {
  const files = new Map<string, Buffer>();
  const failures = new Map<string, number>();
  const endless = new Set<string>();
  const requests: string[] = [];
  const server: Server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://feed.invalid').pathname).replace(/^\//, '');
    requests.push(path);
    const failure = failures.get(path);
    if (failure) {
      response.writeHead(failure).end('feed trouble');
      return;
    }
    if (endless.has(path)) return sendForever(response);
    const body = files.get(path);
    if (request.method !== 'GET' || !body) {
      response.writeHead(404).end('not found');
      return;
    }
    response.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': body.length }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const put = (name: string, bytes: Buffer | string) => files.set(name, Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes));
  return {
    url: `http://127.0.0.1:${port}/`,
    requests,
    publish(release) {
      const files = [...(release.listedFirst ?? []), { name: release.installerName, bytes: release.installer }].map(({ name, bytes }) => {
        const digest = createHash('sha512').update(bytes).digest('base64');
        put(name, bytes);
        put(`${name}.sig`, signRelease(release.privateKeyPem, artifactMessage(release.version, name, digest)));
        return { url: name, sha512: digest, size: bytes.length };
      });
      const sha512 = files.at(-1)!.sha512;
      // electron-builder's channel file: files with url, sha512 and size, the legacy path and sha512, the date.
      const info: Record<string, unknown> = {
        version: release.version,
        files,
        path: release.installerName,
        sha512,
        releaseDate: '2026-05-01T10:00:00.000Z',
      };
      if (release.stagingPercentage !== undefined) info.stagingPercentage = release.stagingPercentage;
      const body = Buffer.from(dump(info, { lineWidth: 8000 }));
      put(release.channelFile, body);
      put(`${release.channelFile}.sig`, signRelease(release.privateKeyPem, feedMessage(release.channelFile, body)));
    },
    put,
    tamper(name, change) {
      const bytes = files.get(name);
      if (!bytes) throw new Error(`${name} was not published`);
      files.set(name, change(Buffer.from(bytes)));
    },
    remove(name) {
      files.delete(name);
    },
    failWith(name, status) {
      failures.set(name, status);
    },
    endless(name) {
      endless.add(name);
    },
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        // An endless response still open would keep close() waiting for ever.
        server.closeAllConnections();
      }),
  };
}

/** 64 KiB chunks until the client goes away. */
function sendForever(response: ServerResponse): void {
  const chunk = Buffer.alloc(64 * 1024, 'a');
  response.writeHead(200, { 'content-type': 'text/yaml' });
  const more = (): void => {
    while (!response.destroyed && response.write(chunk));
    if (!response.destroyed) response.once('drain', more);
  };
  more();
}
