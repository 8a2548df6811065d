import type { SessionUser } from '../../shared/ipc/contract';
import { SESSION_HOURS } from '../../shared/domain/account-rules';
import type { Clock } from '../common/clock';
import type { EventSink, WindowId } from '../../shared/ipc/event-sink';

export type Principal = Omit<SessionUser, 'expiresAt' | 'endingBecause'>;

/** Told of every session that begins or ends (null), however it ends. */
export type SessionWatcher = (windowId: WindowId, user: SessionUser | null) => void;

/**
 * How a kiosk keeps one candidate's session from reaching the next person,
 * read when it applies (so a settings change takes effect at once); null
 * where it does not (a recruiter laptop).
 */
export interface KioskSessionPolicy {
  /** A candidate who does nothing in the app for this long is signed out. */
  candidateIdleMs: number;
  /** Submitting an interview signs the candidate out after this countdown. */
  afterSubmitMs: number;
}

interface Session {
  principal: Principal;
  /** The session's lifetime, from sign-in. */
  lifetimeEndsAt: number;
  /** The last call the window made that someone at the kiosk caused. */
  activeAt: number;
  /** Brought forward once the interview was submitted (kiosks). */
  submittedEndsAt: number | null;
}

/**
 * Sessions live here, in the app's core, keyed by the window that signed
 * in: the renderer never holds a token it could leak. A session ends on
 * sign-out, when its window closes, or 24 hours after it began; at a kiosk
 * a candidate's also ends after a spell of doing nothing, and a short
 * countdown after submitting, so a shared screen is never handed on
 * signed in.
 */
export class SessionStore {
  private readonly sessions = new Map<WindowId, Session>();
  private readonly watchers = new Set<SessionWatcher>();

  constructor(
    private readonly clock: Clock,
    private readonly events: EventSink,
    private readonly lifetimeMs = SESSION_HOURS * 60 * 60 * 1000,
    private readonly kioskPolicy: () => KioskSessionPolicy | null = () => null,
  ) {}

  start(windowId: WindowId, principal: Principal): SessionUser {
    const now = this.nowMs();
    const session: Session = { principal, lifetimeEndsAt: now + this.lifetimeMs, activeAt: now, submittedEndsAt: null };
    this.sessions.set(windowId, session);
    const user = this.userOf(session);
    this.events.emit(windowId, 'session.changed', { user });
    this.tell(windowId, user);
    return user;
  }

  /** The live session of a window, or null (an expired one is ended here). */
  get(windowId: WindowId): SessionUser | null {
    return this.current(windowId, false);
  }

  /** Someone at the kiosk did something through this window: as `get`, and an idle sign-out starts counting again. */
  touch(windowId: WindowId): SessionUser | null {
    return this.current(windowId, true);
  }

  /** At a kiosk, the candidate submitted their interview: the session ends after a visible countdown. Elsewhere nothing changes. */
  endSoon(windowId: WindowId): void {
    const policy = this.kioskPolicy();
    const session = this.sessions.get(windowId);
    if (!policy || !session || session.principal.kind !== 'candidate') return;
    const endsAt = this.nowMs() + policy.afterSubmitMs;
    session.submittedEndsAt = Math.min(session.submittedEndsAt ?? endsAt, endsAt);
    this.events.emit(windowId, 'session.changed', { user: this.userOf(session, policy) });
  }

  end(windowId: WindowId): void {
    if (!this.sessions.delete(windowId)) return;
    this.events.emit(windowId, 'session.changed', { user: null });
    this.tell(windowId, null);
  }

  /** Every candidate signed in on this device is signed out (a proctor ended the sitting); staff stay. */
  endCandidates(): void {
    for (const [windowId, session] of [...this.sessions]) if (session.principal.kind === 'candidate') this.end(windowId);
  }

  /** This candidate is signed out wherever they are signed in on this device (their data was erased). */
  endCandidate(candidateId: string): void {
    for (const [windowId, session] of [...this.sessions]) if (session.principal.kind === 'candidate' && session.principal.id === candidateId) this.end(windowId);
  }

  /** Whether a candidate is signed in on any window now (a lapsed session is ended here, and does not count). */
  candidateSignedIn(): boolean {
    return [...this.sessions.keys()].some((windowId) => this.get(windowId)?.kind === 'candidate');
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

  /** The window's session as it stands now, read once (an expired one is ended here); `active` moves its idle deadline on. */
  private current(windowId: WindowId, active: boolean): SessionUser | null {
    const session = this.sessions.get(windowId);
    if (!session) return null;
    const policy = this.policyFor(session);
    const now = this.nowMs();
    if (this.deadlineOf(session, policy).at <= now) {
      this.end(windowId);
      return null;
    }
    if (active) session.activeAt = now;
    return this.userOf(session, policy);
  }

  private policyFor(session: Session): KioskSessionPolicy | null {
    return session.principal.kind === 'candidate' ? this.kioskPolicy() : null;
  }

  /** The earliest of the session's deadlines, and the kiosk rule behind it when one decides. */
  private deadlineOf(session: Session, policy: KioskSessionPolicy | null): { at: number; because?: SessionUser['endingBecause'] } {
    const deadlines: Array<{ at: number; because?: SessionUser['endingBecause'] }> = [{ at: session.lifetimeEndsAt }];
    if (policy) deadlines.push({ at: session.activeAt + policy.candidateIdleMs, because: 'inactivity' });
    if (session.submittedEndsAt !== null) deadlines.push({ at: session.submittedEndsAt, because: 'interview-submitted' });
    return deadlines.reduce((earliest, deadline) => (deadline.at < earliest.at ? deadline : earliest));
  }

  /** The session as the window sees it: when it ends, and why when a kiosk rule decides. */
  private userOf(session: Session, policy: KioskSessionPolicy | null = this.policyFor(session)): SessionUser {
    const first = this.deadlineOf(session, policy);
    return { ...session.principal, expiresAt: new Date(first.at).toISOString(), ...(first.because ? { endingBecause: first.because } : {}) };
  }

  private nowMs(): number {
    return this.clock.now().getTime();
  }

  private tell(windowId: WindowId, user: SessionUser | null): void {
    for (const watcher of this.watchers) watcher(windowId, user);
  }
}
