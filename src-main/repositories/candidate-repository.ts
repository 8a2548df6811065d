import { systemClock, type Clock } from '../common/clock';
import type { AppDatabase } from '../db/open-database';
import { recordColumns, type RecordOf } from '../db/record-columns';
import { candidates } from '../db/schema/index';
import { AccountRepository } from './account-repository';

const candidateRecord = recordColumns(candidates, ['deletedAt']);
export type CandidateRecord = RecordOf<typeof candidateRecord>;

export interface NewCandidate {
  email: string;
  fullName: string;
  passwordHash: string;
  phone?: string | null;
}

/** Candidate accounts; finds and sign-in bookkeeping are account-repository.ts's. */
export class CandidateRepository extends AccountRepository<typeof candidates> {
  constructor(store: AppDatabase, clock: Clock = systemClock) {
    super(store, candidates, candidateRecord, clock);
  }

  /** @throws DuplicateEmailError when the email (in any letter case) is taken, by a deleted account too. */
  create(input: NewCandidate): CandidateRecord {
    return this.refusingDuplicateEmail(() =>
      this.store.db.transaction((tx) =>
        this.insertAccount(tx, { email: input.email, fullName: input.fullName, passwordHash: input.passwordHash, phone: input.phone ?? null }),
      ),
    );
  }
}
