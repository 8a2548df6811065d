import type { AppMode } from '../../shared/domain/settings';
import type { EventName } from '../../shared/ipc/contract';
import { fail, type Result } from '../../shared/ipc/result';
import type { Logger } from '../logging/logger-types';
import { describeCause, SecretStoreError, type SecretStore } from '../secrets/secret-store';
import { parseFromCore, type CoreInit, type FromCore, type SecretOutcome, type ToCore, type UpdateAction } from './core-protocol';
import type { VerifiedUpdate } from '../updates/installer-port';
import type { Caller } from './handler-types';

/**
 * The one thing main needs of a core process, whatever started it: Electron's
 * utilityProcess (src-main/shell/core-process.ts) or Node's child_process
 * (node-core-port.ts, for tests and benchmarks).
 */
export interface CorePort {
  postMessage(message: ToCore): void;
  onMessage(listener: (message: unknown) => void): void;
  /** The process ended; `code` is its exit code when it has one. */
  onExit(listener: (code: number | null) => void): void;
  /** Ends the process at once (a close that took too long). */
  kill(): void;
}

/** The core could not start; the message is for a person (shown in the start-up dialog). */
export class CoreStartError extends Error {
  override readonly name = 'CoreStartError';
}

export interface SessionState {
  kind: 'candidate' | 'staff';
  expiresAt: string | null;
}

/** What a connection reports to the client that owns it. */
export interface ConnectionEvents {
  event(windowId: string, name: EventName, payload: unknown): void;
  mode(mode: AppMode): void;
  session(windowId: string, state: SessionState | null): void;
  /** The core asks the shell to fetch or install an update it verified. */
  update(action: UpdateAction, update: VerifiedUpdate): void;
  /** The process ended while it was serving, without being asked to. */
  lost(code: number | null): void;
}

export const LOST_MESSAGE = 'The app’s background service stopped before it answered. Wait a moment and try again.';
export const CLOSING_MESSAGE = 'The app is closing.';
/** How long a killed core gets to be reaped before close() stops waiting for it. */
const KILL_GRACE_MS = 2_000;

type State = 'starting' | 'ready' | 'closing' | 'gone';

/**
 * Main's side of one core process: sends it `init`, waits for `ready` (or
 * the reason it could not start), carries calls and their results, answers
 * the core's secret requests from main's store, and passes on events and
 * shell state. A call still waiting when the process ends is answered with
 * a failure saying to try again: nothing waits for a process that is gone.
 */
export class CoreConnection {
  /** Resolves with the device mode once the core is ready; rejects with CoreStartError. */
  readonly ready: Promise<AppMode>;
  private readonly exited: Promise<void>;
  private state: State = 'starting';
  private closeRequested = false;
  private readonly pending = new Map<number, (result: Result<unknown>) => void>();
  private nextId = 1;
  private settleReady: { resolve(mode: AppMode): void; reject(error: CoreStartError): void } | null = null;

  constructor(
    private readonly port: CorePort,
    init: CoreInit,
    private readonly secrets: SecretStore,
    private readonly logger: Logger,
    private readonly report: ConnectionEvents,
  ) {
    this.ready = new Promise((resolve, reject) => (this.settleReady = { resolve, reject }));
    // A start-up failure is also answered by the caller of `ready`; this keeps an unawaited one from being "unhandled".
    this.ready.catch(() => {});
    let markExited = () => {};
    this.exited = new Promise((resolve) => (markExited = resolve));
    port.onMessage((raw) => this.receive(raw));
    port.onExit((code) => {
      this.ended(code);
      markExited();
    });
    this.post({ type: 'init', init });
  }

  get isReady(): boolean {
    return this.state === 'ready';
  }

