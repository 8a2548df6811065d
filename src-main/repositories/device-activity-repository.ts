import type { AppDatabase } from '../db/open-database';

/**
 * What the fleet health report (issue 20, point 4) reads from this device's
 * database beyond the sync and job queues: how far its schema is migrated
 * and when an interview last started. Counts and times only.
 */
export class DeviceActivityRepository {
  constructor(private readonly store: AppDatabase) {}

  /** SQLite migrations applied (drizzle's journal table): the local schema version. */
  localSchemaVersion(): number {
    const row = this.store.sqlite.prepare('SELECT count(*) AS n FROM __drizzle_migrations').get() as { n: number };
    return row.n;
  }

  /**
   * When the newest interview in this database started. On a kiosk, its own
   * interviews; a laptop holds the organisation's, so there it is the
   * fleet's latest, which the report says nothing more about.
   */
  lastInterviewAt(): string | null {
    const row = this.store.sqlite.prepare('SELECT max(started_at) AS at FROM interviews WHERE started_at IS NOT NULL AND deleted_at IS NULL').get() as {
      at: string | null;
    };
    return row.at;
  }

  /** Background jobs queued or running, of every kind: the device's work still waiting. */
  unfinishedJobs(): number {
    const row = this.store.sqlite.prepare("SELECT count(*) AS n FROM jobs WHERE status IN ('queued', 'running')").get() as { n: number };
    return row.n;
  }
}
