import { and, eq, isNull } from 'drizzle-orm';
import type { AppDatabase } from '../db/open-database';
import type { ParsedData } from '../db/json-schemas';
import type { ParsingStatus } from '../db/schema/enums';
import { resumes } from '../db/schema/index';

export interface ResumeSummaryRecord {
  id: string;
  candidateId: string;
  parsingStatus: ParsingStatus;
  parsedData: ParsedData | null;
}

/** Read access to resumes, as far as the interview needs them (upload and parsing come with the resume feature). */
export class ResumeRepository {
  constructor(private readonly store: AppDatabase) {}

  /** The resume only if it belongs to this candidate. */
  findOwned(id: string, candidateId: string): ResumeSummaryRecord | null {
    const row = this.store.db
      .select({ id: resumes.id, candidateId: resumes.candidateId, parsingStatus: resumes.parsingStatus, parsedData: resumes.parsedData })
      .from(resumes)
      .where(and(eq(resumes.id, id), eq(resumes.candidateId, candidateId), isNull(resumes.deletedAt)))
      .get();
    return row ?? null;
  }
}
