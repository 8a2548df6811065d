import { and, asc, eq, isNull } from 'drizzle-orm';
import { systemClock, type Clock } from '../common/clock';
import type { AppDatabase } from '../db/open-database';
import { insertSynced, updateSynced } from '../db/outbox';
import type { AiCallOutcome, AiEndpoint } from '../db/schema/ai-usage';
import { aiUsage, interviews } from '../db/schema/index';

export interface NewAiUsage {
  interviewId: string | null;
  task: string;
  endpoint: AiEndpoint;
  model: string;
  promptTokens: number;
  completionTokens: number;
  audioSeconds: number | null;
  characters: number | null;
  latencyMs: number;
  costUsd: number;
  outcome: AiCallOutcome;
  errorKind: string | null;
}

export interface AiUsageRecord extends NewAiUsage {
  id: string;
  createdAt: string;
}

export interface InterviewUsageTotals {
  totalTokensUsed: number;
  costUsd: number;
  aiModelUsed: string | null;
}

export interface RecordedUsage {
  usage: AiUsageRecord;
  /** The interview's totals after this call; null when the call belonged to no live interview. */
  interview: InterviewUsageTotals | null;
}

type UsageRow = typeof aiUsage.$inferSelect;

function toRecord(row: UsageRow): AiUsageRecord {
  return {
    id: row.id,
    createdAt: row.createdAt,
    interviewId: row.interviewId,
    task: row.task,
    endpoint: row.endpoint,
    model: row.model,
    promptTokens: row.promptTokens,
    completionTokens: row.completionTokens,
    audioSeconds: row.audioSeconds,
    characters: row.characters,
    latencyMs: row.latencyMs,
    costUsd: row.costUsd,
    outcome: row.outcome,
    errorKind: row.errorKind,
  };
}

/** What the app spent on AI calls, call by call, rolled up onto each interview. */
export class AiUsageRepository {
  constructor(
    private readonly store: AppDatabase,
    private readonly clock: Clock = systemClock,
  ) {}

  /**
   * Stores the call and, for a live interview, adds its tokens and cost to
   * the interview's totals, in one transaction so the totals always equal
   * the sum of the rows. A call that names an interview that is gone (or
   * deleted) is still stored, unattributed: the money was spent either way.
   */
  record(usage: NewAiUsage): RecordedUsage {
    return this.store.db.transaction((tx) => {
      const interview =
        usage.interviewId === null
          ? undefined
          : tx
              .select({ totalTokensUsed: interviews.totalTokensUsed, costUsd: interviews.costUsd, aiModelUsed: interviews.aiModelUsed })
              .from(interviews)
              .where(and(eq(interviews.id, usage.interviewId), isNull(interviews.deletedAt)))
              .get();
      const row = insertSynced(tx, aiUsage, { ...usage, interviewId: interview ? usage.interviewId : null }, this.clock);
      if (!interview || usage.interviewId === null) return { usage: toRecord(row), interview: null };

      const tokens = usage.promptTokens + usage.completionTokens;
      // Only the language model is "the interview's model"; speech models would overwrite it after every answer.
      const model = usage.endpoint === 'chat' && usage.outcome === 'ok' ? usage.model : interview.aiModelUsed;
      // A call that used and cost nothing (most failures) would only add a version and an outbox entry.
      if (tokens === 0 && usage.costUsd === 0 && model === interview.aiModelUsed) return { usage: toRecord(row), interview };
      const updated = updateSynced(
        tx,
        interviews,
        usage.interviewId,
        { totalTokensUsed: interview.totalTokensUsed + tokens, costUsd: interview.costUsd + usage.costUsd, aiModelUsed: model },
        this.clock,
      );
      if (!updated) throw new Error('The interview disappeared inside its own transaction.');
      return {
        usage: toRecord(row),
        interview: { totalTokensUsed: updated.totalTokensUsed, costUsd: updated.costUsd, aiModelUsed: updated.aiModelUsed },
      };
    });
  }

  /** Tokens the interview has used so far; 0 for an unknown or deleted interview. */
  tokensUsedBy(interviewId: string): number {
    const row = this.store.db
      .select({ totalTokensUsed: interviews.totalTokensUsed })
      .from(interviews)
      .where(and(eq(interviews.id, interviewId), isNull(interviews.deletedAt)))
      .get();
    return row?.totalTokensUsed ?? 0;
  }

  /** Every call recorded for the interview, oldest first. */
  listForInterview(interviewId: string): AiUsageRecord[] {
    return this.store.db
      .select()
      .from(aiUsage)
      .where(and(eq(aiUsage.interviewId, interviewId), isNull(aiUsage.deletedAt)))
      .orderBy(asc(aiUsage.id))
      .all()
      .map(toRecord);
  }
}
