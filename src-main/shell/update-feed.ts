import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dump } from 'js-yaml';
import type { VerifiedUpdate } from '../updates/installer-port';

export interface LocalFeed {
  /** The feed's folder, for autoUpdater.setFeedURL({ provider: 'generic', url }). */
  url: string;
  close(): Promise<void>;
}

/**
 * A feed of one release on 127.0.0.1, for electron-updater: a channel file
 * listing only the installer the core verified (its SHA-512 and size) and
 * that installer, streamed from the data folder. electron-updater then
 * cannot pick another file from the release (its findFile takes the first
 * one with the right extension), downloads nothing from the internet (so
 * the proxy and CA bundle it does not know are not needed), and checks the
 * bytes it gets against the verified SHA-512. The folder's name is random,
 * so no other program on this computer can guess its address; anything
 * else is 404.
 *
 * `channelFile` is the name electron-updater asks for (its
 * Provider.getChannelFilePrefix, the default "latest" channel: the shell
 * never sets one, as a channel also turns downgrades on).
 */
export async function serveVerifiedUpdate(update: VerifiedUpdate, channelFile: string): Promise<LocalFeed> {
  const folder = `/${randomBytes(16).toString('hex')}/`;
  // electron-updater resolves `url` against the feed's folder; encoded, a name with spaces, # or ? stays one name.
  const url = encodeURIComponent(update.fileName);
  const channel = Buffer.from(
    dump({ version: update.version, files: [{ url, sha512: update.sha512, size: update.size }], path: url, sha512: update.sha512, releaseDate: new Date().toISOString() }, { lineWidth: -1 }),
  );
  const server = createServer((request, response) => {
    const name = requestedName(request.url ?? '', folder);
    if ((request.method !== 'GET' && request.method !== 'HEAD') || name === null) return void response.writeHead(404).end();
    if (name === channelFile) return void send(response, request.method, 'text/yaml', channel.length, () => response.end(channel));
    if (name === update.fileName) {
      return void send(response, request.method, 'application/octet-stream', update.size, () => {
        const file = createReadStream(update.path);
        file.on('error', () => response.destroy());
        file.pipe(response);
      });
    }
    response.writeHead(404).end();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${folder}`,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** The file asked for inside the folder (electron-updater adds ?noCache=… to the channel file), or null when outside it. */
function requestedName(requestUrl: string, folder: string): string | null {
  const { pathname } = new URL(requestUrl, 'http://127.0.0.1');
  if (!pathname.startsWith(folder)) return null;
  try {
    return decodeURIComponent(pathname.slice(folder.length));
  } catch {
    return null;
  }
}

function send(response: ServerResponse, method: string, type: string, length: number, body: () => void): void {
  response.writeHead(200, { 'content-type': type, 'content-length': length, 'cache-control': 'no-store' });
  if (method === 'HEAD') response.end();
  else body();
}
