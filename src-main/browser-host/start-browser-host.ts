import { randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WebSocketServer, type WebSocket } from 'ws';
import type { SettingsPatch } from '../../shared/domain/settings';
import { createApp, type App } from '../app/create-app';
import type { Clock } from '../common/clock';
import { createFileSink, createLogger } from '../logging/logger';
import type { Logger } from '../logging/logger-types';
import { MemorySecretStore } from '../secrets/memory-secret-store';
import { openSecretStore } from '../secrets/open-secret-store';
import type { SecretStore } from '../secrets/secret-store';
import { FileSettingsBackend } from '../settings/file-settings-backend';
import { defaultMachineSettingsPath, SettingsService } from '../settings/settings-service';
import { bundleBridgeScript } from './bridge-bundle';
import { RENDERER_CSP } from '../common/content-security-policy';
import { readStaticFile } from '../common/static-files';

export interface BrowserHostOptions {
  dataDir: string;
  /** The built renderer (`npm run build` writes out/renderer). */
  rendererDir?: string;
  /** 0 picks a free port. */
  port?: number;
  /** Written as the IT-managed machine settings file, e.g. `{ mode: 'recruiter' }`. */
  machineSettings?: SettingsPatch;
  /** 'keychain' falls back to memory (with a warning) when no OS keychain answers. */
  secrets?: 'keychain' | 'memory';
  logger?: Logger;
  /**
   * An OpenAI-compatible server to use (e.g. the fake one in tests and
   * demos): its address goes into the machine settings, its key into the
   * secret store.
   */
  openAi?: { baseUrl: string; apiKey: string };
  /** Main's clock, for tests of time rules (a 30-minute abandonment) that cannot wait. */
  clock?: Clock;
}

export interface BrowserHost {
  /** Open this in a browser; the page is only served with its token. */
  url: string;
  app: App;
  close(): Promise<void>;
}

const projectRoot = fileURLToPath(new URL('../../', import.meta.url));
/** An answer segment is up to ~5 minutes of 16 kHz audio (about 13 MB as base64), plus the JSON around it. */
const MAX_MESSAGE_BYTES = 20 * 1024 * 1024;


/**
 * A test and demo tool, never shipped enabled: runs the real main-process
 * services under Node and serves the built renderer to a browser on
 * 127.0.0.1, answering the same typed IPC over a WebSocket. A random token
 * in the page address, and an Origin check on the socket, keep other local
 * pages and processes out.
 */
