import type { AppMode } from '../../shared/domain/settings';
import { inputByteLimit } from '../../shared/ipc/channel';
import { channels } from '../../shared/ipc/contract';
import { fail } from '../../shared/ipc/result';
import type { ScreenEventDetails, ScreenEventKind } from '../interview/integrity-event-intake';
import type { Logger } from '../logging/logger-types';
import type { SecretStore } from '../secrets/secret-store';
import type { ShellFacts } from '../self-check/shell-checks';
import { CoreConnection, type CorePort, type SessionState } from './core-connection';
import type { CoreInit, UpdateAction } from './core-protocol';
import type { InstallerReport, VerifiedUpdate } from '../updates/installer-port';
import { boundedJsonSize, type Dispatch } from './dispatcher';
import type { EventListener } from './event-hub';

export { CoreStartError, type CorePort } from './core-connection';

/** Notes what main saw happen to a window's screen; never throws (it runs inside Electron's event handlers). */
export type RecordScreenEvent = (windowId: string, kind: ScreenEventKind, details?: ScreenEventDetails) => void;

export interface CoreClientOptions {
  /** Starts one core process and returns its port; called again for each restart. */
  spawn(): CorePort;
  init: CoreInit;
  /** Main's secret store: the core asks it for each secret it needs. */
  secrets: SecretStore;
  logger: Logger;
  /** A core that stopped by itself is running again: the shell reloads its windows (their sessions died with it). */
  onRestarted?(): void;
  /** It stopped too often, or could not start again: the shell says so and exits. */
  onGaveUp?(message: string): void;
  /** A window's session began or ended, by the core's word (a core that stops ends them all). */
  onSessionsChanged?(): void;
  /** The core verified an update and asks the shell's installer to fetch or install it (issue 20, point 3). */
  onUpdate?(action: UpdateAction, update: VerifiedUpdate): void;
  /** More unexpected stops than this within `restartWindowMs` and it is not started again. Default 3 a minute. */
  maxRestarts?: number;
  restartWindowMs?: number;
  /** How long close() waits for the core to close its database before ending it. Default 5 s. */
  closeTimeoutMs?: number;
  now?: () => number;
}

/** What the Electron shell used to take from an in-process App, over a port instead. */
export interface CoreClient {
  /** Starts the core and waits until it is ready; rejects with CoreStartError, whose message is for a person. */
  start(): Promise<void>;
  dispatch: Dispatch;
  events: { subscribe(listener: EventListener): () => void };
  /** The device mode, from the core's last word (the strictest, 'kiosk', until it has spoken). */
  mode(): AppMode;
  /** Whether the window has a live staff session, from the core's last word. */
  isStaffWindow(windowId: string): boolean;
  /** The windows a candidate is signed in on, from the core's last word (the core ends sessions when they lapse). */
  candidateWindows(): string[];
  forgetWindow(windowId: string): void;
  recordScreenEvent: RecordScreenEvent;
  /** What only the shell knows, for the self-check; kept, and told again to a core started again. */
  reportShellFacts(facts: ShellFacts): void;
  /** How an update the core handed over went (the shell's installer says); a core that is not there does not hear it. */
  reportUpdate(report: InstallerReport): void;
  /** Closes the core (it flushes and closes SQLite); ends it after a timeout. */
  close(): Promise<void>;
}

const RESTARTING_MESSAGE = 'The app’s background service is restarting. Wait a moment and try again.';
/**
 * No channel takes more than this. Bigger inputs are refused here, so main
 * never copies one to the core only to have it refused there; it says no
 * more than the contract does (every channel's limit is public in it).
 */
export const MAX_CALL_INPUT_BYTES = Math.max(...Object.values(channels).map((spec) => inputByteLimit(spec)));

/**
 * Main's handle on the core, kept across restarts: the shell subscribes and
 * registers its IPC handler once. Synchronous questions (the mode, whether a
 * window is staff's) are answered from state the core pushes, so main never
 * waits on the core inside an Electron event handler. A core that stops on
 * its own is started again, at most `maxRestarts` times a minute.
 */
