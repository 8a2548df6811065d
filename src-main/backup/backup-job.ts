import type { Clock } from '../common/clock';
import type { JobHandler } from '../jobs/job-runner';
import type { Logger } from '../logging/logger-types';
import type { JobRepository } from '../repositories/job-repository';
import { listBackups } from '../db/backup-files';
import type { BackupMaker, BackupPolicy } from './make-backup';

export const BACKUP_JOB_KIND = 'backup.make';
const HOUR_MS = 60 * 60 * 1000;
/** An interview in progress, or a failed backup: look again this soon rather than a whole interval later. */
const RETRY_MS = 15 * 60 * 1000;
/** A device with no backup yet makes its first this long after the app starts, not in the middle of starting. */
export const FIRST_BACKUP_DELAY_MS = 10 * 60 * 1000;

export interface BackupScheduleDeps {
  maker: Pick<BackupMaker, 'make'>;
  jobs: Pick<JobRepository, 'ensureRecurring'>;
  /** `<dataDir>/backups`: the newest backup there says when the next is due, across restarts. */
  dir: string;
  /** Read at each run, so IT's change applies from the next one. */
  policy: () => BackupPolicy;
  /** True while an interview is in progress here: the copy and its check read the whole file, and a candidate's turn must not wait on that. */
  busy?: () => boolean;
  clock: Clock;
  logger: Logger;
}

/**
 * The device's rotating backups as a recurring job: each run makes one
 * when the newest is an interval old (or there is none), so a restart
 * neither skips one nor makes an extra one, and sets its next run.
 */
export class BackupSchedule {
  private readonly startedAt: number;

  constructor(private readonly deps: BackupScheduleDeps) {
    this.startedAt = deps.clock.now().getTime();
  }

  schedule(): void {
    this.deps.jobs.ensureRecurring(BACKUP_JOB_KIND, BACKUP_JOB_KIND, 3);
  }

  jobHandlers(): Record<string, JobHandler> {
    return {
      [BACKUP_JOB_KIND]: {
        run: async () => ({ rescheduleAt: new Date(await this.runDue()).toISOString() }),
      },
    };
  }

  /** Makes a backup when one is due; when to look next (ms since the epoch). */
  async runDue(): Promise<number> {
    const { deps } = this;
    const policy = deps.policy();
    const now = deps.clock.now().getTime();
    const intervalMs = policy.intervalHours * HOUR_MS;
    // A backup dated ahead of the clock (made before the clock was set back) says nothing of when the last one was made.
    const newest = listBackups(deps.dir).find((file) => file.madeAt.getTime() <= now);
    const due = newest ? newest.madeAt.getTime() + intervalMs : Math.max(now, this.startedAt + FIRST_BACKUP_DELAY_MS);
    if (due > now) return due;
    if (deps.busy?.()) return now + RETRY_MS;
    const outcome = await deps.maker.make(policy);
    return outcome.ok ? now + intervalMs : now + Math.min(RETRY_MS * 4, intervalMs);
  }
}