export async function startBrowserHost(options: BrowserHostOptions): Promise<BrowserHost> {
  mkdirSync(options.dataDir, { recursive: true });
  const logger = options.logger ?? createLogger({ sink: createFileSink(join(options.dataDir, 'logs', 'kiosk.log')) });
  const rendererDir = options.rendererDir ?? join(projectRoot, 'out', 'renderer');
  if (!existsSync(join(rendererDir, 'index.html'))) {
    throw new Error(`No built renderer at ${rendererDir}. Run \`npm run build\` first.`);
  }

  let machineFilePath = defaultMachineSettingsPath(process.platform);
  const machineSettings = withProvider(options.machineSettings, options.openAi);
  if (machineSettings) {
    machineFilePath = join(options.dataDir, 'machine-settings.json');
    writeFileSync(machineFilePath, JSON.stringify(machineSettings, null, 2));
  }
  const settings = new SettingsService({
    backend: new FileSettingsBackend(join(options.dataDir, 'settings.json')),
    machineFilePath,
    logger,
  });
  const secrets = await openHostSecrets(options.secrets ?? 'memory', logger);
  if (options.openAi) await secrets.set('openai-api-key', options.openAi.apiKey);
  const app = createApp({
    dataDir: options.dataDir,
    migrationsDir: join(projectRoot, 'migrations', 'sqlite'),
    resourcesDir: join(projectRoot, 'resources'),
    settings,
    secrets,
    logger,
    version: readVersion(),
    ...(options.clock ? { clock: options.clock } : {}),
  });

  const token = randomBytes(24).toString('base64url');
  const bridgeScript = await bundleBridgeScript();
  const indexHtml = readFileSync(join(rendererDir, 'index.html'), 'utf8').replace(
    '<script',
    '<script src="/__kiosk-bridge.js"></script>\n    <script',
  );

  const server = createServer((request, response) => {
    void serveHttp(request, response).catch((error: unknown) => {
      logger.error('browser host request failed', { error });
      if (!response.headersSent) response.writeHead(500).end('Internal error');
    });
  });

  async function serveHttp(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    if (request.method !== 'GET') return void response.writeHead(405).end();
    if (url.pathname === '/' || url.pathname === '/index.html') {
      if (!tokenMatches(url.searchParams.get('token'), token)) {
        return void response.writeHead(403, { 'content-type': 'text/plain' }).end('Open the address the browser host printed (it carries the access token).');
      }
      return void response
        .writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': RENDERER_CSP, 'cache-control': 'no-store' })
        .end(indexHtml);
    }
    if (url.pathname === '/__kiosk-bridge.js') {
      return void response.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' }).end(bridgeScript);
    }
    const file = await readStaticFile(rendererDir, url.pathname);
    if (!file) return void response.writeHead(404).end('Not found');
    response.writeHead(200, { 'content-type': file.type, 'x-content-type-options': 'nosniff' }).end(file.body);
  }

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;

  const sockets = new WebSocketServer({
    server,
    path: '/__kiosk-ipc',
    maxPayload: MAX_MESSAGE_BYTES,
    verifyClient: ({ origin: requestOrigin, req }: { origin: string; req: IncomingMessage }) =>
      requestOrigin === origin && tokenMatches(new URL(req.url ?? '', origin).searchParams.get('token'), token),
  });
  const windows = new Map<string, WebSocket>();
  let nextWindow = 1;

  const unsubscribe = app.events.subscribe((windowId, event, payload) => {
    windows.get(windowId)?.send(JSON.stringify({ event, payload }));
  });

  sockets.on('connection', (socket) => {
    const windowId = `browser-${nextWindow++}`;
    windows.set(windowId, socket);
    socket.on('message', (raw) => {
      void answer(socket, windowId, raw.toString());
    });
    socket.on('close', () => {
      windows.delete(windowId);
      app.sessions.forget(windowId);
    });
  });

  async function answer(socket: WebSocket, windowId: string, raw: string): Promise<void> {
    let message: { id?: unknown; channel?: unknown; input?: unknown };
    try {
      message = JSON.parse(raw) as typeof message;
    } catch {
      return;
    }
    if (typeof message !== 'object' || message === null || typeof message.id !== 'number') return;
    const result = await app.dispatch(message.channel, message.input, { windowId, trustedSender: true });
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify({ id: message.id, result }));
  }

  logger.info('browser host listening', { origin });
  return {
    url: `${origin}/?token=${token}`,
    app,
    async close() {
      unsubscribe();
      for (const socket of windows.values()) socket.terminate();
      await new Promise<void>((resolve) => sockets.close(() => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
      app.close();
    },
  };
}

/** The machine settings to write: the caller's, with the provider's address when one was given. */
function withProvider(machineSettings: SettingsPatch | undefined, openAi: BrowserHostOptions['openAi']): SettingsPatch | undefined {
  if (!openAi) return machineSettings;
  return { ...machineSettings, provider: { ...machineSettings?.provider, baseUrl: openAi.baseUrl } };
}

function tokenMatches(given: string | null, expected: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

async function openHostSecrets(prefer: 'keychain' | 'memory', logger: Logger): Promise<SecretStore> {
  if (prefer === 'memory') return new MemorySecretStore();
  try {
    return await openSecretStore({ prefer: 'keychain', logger });
  } catch (error) {
    logger.warn('OS keychain unavailable; the browser host keeps secrets in memory only', { error });
    return new MemorySecretStore();
  }
}

function readVersion(): string {
  const manifest = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as { version?: string };
  return manifest.version ?? '0.0.0';
}
