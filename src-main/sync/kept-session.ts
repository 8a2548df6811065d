import type { SyncSession } from './sync-transport';
import { SyncError } from './sync-errors';

/**
 * One connection to the hosted database kept open between uses, so a run
 * every 30 s does not pay a TCP and TLS handshake and SCRAM each time over
 * a real round trip. There is no health check before a use (it would cost
 * a round trip per run): a connection is known dead when its socket said
 * so ('error', 'end'; TCP keepalive is on) or a call found it gone, and a
 * use whose call found it gone reconnects once and sends that call again.
 * Every device function is safe to send twice (pushes are by seq, claims
 * and reads repeat their answer), so the resend cannot apply anything
 * twice. A second loss fails the call (and the run: the scheduler's
 * backoff spaces the reconnects). The connection closes after `idleMs`
 * without a call, when revoked, and on close().
 */
export interface KeptSessionOptions {
  /** A new connection; `onLost` is called when it dies. */
  open(onLost: () => void): Promise<SyncSession>;
  idleMs: number;
}

interface Held {
  session: SyncSession;
  lost: boolean;
}

type Call = (...args: unknown[]) => Promise<unknown>;

export class KeptSession {
  private held: Promise<Held> | null = null;
  private inFlight = 0;
  private idleTimer: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(private readonly options: KeptSessionOptions) {}

  /**
   * The kept connection as a SyncSession for one use (a run, one call):
   * each call goes over the connection kept at that moment, opened when
   * there is none; close() only ends the use.
   */
  lease(): SyncSession {
    let reconnected = false;
    const attempt = async (name: string, args: unknown[]): Promise<unknown> => {
      const first = await this.acquire();
      try {
        return await this.send(first.held, name, args);
      } catch (error) {
        // A loss on a connection just opened is the network now: no point in trying again at once.
        if (!first.held.lost || !first.reused || reconnected) throw error;
        reconnected = true;
        return await this.send((await this.acquire()).held, name, args);
      }
    };
    const call = async (name: string, args: unknown[]): Promise<unknown> => {
      try {
        return await attempt(name, args);
      } catch (error) {
        // A revoked device keeps nothing open against the server.
        if (error instanceof SyncError && error.kind === 'revoked') await this.drop();
        throw error;
      }
    };
    return new Proxy({} as SyncSession, {
      get: (_target, name) => {
        if (name === 'close') return () => Promise.resolve();
        // Not a thenable: awaiting the lease must give the lease.
        if (typeof name !== 'string' || name === 'then') return undefined;
        return (...args: unknown[]) => call(name, args);
      },
    });
  }

  /** Closes the connection (if any) and refuses further use. */
  async close(): Promise<void> {
    this.closed = true;
    await this.drop();
  }

  /** The live connection (`reused`: it was open before this call), or a new one. */
  private async acquire(): Promise<{ held: Held; reused: boolean }> {
    if (this.closed) throw new SyncError('offline', 'Sync is shutting down.');
    const pending = this.held;
    const current = pending ? await pending.catch(() => null) : null;
    if (current && !current.lost) return { held: current, reused: true };
    // Only one caller replaces a dead connection; the others wait for its new one.
    let next = this.held;
    if (next === pending || next === null) {
      if (current) void current.session.close();
      next = this.held = this.connect();
    }
    return { held: await next, reused: false };
  }

  private connect(): Promise<Held> {
    const opening = (async () => {
      const held: Held = { session: null as unknown as SyncSession, lost: false };
      held.session = await this.options.open(() => {
        held.lost = true;
      });
      if (this.closed) {
        await held.session.close();
        throw new SyncError('offline', 'Sync is shutting down.');
      }
      return held;
    })();
    // A failed open leaves nothing kept: the next use tries afresh.
    opening.catch(() => {
      if (this.held === opening) this.held = null;
    });
    return opening;
  }

  private async send(held: Held, name: string, args: unknown[]): Promise<unknown> {
    this.inFlight++;
    this.stopIdleTimer();
    try {
      return await (held.session as unknown as Record<string, Call>)[name]!(...args);
    } finally {
      this.inFlight--;
      this.startIdleTimer();
    }
  }

  private async drop(): Promise<void> {
    this.stopIdleTimer();
    const held = this.held;
    this.held = null;
    const current = held ? await held.catch(() => null) : null;
    if (current) {
      current.lost = true;
      await current.session.close();
    }
  }

  private startIdleTimer(): void {
    if (this.inFlight > 0 || this.closed) return;
    this.stopIdleTimer();
    this.idleTimer = setTimeout(() => void this.drop(), this.options.idleMs);
    this.idleTimer.unref();
  }

  private stopIdleTimer(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
  }
}
