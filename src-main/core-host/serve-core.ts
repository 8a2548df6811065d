import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { fail, type Result } from '../../shared/ipc/result';
import { createApp, type App, type AppOptions } from '../app/create-app';
import { screenEventRecorder, type RecordScreenEvent } from '../app/screen-events';
import { parseToCore, type CoreInit, type FromCore, type SecretOutcome, type ToCore } from '../ipc/core-protocol';
import { createFileSink, createLogger } from '../logging/logger';
import { captureUnhandledErrors } from '../errors/capture-unhandled';
import { FileErrorReports } from '../errors/error-store';
import type { Logger } from '../logging/logger-types';
import type { SettingsService } from '../settings/settings-service';
import type { UpdateInstaller } from '../updates/installer-port';
import { openSettings } from './open-settings';
import { RemoteSecretStore, type SecretRequest } from './remote-secret-store';

/** The core's end of its channel to main (core-main.ts makes one from Electron's parentPort or Node's IPC). */
export interface HostPort {
  postMessage(message: FromCore): void;
  onMessage(listener: (message: unknown) => void): void;
  /** Main went away (Node's IPC channel closed). Electron ends utility processes itself, so there it is absent. */
  onDisconnect?(listener: () => void): void;
}

export interface ServeCoreOptions {
  port: HostPort;
  /** Ends the process. The process entry waits a moment first, so main can end it after reading the last message. */
  exit(code: number): void;
  /** Until `init` names the log folder (default stderr). */
  logger?: Logger;
  /** Tests wrap it; the core itself always uses createApp, the one composition root. */
  createApp?: (options: AppOptions) => App;
}

type CallMessage = Extract<ToCore, { type: 'call' }>;

/**
 * The app's core, served over a port: waits for `init`, builds the app with
 * createApp (as the browser host does), answers `ready` or why it could not
 * start, then serves calls through the app's dispatcher, forwards the app's
 * events, pushes the shell state main keeps a copy of (the device mode, each
 * window's session kind), records screen events and, on `close`, closes the
 * app (its database last) and says so. Its log is core.log in the logs folder:
 * written synchronously by this process, so the lines before a crash are on
 * disk, and none of it crosses to main's event loop.
 */