  dispatch(channel: unknown, input: unknown, caller: Caller): Promise<Result<unknown>> {
    if (this.closeRequested) return Promise.resolve(fail('unavailable', CLOSING_MESSAGE));
    if (this.state === 'gone') return Promise.resolve(fail('unavailable', LOST_MESSAGE));
    if (this.state !== 'ready') return Promise.resolve(fail('unavailable', 'The app is still starting. Wait a moment and try again.'));
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      if (!this.post({ type: 'call', id, channel, input, caller })) {
        this.pending.delete(id);
        resolve(fail('invalid_input', 'The request could not be passed on to the app. Try again.'));
      }
    });
  }

  /** Fire and forget: the window is gone, a screen event happened, the shell's facts changed, or an update's install went one way or another; nothing to answer. */
  send(message: Extract<ToCore, { type: 'forget-window' | 'screen-event' | 'shell-facts' | 'update-result' }>): void {
    if (this.state === 'ready') this.post(message);
  }

  /**
   * Asks the core to close (it stops its work, flushes and closes SQLite,
   * then exits) and waits for it to end; after `timeoutMs` it is killed.
   */
  async close(timeoutMs: number): Promise<void> {
    this.closeRequested = true;
    if (this.state === 'gone') return;
    const wasStarting = this.state === 'starting';
    this.state = 'closing';
    this.failPending(CLOSING_MESSAGE);
    if (!wasStarting) this.post({ type: 'close' });
    if (wasStarting || !(await this.endsWithin(timeoutMs))) {
      if (!wasStarting) this.logger.warn('the core did not close in time; ending it', { timeoutMs });
      this.port.kill();
      if (!(await this.endsWithin(KILL_GRACE_MS))) this.logger.error('the core did not end after it was killed');
    }
  }

  private endsWithin(ms: number): Promise<boolean> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
    return Promise.race([this.exited.then(() => true), timeout]).finally(() => clearTimeout(timer));
  }

  private receive(raw: unknown): void {
    const parsed = parseFromCore(raw);
    if (!parsed.ok) {
      this.logger.warn('a message from the core was refused', { problem: parsed.problem });
      return;
    }
    const message = parsed.message;
    switch (message.type) {
      case 'ready':
        if (this.state !== 'starting') return;
        this.state = 'ready';
        this.report.mode(message.mode);
        this.settleReady?.resolve(message.mode);
        return;
      case 'start-failed':
        if (this.state === 'starting') this.settleReady?.reject(new CoreStartError(message.message));
        // Its log is closed and it has nothing left to do; it would exit by itself a moment later.
        this.port.kill();
        return;
      case 'result':
        return this.settle(message.id, message.result as Result<unknown>);
      case 'event':
        return this.report.event(message.windowId, message.name, message.payload);
      case 'mode':
        return this.report.mode(message.mode);
      case 'session':
        return this.report.session(message.windowId, message.kind ? { kind: message.kind, expiresAt: message.expiresAt } : null);
      case 'update':
        return this.report.update(message.action, message.update);
      case 'closed':
        this.logger.info('the core closed its database');
        this.port.kill();
        return;
      default:
        void this.answerSecret(message);
    }
  }

  private settle(id: number, result: Result<unknown>): void {
    const resolve = this.pending.get(id);
    if (!resolve) return void this.logger.warn('a result came for no waiting call', { id });
    this.pending.delete(id);
    resolve(result);
  }

  /** The secret itself goes only to the core that asked, in the reply; it is never logged. */
  private async answerSecret(request: Extract<FromCore, { type: 'secret-get' | 'secret-set' | 'secret-delete' }>): Promise<void> {
    let outcome: SecretOutcome;
    try {
      if (request.type === 'secret-get') outcome = { ok: true, value: await this.secrets.get(request.name) };
      else if (request.type === 'secret-set') {
        await this.secrets.set(request.name, request.value);
        outcome = { ok: true, value: null };
      } else outcome = { ok: true, value: await this.secrets.delete(request.name) };
    } catch (error) {
      outcome = secretFailure(error, request.type === 'secret-set' ? request.value : undefined);
      this.logger.warn('a secret request from the core failed', { name: request.name, request: request.type, code: outcome.code });
    }
    if (this.state === 'ready' || this.state === 'starting') this.post({ type: 'secret-reply', id: request.id, outcome });
  }

  private ended(code: number | null): void {
    const before = this.state;
    this.state = 'gone';
    this.failPending(LOST_MESSAGE);
    if (before === 'starting') {
      this.settleReady?.reject(new CoreStartError(`The app’s background service stopped while starting (exit code ${code ?? 'unknown'}). Start the app again; if it keeps happening, tell IT (the details are in core.log in the app’s logs folder).`));
    } else if (before === 'ready') {
      this.report.lost(code);
    }
  }

  private failPending(message: string): void {
    for (const resolve of this.pending.values()) resolve(fail('unavailable', message));
    this.pending.clear();
  }

  /** False when the message could not be sent (the process is gone, or the value cannot be cloned). */
  private post(message: ToCore): boolean {
    try {
      this.port.postMessage(message);
      return true;
    } catch (error) {
      // Never the message itself: it may hold a secret.
      this.logger.warn('a message to the core could not be sent', { type: message.type, error: error instanceof Error ? error.name : 'error' });
      return false;
    }
  }
}

function secretFailure(error: unknown, value: string | undefined): Extract<SecretOutcome, { ok: false }> {
  const clip = (text: string) => (text.length > 4000 ? `${text.slice(0, 3999)}…` : text);
  if (error instanceof SecretStoreError) return { ok: false, code: error.code, message: clip(error.message), reason: clip(error.reason) };
  const reason = describeCause(error, value);
  return { ok: false, code: 'unavailable', message: `The secret store failed (${reason}).`, reason };
}
