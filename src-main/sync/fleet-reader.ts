import { fleetReplySchema, fleetView, type FleetReply } from '../../shared/domain/fleet';
import type { FleetScreen } from '../../shared/ipc/fleet-channels';
import type { Clock } from '../common/clock';
import { describeSyncError, toSyncError } from './sync-errors';
import type { SyncStateStore } from './sync-state-store';
import type { SyncSession } from './sync-transport';

/** The last list read from the hosted database, for when it cannot be reached. */
const LAST_FLEET = 'fleet.last';

export interface FleetReaderDeps {
  /** SyncConnection.withSession: null when sync is not configured. */
  withSession<T>(work: (session: SyncSession) => Promise<T>): Promise<T | null>;
  state: Pick<SyncStateStore, 'getJson' | 'setJson'>;
  clock: Clock;
}

/**
 * The admin's Devices list (issue 20, point 4), read from the hosted
 * database through this device's sync connection. Offline, it answers the
 * last list it fetched, with when, and why it could not fetch a new one.
 */
export class FleetReader {
  constructor(private readonly deps: FleetReaderDeps) {}

  async read(): Promise<FleetScreen> {
    const { state, clock } = this.deps;
    let problem: string;
    try {
      const reply = await this.deps.withSession((session) => session.fleetHealth());
      if (reply !== null) {
        const fetchedAt = clock.now().toISOString();
        state.setJson(LAST_FLEET, { fetchedAt, reply });
        return { live: true, fetchedAt, problem: null, fleet: fleetView(reply) };
      }
      problem = 'This device does not sync with a hosted database, so it cannot list the fleet. IT sets the sync endpoint and credential first.';
    } catch (error) {
      const failure = toSyncError(error);
      problem = failure.kind === 'offline' ? 'Can’t reach the hosted database just now.' : describeSyncError(failure);
    }
    const cached = state.getJson<{ fetchedAt: string; reply: FleetReply }>(LAST_FLEET);
    const parsed = cached ? fleetReplySchema.safeParse(cached.reply) : null;
    if (!cached || !parsed?.success) return { live: false, fetchedAt: null, problem, fleet: null };
    return { live: false, fetchedAt: cached.fetchedAt, problem, fleet: fleetView(parsed.data) };
  }
}