export function serveCore(options: ServeCoreOptions): void {
  const { port } = options;
  let logger = options.logger ?? createLogger();
  let closeLog = (): void => {};
  let state: 'waiting' | 'starting' | 'serving' | 'closed' = 'waiting';
  let app: App | null = null;
  let openedSettings: SettingsService | null = null;
  let recordScreenEvent: RecordScreenEvent = () => {};
  const secretReplies = new Map<number, (outcome: SecretOutcome) => void>();
  let nextSecretId = 1;

  const post = (message: FromCore): void => {
    try {
      port.postMessage(message);
    } catch (error) {
      logger.error('a message to main could not be sent', { type: message.type, error });
      if (message.type === 'result') post({ type: 'result', id: message.id, result: internalFailure(logger, error) });
    }
  };

  // The core decides and verifies; Electron's main process installs (src-main/shell/auto-update.ts).
  const updateInstaller: UpdateInstaller = {
    prepare: (update) => post({ type: 'update', action: 'prepare', update }),
    installNow: (update) => post({ type: 'update', action: 'install-now', update }),
    installOnQuit: (update) => post({ type: 'update', action: 'install-on-quit', update }),
  };

  const askMain = (request: SecretRequest): Promise<SecretOutcome> =>
    new Promise((resolve) => {
      const id = nextSecretId++;
      secretReplies.set(id, resolve);
      post({ ...request, id });
    });

  port.onMessage((raw) => {
    const parsed = parseToCore(raw);
    if (!parsed.ok) {
      logger.warn('a message from main was refused', { problem: parsed.problem });
      // Main waits for 'ready' or a reason; an init it cannot use must not leave it waiting.
      if (state === 'waiting') refuseToStart(`The app’s background service was started with settings it cannot use: ${parsed.problem}.`);
      return;
    }
    const message = parsed.message;
    switch (message.type) {
      case 'init':
        return void start(message.init);
      case 'call':
        return void call(message);
      case 'secret-reply': {
        const resolve = secretReplies.get(message.id);
        if (!resolve) return logger.warn('a secret reply came for no request', { id: message.id });
        secretReplies.delete(message.id);
        return resolve(message.outcome);
      }
      case 'forget-window':
        return app?.sessions.forget(message.windowId);
      case 'screen-event':
        return recordScreenEvent(message.windowId, message.kind, message.details);
      case 'shell-facts':
        return app?.reportShellFacts(message.facts);
      case 'update-result':
        return app?.reportUpdate(message.report);
      case 'close':
        return close(0);
    }
  });
  port.onDisconnect?.(() => {
    logger.warn('main went away; the core closes');
    close(0);
  });

  async function start(init: CoreInit): Promise<void> {
    if (state !== 'waiting') return logger.warn('a second init was ignored');
    state = 'starting';
    const sink = createFileSink(join(init.logsDir, 'core.log'));
    closeLog = () => sink.close();
    logger = createLogger({ level: init.logLevel ?? 'info', sink });
    // Issue 20, point 6: an error that ends the core is kept, redacted, for the fleet report (and IT's collector).
    captureUnhandledErrors(process, { reports: new FileErrorReports(join(init.dataDir, 'errors')), source: 'core', appVersion: init.version });
    let settings: SettingsService;
    let built: App;
    try {
      settings = await openSettings(init.settings, logger);
      openedSettings = settings;
      built = (options.createApp ?? createApp)({
        dataDir: init.dataDir,
        logsDir: init.logsDir,
        migrationsDir: init.migrationsDir,
        resourcesDir: init.resourcesDir,
        ...(init.crashDumpsDir ? { crashDumpsDir: init.crashDumpsDir } : {}),
        settings,
        secrets: new RemoteSecretStore(init.secrets.backend, init.secrets.problem, askMain),
        logger,
        version: init.version,
        updateInstaller,
        ...(init.overrides ? { overrides: init.overrides } : {}),
      });
    } catch (error) {
      // Start-up errors (damaged database, failed migration, bad IT settings) say what to do; main shows them.
      logger.error('start-up failed', { error });
      return refuseToStart(error instanceof Error ? error.message : String(error));
    }
    // Main asked to close while the app was being built.
    if (state !== 'starting') return built.close();
    app = built;
    serve(built, settings);
    state = 'serving';
    logger.info('core ready', { pid: process.pid });
    post({ type: 'ready', mode: settings.get().mode });
  }

  function serve(built: App, settings: SettingsService): void {
    built.events.subscribe((windowId, name, payload) => post({ type: 'event', windowId, name, payload }));
    built.sessions.watch((windowId, user) => post({ type: 'session', windowId, kind: user?.kind ?? null, expiresAt: user?.expiresAt ?? null }));
    let mode = settings.get().mode;
    settings.onChange((view) => {
      if (view.settings.mode === mode) return;
      mode = view.settings.mode;
      post({ type: 'mode', mode });
    });
    recordScreenEvent = screenEventRecorder(built, logger);
  }

  async function call({ id, channel, input, caller }: CallMessage): Promise<void> {
    if (!app || state !== 'serving') {
      return post({ type: 'result', id, result: fail('unavailable', 'The app is not ready. Wait a moment and try again.') });
    }
    let result: Result<unknown>;
    try {
      result = await app.dispatch(channel, input, caller);
    } catch (error) {
      // The dispatcher answers every handler error itself; this is for a fault in it.
      result = internalFailure(logger, error);
    }
    // Closed meanwhile: main has already answered this call.
    if (state === 'serving') post({ type: 'result', id, result });
  }

  function refuseToStart(message: string): void {
    closeLog();
    state = 'closed';
    post({ type: 'start-failed', message: clip(message) });
    options.exit(1);
  }

  function close(code: number): void {
    if (state === 'closed') return;
    const was = state;
    state = 'closed';
    if (app) {
      try {
        app.close();
      } catch (error) {
        logger.error('the app did not close cleanly', { error });
      }
    }
    // The policy watch's timer and folder watch.
    openedSettings?.close();
    logger.info('core closed', { was });
    closeLog();
    post({ type: 'closed' });
    options.exit(code);
  }
}

function internalFailure(logger: Logger, error: unknown): Result<never> {
  const reference = randomUUID().slice(0, 8);
  logger.error('a call failed in the core', { reference, error });
  return fail('internal', `Something went wrong in the app (reference ${reference}). Try again; if it keeps happening, tell IT the reference.`);
}

function clip(text: string): string {
  const line = text.trim() || 'The app could not start.';
  return line.length > 4000 ? `${line.slice(0, 3999)}…` : line;
}
