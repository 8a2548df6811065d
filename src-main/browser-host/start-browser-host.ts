import { randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WebSocketServer, type WebSocket } from 'ws';
import type { SettingsPatch } from '../../shared/domain/settings';
import { DEFAULT_MAX_INPUT_BYTES, inputByteLimit } from '../../shared/ipc/channel';
import { channels } from '../../shared/ipc/contract';
import { createApp, type App, type AppOverrides } from '../app/create-app';
import { SerializedInput } from '../ipc/dispatcher';
import type { Clock } from '../common/clock';
import { createFileSink, createLogger } from '../logging/logger';
import type { Logger } from '../logging/logger-types';
import { MemorySecretStore } from '../secrets/memory-secret-store';
import { openSecretStore } from '../secrets/open-secret-store';
import type { SecretStore } from '../secrets/secret-store';
import { FileSettingsBackend } from '../settings/file-settings-backend';
import { defaultMachineSettingsPath, SettingsService } from '../settings/settings-service';
import { accessRefusalPage, stylesheetLinks } from './access-page';
import { bundleBridgeScript } from './bridge-bundle';
import { RENDERER_CSP } from '../common/content-security-policy';
import { readStaticFile } from '../files/static-files';

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
  /** What the kiosk watch sees (tests give it a clean kiosk, whatever machine they run on); the real OS by default. */
  kioskWatch?: AppOverrides['kioskWatch'];
  /** The AI layer's retry and breaker timings, for tests that cannot wait out the breaker's real minute. */
  aiResilience?: AppOverrides['aiResilience'];
}

export interface BrowserHost {
  /** Open this in a browser; the page is only served with its token. */
  url: string;
  app: App;
  close(): Promise<void>;
}

const projectRoot = fileURLToPath(new URL('../../', import.meta.url));
/** Room for a message's id and channel name around its input. */
const ENVELOPE_BYTES = 4096;
/**
 * The largest frame the socket takes: the largest input any channel accepts
 * (an answer segment, ~5 minutes of 16 kHz audio as base64) plus its
 * envelope. A bigger frame closes that connection (1009) before it is read.
 */
export const MAX_MESSAGE_BYTES = Math.max(...Object.values(channels).map((spec) => inputByteLimit(spec))) + ENVELOPE_BYTES;
/**
 * A message as the bridge writes it, `JSON.stringify({ id, channel, input })`:
 * its id and channel are read from the front, and its input is left as text
 * for the dispatcher, which parses it only once the caller may send it.
 */
const CANONICAL_PREFIX = /^\{"id":(\d{1,15}),"channel":"([A-Za-z0-9._-]{1,100})"(?:,"input":)?/;

/**
 * A test and demo tool, never shipped enabled: runs the real main-process
 * services under Node and serves the built renderer to a browser on
 * 127.0.0.1, answering the same typed IPC over a WebSocket. A random token
 * in the page address, and an Origin check on the socket, keep other local
 * pages and processes out.
 */
export async function startBrowserHost(options: BrowserHostOptions): Promise<BrowserHost> {
  // The port is taken before anything else: a second copy started on a busy
  // port must stop before it creates the data folder or opens its database.
  const server = createServer();
  let serve: RequestListener | null = null;
  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    if (serve) return serve(request, response);
    // Only a page left open from an earlier start can ask this soon: the address is printed once the host is ready.
    response
      .writeHead(503, { 'content-type': 'text/plain; charset=utf-8', 'retry-after': '2' })
      .end('The browser host is still starting. Reload this page in a few seconds.');
  });
  await listen(server, options.port ?? 0);
  let app: App | undefined;
  try {
    const services = await startServices(options);
    app = services.app;
    return await serveApp(server, services, (listener) => {
      serve = listener;
    });
  } catch (error) {
    app?.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    throw error;
  }
}

