import type { NetworkAccess } from '../providers/network/network';
import type { SecretStore } from '../secrets/secret-store';
import type { SettingsService } from '../settings/settings-service';
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
  /** Tests replace the network; the product connects to `sync.endpoint` with the keychain password. */
  transport?: (endpoint: string, password: string) => SyncTransport;
  /** The proxy and CA bundle in force (src-main/providers/network); without it, direct with Node's own CAs. */
  network?: () => Promise<NetworkAccess>;
}

/**
 * How this device reaches the hosted database: the endpoint IT set in the
 * settings and the device credential in the keychain. Read afresh each
 * time, so a change takes effect on the next run without a restart.
 */
export class SyncConnection {
  constructor(private readonly deps: SyncConnectionDeps) {}

  /** Null until IT has set both the endpoint and the device credential (an unreadable keychain counts as unset). */
  async endpoint(): Promise<SyncEndpoint | null> {
    const endpoint = this.deps.settings.get().sync.endpoint.trim();
    if (endpoint === '') return null;
    const password = await this.deps.secrets.get(CREDENTIAL_SECRET).catch(() => null);
    return password ? { endpoint, password } : null;
  }

  async open(to: SyncEndpoint): Promise<SyncSession> {
    const network = this.deps.network ? await this.deps.network() : undefined;
    const transport = this.deps.transport?.(to.endpoint, to.password) ?? new PgSyncTransport({ ...to, ...(network ? { network } : {}) });
    return transport.open();
  }

  /**
   * One short connection for a single call (delivery claims, the auto-send
   * sweep, a file download). Null when sync is not configured; throws
   * SyncError when the server cannot be reached or refuses.
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