export function createCoreClient(options: CoreClientOptions): CoreClient {
  const { logger } = options;
  const now = options.now ?? Date.now;
  const maxRestarts = options.maxRestarts ?? 3;
  const restartWindowMs = options.restartWindowMs ?? 60_000;
  const closeTimeoutMs = options.closeTimeoutMs ?? 5_000;
  const listeners = new Set<EventListener>();
  const sessions = new Map<string, SessionState>();
  const restarts: number[] = [];
  let mode: AppMode = 'kiosk';
  let shellFacts: ShellFacts | null = null;
  let connection: CoreConnection | null = null;
  let closing: Promise<void> | null = null;

  const connect = (): CoreConnection => {
    const opened: CoreConnection = new CoreConnection(options.spawn(), options.init, options.secrets, logger, {
      event(windowId, name, payload) {
        for (const listener of listeners) {
          try {
            listener(windowId, name, payload);
          } catch (error) {
            logger.error('an event listener failed', { event: name, error });
          }
        }
      },
      mode(next) {
        mode = next;
      },
      session(windowId, state) {
        if (state) sessions.set(windowId, state);
        else sessions.delete(windowId);
        options.onSessionsChanged?.();
      },
      update(action, update) {
        if (!options.onUpdate) return void logger.warn('the core asked for an update to be installed, but this shell has no installer', { action, version: update.version });
        try {
          options.onUpdate(action, update);
        } catch (error) {
          logger.error('the update could not be handed to the installer', { action, version: update.version, error });
        }
      },
      lost: (code) => void restart(code),
    });
    connection = opened;
    return opened;
  };

  const giveUp = (message: string): void => {
    logger.error('the core is not started again', { message });
    options.onGaveUp?.(message);
  };

  /** A core that has just become ready hears the shell's facts from before it was there. */
  const retell = (): void => {
    if (shellFacts) connection?.send({ type: 'shell-facts', facts: shellFacts });
  };

  async function restart(code: number | null): Promise<void> {
    // Its sessions lived in the process that ended.
    sessions.clear();
    options.onSessionsChanged?.();
    logger.error('the core stopped unexpectedly', { code });
    if (closing) return;
    const at = now();
    while (restarts.length > 0 && at - restarts[0]! > restartWindowMs) restarts.shift();
    if (restarts.length >= maxRestarts) {
      return giveUp(`The app’s background service stopped ${restarts.length + 1} times in a short while, so it was not started again. Start the app again; if it keeps happening, tell IT (the details are in core.log in the app’s logs folder).`);
    }
    restarts.push(at);
    try {
      await connect().ready;
    } catch (error) {
      // A close while it was starting ended it on purpose.
      if (closing) return;
      return giveUp(error instanceof Error ? error.message : String(error));
    }
    if (closing) return;
    retell();
    logger.warn('the core was started again', { restarts: restarts.length });
    options.onRestarted?.();
  }

  return {
    async start() {
      if (connection) throw new Error('the core was already started');
      await connect().ready;
      retell();
    },
    dispatch(channel, input, caller) {
      // Between a core's end and its successor's `ready`, nothing can answer; the page says to try again.
      if (!connection || (!connection.isReady && !closing)) return Promise.resolve(fail('unavailable', RESTARTING_MESSAGE));
      if (boundedJsonSize(input, MAX_CALL_INPUT_BYTES) > MAX_CALL_INPUT_BYTES) {
        logger.warn('ipc call refused in main: input larger than any channel takes', { limit: MAX_CALL_INPUT_BYTES });
        return Promise.resolve(fail('too_large', `The request is too large: no action of the app takes more than ${MAX_CALL_INPUT_BYTES} bytes.`));
      }
      return connection.dispatch(channel, input, caller);
    },
    events: {
      subscribe(listener) {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
    },
    mode: () => mode,
    isStaffWindow(windowId) {
      const state = sessions.get(windowId);
      if (state?.kind !== 'staff') return false;
      return state.expiresAt === null || Date.parse(state.expiresAt) > now();
    },
    candidateWindows: () => [...sessions].filter(([, state]) => state.kind === 'candidate').map(([windowId]) => windowId),
    forgetWindow(windowId) {
      sessions.delete(windowId);
      options.onSessionsChanged?.();
      connection?.send({ type: 'forget-window', windowId });
    },
    recordScreenEvent(windowId, kind, details) {
      connection?.send(details ? { type: 'screen-event', windowId, kind, details } : { type: 'screen-event', windowId, kind });
    },
    reportShellFacts(facts) {
      shellFacts = facts;
      connection?.send({ type: 'shell-facts', facts });
    },
    reportUpdate(report) {
      connection?.send({ type: 'update-result', report });
    },
    close() {
      closing ??= connection ? connection.close(closeTimeoutMs) : Promise.resolve();
      return closing;
    },
  };
}