/** The page, the bridge script and the IPC socket, on the server already listening. */
async function serveApp(
  server: Server,
  { app, logger, rendererDir }: { app: App; logger: Logger; rendererDir: string },
  setRequestListener: (listener: RequestListener) => void,
): Promise<BrowserHost> {
  const token = randomBytes(24).toString('base64url');
  const bridgeScript = await bundleBridgeScript();
  const builtHtml = readFileSync(join(rendererDir, 'index.html'), 'utf8');
  const indexHtml = builtHtml.replace('<script', '<script src="/__kiosk-bridge.js"></script>\n    <script');
  const stylesheets = stylesheetLinks(builtHtml);

  setRequestListener((request, response) => {
    void serveHttp(request, response).catch((error: unknown) => {
      logger.error('browser host request failed', { error });
      if (!response.headersSent) response.writeHead(500).end('Internal error');
    });
  });

  async function serveHttp(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    if (request.method !== 'GET') return void response.writeHead(405).end();
    if (url.pathname === '/' || url.pathname === '/index.html') {
      const given = url.searchParams.get('token');
      if (!tokenMatches(given, token)) {
        // Still refused; the page only explains (usually: the host was restarted, so the tab's token is an old one).
        return void response
          .writeHead(403, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': RENDERER_CSP, 'cache-control': 'no-store' })
          .end(accessRefusalPage(given ? 'stale-token' : 'no-token', stylesheets));
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

  sockets.on('error', (error) => logger.error('browser host socket server failed', { error }));
  sockets.on('connection', (socket) => {
    const windowId = `browser-${nextWindow++}`;
    windows.set(windowId, socket);
    // A frame over maxPayload, one that is not valid WebSocket or UTF-8: that connection ends, the host and other windows carry on.
    socket.on('error', (error) => {
      logger.warn('browser host connection closed after a bad frame', { windowId, error: error.message });
      socket.terminate();
    });
    socket.on('message', (raw) => {
      answer(socket, windowId, rawBuffer(raw)).catch((error: unknown) => {
        logger.error('browser host could not answer a message', { windowId, error });
      });
    });
    socket.on('close', () => {
      windows.delete(windowId);
      app.sessions.forget(windowId);
    });
  });

  async function answer(socket: WebSocket, windowId: string, raw: Buffer): Promise<void> {
    const message = readMessage(raw);
    if (!message) {
      logger.warn('browser host ignored a message that is not a call', { windowId, bytes: raw.length });
      return;
    }
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

/** A port this host cannot have because something else listens on it. */
export class PortInUseError extends Error {
  constructor(readonly port: number) {
    super(
      `Port ${port} on 127.0.0.1 is already in use, probably by another copy of the browser host that is still running. ` +
        `Stop that copy (Ctrl+C in its terminal), or start this one on another port: npm run start:browser -- --port ${port === 65535 ? 5181 : port + 1}`,
    );
    this.name = 'PortInUseError';
  }
}

function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const failed = (error: NodeJS.ErrnoException) => reject(error.code === 'EADDRINUSE' ? new PortInUseError(port) : error);
    server.once('error', failed);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', failed);
      resolve();
    });
  });
}

/** Everything behind the page: the data folder, settings, secrets and the app (its database). */
async function startServices(options: BrowserHostOptions): Promise<{ app: App; logger: Logger; rendererDir: string }> {
  const rendererDir = options.rendererDir ?? join(projectRoot, 'out', 'renderer');
  if (!existsSync(join(rendererDir, 'index.html'))) {
    throw new Error(`No built renderer at ${rendererDir}. Run \`npm run build\` first.`);
  }
  mkdirSync(options.dataDir, { recursive: true });
  const logger = options.logger ?? createLogger({ sink: createFileSink(join(options.dataDir, 'logs', 'kiosk.log')) });

  let machineFilePath = defaultMachineSettingsPath(process.platform);
  const machineSettings = withProvider(options.machineSettings, options.openAi);
  if (machineSettings) {
    machineFilePath = join(options.dataDir, 'machine-settings.json');
    writeFileSync(machineFilePath, JSON.stringify(machineSettings, null, 2));
  }
  const settings = new SettingsService({
    backend: new FileSettingsBackend(join(options.dataDir, 'settings.json')),
    machineFilePath,
    // A test and demo tool: IT's central policy on this machine (/etc, the registry) is not read.
    policy: null,
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
    overrides: {
      ...(options.clock ? { clock: options.clock } : {}),
      ...(options.kioskWatch ? { kioskWatch: options.kioskWatch } : {}),
      ...(options.aiResilience ? { aiResilience: options.aiResilience } : {}),
    },
  });
  return { app, logger, rendererDir };
}

function rawBuffer(raw: Buffer | ArrayBuffer | Buffer[]): Buffer {
  if (Array.isArray(raw)) return Buffer.concat(raw);
  return Buffer.isBuffer(raw) ? raw : Buffer.from(raw);
}

/**
 * A call from the socket, its input unread where possible. The bridge's own
 * form is read by its front alone; any other small JSON message is parsed
 * whole (it is no bigger than a default input); a big one in another form
 * is not a call.
 */
export function readMessage(raw: Buffer): { id: number; channel: string; input: unknown } | null {
  const head = raw.subarray(0, 160).toString('latin1');
  const canonical = CANONICAL_PREFIX.exec(head);
  if (canonical && raw[raw.length - 1] === 0x7d /* } */) {
    const prefixBytes = canonical[0].length;
    const inputBytes = raw.length - prefixBytes - 1;
    const text = raw.subarray(prefixBytes, raw.length - 1).toString('utf8');
    return { id: Number(canonical[1]), channel: canonical[2]!, input: new SerializedInput(text, inputBytes) };
  }
  if (raw.length > DEFAULT_MAX_INPUT_BYTES + ENVELOPE_BYTES) return null;
  let message: unknown;
  try {
    message = JSON.parse(raw.toString('utf8'));
  } catch {
    return null;
  }
  if (typeof message !== 'object' || message === null) return null;
  const { id, channel, input } = message as { id?: unknown; channel?: unknown; input?: unknown };
  if (typeof id !== 'number') return null;
  return { id, channel: String(channel), input };
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
