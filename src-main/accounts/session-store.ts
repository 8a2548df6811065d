import type { SessionUser } from '../../shared/ipc/contract';
import { SESSION_HOURS } from '../../shared/domain/account-rules';
import type { Clock } from '../common/clock';
import type { EventSink, WindowId } from '../../shared/ipc/event-sink';

export type Principal = Omit<SessionUser, 'expiresAt'>;

/** Told of every session that begins or ends (null), however it ends. */
export type SessionWatcher = (windowId: WindowId, user: SessionUser | null) => void;

/**
 * Sessions live here, in the app's core, keyed by the window that signed
 * in: the renderer never holds a token it could leak. A session ends on
 * sign-out, when its window closes, or 24 hours after it began.
 */
export class SessionStore {
  private readonly sessions = new Map<WindowId, SessionUser>();
  private readonly watchers = new Set<SessionWatcher>();

  constructor(
    private readonly clock: Clock,
    private readonly events: EventSink,
    private readonly lifetimeMs = SESSION_HOURS * 60 * 60 * 1000,
  ) {}

  start(windowId: WindowId, principal: Principal): SessionUser {
    const expiresAt = new Date(this.clock.now().getTime() + this.lifetimeMs).toISOString();
    const user: SessionUser = { ...principal, expiresAt };
    this.sessions.set(windowId, user);
    this.events.emit(windowId, 'session.changed', { user });
    this.tell(windowId, user);
    return user;
  }

  /** The live session of a window, or null (an expired one is ended here). */
  get(windowId: WindowId): SessionUser | null {
    const user = this.sessions.get(windowId);
    if (!user) return null;
    if (Date.parse(user.expiresAt) <= this.clock.now().getTime()) {
      this.end(windowId);
      return null;
    }
    return user;
  }

  end(windowId: WindowId): void {
    if (!this.sessions.delete(windowId)) return;
    this.events.emit(windowId, 'session.changed', { user: null });
    this.tell(windowId, null);
  }

  /** The window is gone: nobody is left to tell. */
  forget(windowId: WindowId): void {
    if (this.sessions.delete(windowId)) this.tell(windowId, null);
  }

  /**
   * Watches sessions begin and end. The Electron shell keeps a copy of each
   * window's session kind from this (src-main/core-host), to answer its
   * synchronous questions (may this window download?) without asking.
   */
  watch(watcher: SessionWatcher): () => void {
    this.watchers.add(watcher);
    return () => this.watchers.delete(watcher);
  }

  /** Ends every expired session so open windows return to sign-in on time. */
  sweep(): void {
    for (const windowId of [...this.sessions.keys()]) this.get(windowId);
  }

  private tell(windowId: WindowId, user: SessionUser | null): void {
    for (const watcher of this.watchers) watcher(windowId, user);
  }
}
