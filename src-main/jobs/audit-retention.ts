import type { Clock } from '../common/clock';
import type { AppTransaction } from '../db/open-database';
import type { Logger } from '../logging/logger-types';
import type { AuditRepository } from '../repositories/audit-repository';
import type { JobRepository } from '../repositories/job-repository';
import type { JobHandler } from './job-runner';

export const AUDIT_PRUNE_JOB_KIND = 'audit.prune';
const DAY_MS = 24 * 60 * 60 * 1000;
/** Once a day is plenty: entries are kept for months, so a prune a day late keeps nothing it must not. */
const PRUNE_INTERVAL_MS = DAY_MS;

export interface AuditRetentionDeps {
  audit: AuditRepository;
  jobs: JobRepository;
  /** Read at each run, so IT's change of `audit.retentionDays` applies from the next prune. */
  retentionDays: () => number;
  clock: Clock;
  logger: Logger;
}

/**
 * Keeps this device's audit trail for the configured period (at least six
 * months, settings.ts refuses less): a recurring job removes older entries
 * and, in the same commit as the job's end, leaves the anchor entry that
 * lets `audit verify` check the rest of the chain from there. Copies of
 * other devices' entries go once those devices' anchors arrive by sync.
 */
export class AuditRetention {
  constructor(private readonly deps: AuditRetentionDeps) {}

  jobHandlers(): Record<string, JobHandler> {
    return { [AUDIT_PRUNE_JOB_KIND]: { run: () => Promise.resolve(this.run()) } };
  }

  schedule(): void {
    this.deps.jobs.ensureRecurring(AUDIT_PRUNE_JOB_KIND, AUDIT_PRUNE_JOB_KIND, 3);
  }

  private run() {
    const now = this.deps.clock.now().getTime();
    const days = this.deps.retentionDays();
    const cutoff = new Date(now - days * DAY_MS).toISOString();
    return {
      commit: (tx: AppTransaction) => {
        const anchor = this.deps.audit.prune(cutoff, tx);
        if (anchor) this.deps.logger.info('audit trail pruned', { removed: anchor.removed, throughSequence: anchor.throughSequence, retentionDays: days });
        const copies = this.deps.audit.forgetPrunedElsewhere(tx);
        if (copies > 0) this.deps.logger.info("copies of other devices' pruned audit entries removed", { removed: copies });
      },
      rescheduleAt: new Date(now + PRUNE_INTERVAL_MS).toISOString(),
    };
  }
}
