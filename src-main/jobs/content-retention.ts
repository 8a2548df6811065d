import { dataKinds, type DataKind } from '../../shared/domain/erasure';
import type { RetentionSettings } from '../../shared/domain/settings';
import type { Clock } from '../common/clock';
import type { ContentStore } from '../files/content-store';
import type { Logger } from '../logging/logger-types';
import type { ContentExpiryRepository } from '../repositories/content-expiry-repository';
import type { JobRepository } from '../repositories/job-repository';
import type { JobHandler } from './job-runner';
import type { OrphanFileCleanup } from './orphan-file-cleanup';

export const RETENTION_JOB_KIND = 'retention.expire';
const DAY_MS = 24 * 60 * 60 * 1000;

const settingOf: Record<DataKind, keyof RetentionSettings> = {
  recordings: 'recordingsDays',
  transcripts: 'transcriptsDays',
  resumes: 'resumesDays',
  assessments: 'assessmentsDays',
};

export interface ContentRetentionDeps {
  expiry: Pick<ContentExpiryRepository, 'expire' | 'pendingFiles' | 'keepPendingFiles' | 'checkpoint'>;
  jobs: Pick<JobRepository, 'ensureRecurring'>;
  store: Pick<ContentStore, 'remove'>;
  /** Read at each run, so IT's change applies from the next one. */
  settings: () => RetentionSettings;
  clock: Clock;
  logger: Logger;
  /** Files no row names, deleted on the same daily round (and at start-up, when the job first runs). */
  orphans?: Pick<OrphanFileCleanup, 'run'>;
}

/**
 * IT's retention per kind (issue 18, point 4): once a day, each kind with a
 * period set is emptied where older (content-expiry.ts says what each kind
 * takes and what stays), with the same file handling as an erasure: rows in
 * one transaction, then the files, a delete that fails tried again at the
 * next run. What was removed is logged as counts, never content.
 */
export class ContentRetention {
  constructor(private readonly deps: ContentRetentionDeps) {}

  jobHandlers(): Record<string, JobHandler> {
    return {
      [RETENTION_JOB_KIND]: {
        run: async (_job, _payload, signal) => {
          await this.runNow();
          await this.cleanOrphans(signal);
          return { rescheduleAt: new Date(this.deps.clock.now().getTime() + DAY_MS).toISOString() };
        },
      },
    };
  }

  schedule(): void {
    this.deps.jobs.ensureRecurring(RETENTION_JOB_KIND, RETENTION_JOB_KIND, 3);
  }

  /** A failure here must not hold up retention: it is logged, and tomorrow's round tries again. */
  private async cleanOrphans(signal: AbortSignal): Promise<void> {
    try {
      await this.deps.orphans?.run(signal);
    } catch (error) {
      // The code only: a file system message names the file's path.
      const code = (error as NodeJS.ErrnoException).code ?? (error instanceof Error ? error.name : 'unknown');
      this.deps.logger.warn('files no row names could not be cleaned up; tried again at the next round', { error: code });
    }
  }

  /** Empties what is past its period now; the counts per kind (only kinds with a period set). */
  async runNow(): Promise<Partial<Record<DataKind, number>>> {
    const settings = this.deps.settings();
    const now = this.deps.clock.now().getTime();
    const cutoffs = dataKinds.flatMap((kind) => {
      const days = settings[settingOf[kind]];
      return days === null ? [] : [{ kind, cutoff: new Date(now - days * DAY_MS).toISOString() }];
    });
    const removed = cutoffs.length > 0 ? this.deps.expiry.expire(cutoffs) : {};
    const files = this.deps.expiry.pendingFiles();
    if (files.length > 0) {
      const left: string[] = [];
      for (const path of files) await this.deps.store.remove(path).catch(() => left.push(path));
      this.deps.expiry.keepPendingFiles(left);
      this.deps.logger.info('files past their retention deleted', { deleted: files.length - left.length, left: left.length });
    }
    if (Object.values(removed).some((count) => count > 0)) {
      this.deps.expiry.checkpoint();
      this.deps.logger.info('content past its retention removed', { removed });
    }
    return removed;
  }
}
