import type { NetworkAccess } from '../providers/network/network';
import type { SecretStore } from '../secrets/secret-store';
import type { SettingsService } from '../settings/settings-service';
import { SyncError } from './sync-errors';
import { KeptSession } from './kept-session';
import { PgSyncTransport, type SyncSession, type SyncTransport } from './sync-transport';

const CREDENTIAL_SECRET = 'sync-device-credential';

/** Where the hosted database is and this device's password there. */
export interface SyncEndpoint {
  endpoint: string;
  password: string;
}

export interface SyncConnectionDeps {
  settings: SettingsService;
  secrets: SecretStore;
  /**
   * Tests replace the network; the product connects to `sync.endpoint` with
   * the keychain password. A replaced transport is opened for each use and
   * closed after it (a test's network control applies from the next run);
   * the product's connection is kept (./kept-session.ts).
   */
  transport?: (endpoint: string, password: string) => SyncTransport;
  /** The proxy and CA bundle in force (src-main/providers/network); without it, direct with Node's own CAs. */
  network?: () => Promise<NetworkAccess>;
  /** How long the kept connection stays open without a call: longer than the 30 s between runs, short enough to give the server's slot back. */
  idleMs?: number;
}

/** The kept connection and what it was opened with, to notice a change. */
interface Kept {
  /** Its endpoint and password (its opener holds them anyway, to reconnect). */
  to: SyncEndpoint;
  /** The proxy and CA bundle it was opened with: Network gives a new object when IT changes either. */
  network: NetworkAccess | undefined;
  session: KeptSession;
}

/**
 * How this device reaches the hosted database: the endpoint IT set in the
 * settings and the device credential in the keychain. Read afresh each
 * time, so a change takes effect on the next run without a restart: one
 * connection is kept open across runs and one-off calls while they and
 * the network settings (proxy, CA bundle) stay the same, and closed when
 * any of them changes or goes.
 */
export class SyncConnection {
  private kept: Kept | null = null;
  private closed = false;

  constructor(private readonly deps: SyncConnectionDeps) {}

  /** Null until IT has set both the endpoint and the device credential (an unreadable keychain counts as unset). */
  async endpoint(): Promise<SyncEndpoint | null> {
    const endpoint = this.deps.settings.get().sync.endpoint.trim();
    const password = endpoint === '' ? null : await this.deps.secrets.get(CREDENTIAL_SECRET).catch(() => null);
    if (!password) {
      this.letGo();
      return null;
    }
    return { endpoint, password };
  }

  /** A session for one use; its close() ends the use (the kept connection stays open for the next). */
  async open(to: SyncEndpoint): Promise<SyncSession> {
    if (this.deps.transport) return this.deps.transport(to.endpoint, to.password).open();
    const network = this.deps.network ? await this.deps.network() : undefined;
    if (this.closed) throw new SyncError('offline', 'Sync is shutting down.');
    let kept = this.kept;
    if (!kept || kept.to.endpoint !== to.endpoint || kept.to.password !== to.password || kept.network !== network) {
      this.letGo();
      const open = (onLost: () => void) => new PgSyncTransport({ ...to, onLost, ...(network ? { network } : {}) }).open();
      kept = this.kept = { to, network, session: new KeptSession({ open, idleMs: this.deps.idleMs ?? 3 * 60_000 }) };
    }
    return kept.session.lease();
  }

  /** The app is closing: the kept connection closes and none opens again. */
  async close(): Promise<void> {
    this.closed = true;
    const kept = this.kept;
    this.kept = null;
    await kept?.session.close();
  }

  /** The endpoint, password or network changed or went: the old connection is not the one to use any more. */
  private letGo(): void {
    const kept = this.kept;
    this.kept = null;
    void kept?.session.close();
  }

  /**
   * One call or a few (delivery claims, the auto-send sweep, a file
   * download, the fleet list), over the kept connection: pg queues calls on
   * one connection, and each device function is a single statement, so a
   * run under way and these share it. Null when sync is not configured;
   * throws SyncError when the server cannot be reached or refuses.
   */
  async withSession<T>(work: (session: SyncSession) => Promise<T>): Promise<T | null> {
    const to = await this.endpoint();
    if (!to) return null;
    const session = await this.open(to);
    try {
      return await work(session);
    } finally {
      await session.close();
    }
  }
}
