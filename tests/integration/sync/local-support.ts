import { join } from 'node:path';
import type { AppDatabase } from '../../../src-main/db/open-database';
import { OutboxQueue } from '../../../src-main/sync/outbox-queue';
import { PullApplier } from '../../../src-main/sync/pull-applier';
import { SyncStateStore } from '../../../src-main/sync/sync-state-store';
import { CandidateRepository } from '../../../src-main/repositories/candidate-repository';
import { ResumeFeedbackRepository } from '../../../src-main/repositories/resume-feedback-repository';
import { ResumeRepository } from '../../../src-main/repositories/resume-repository';
import { recordingLogger, SteppingClock, useTempDirs } from '../db/support';

/** A device database with the sync pieces that work on SQLite alone. */
export function useLocalDevice() {
  const temp = useTempDirs();
  return () => {
    const store: AppDatabase = temp.open(join(temp.make(), 'kiosk.sqlite'));
    const clock = new SteppingClock();
    const logger = recordingLogger();
    const state = new SyncStateStore(store.sqlite, clock);
    return {
      store,
      clock,
      logger,
      state,
      queue: new OutboxQueue(store.sqlite, state, clock),
      applier: new PullApplier(store.sqlite, state, logger, clock),
      candidates: new CandidateRepository(store, clock),
      resumes: new ResumeRepository(store, clock),
      feedback: new ResumeFeedbackRepository(store, clock),
      outboxCount: () => (store.sqlite.prepare('SELECT count(*) AS n FROM sync_outbox').get() as { n: number }).n,
      row: (table: string, id: string) => store.sqlite.prepare(`SELECT * FROM "${table}" WHERE id = ?`).get(id) as Record<string, unknown> | undefined,
    };
  };
}

export const uuid = (n: number) => `0190a000-0000-7000-8000-${String(n).padStart(12, '0')}`;
