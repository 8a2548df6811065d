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
  /** Every input token, cached ones included. */
  promptTokens: number;
  /** Input tokens served from the provider's prompt cache (billed at a discount). */
  cachedPromptTokens: number;
  /** Every output token, reasoning included. */
  completionTokens: number;
  /** A reasoning model's hidden tokens (billed as output). */
  reasoningTokens: number;
  audioSeconds: number | null;
  characters: number | null;
  latencyMs: number;
  /** US dollars; 0 and meaningless when priceKnown is false. */
  costUsd: number;
  /** False when neither the built-in table nor the settings price this model: the cost is unknown, not zero. */
  priceKnown: boolean;
  outcome: AiCallOutcome;
  errorKind: string | null;
}

export interface AiUsageRecord extends NewAiUsage {
  id: string;
  createdAt: string;
}

export interface InterviewUsageTotals {
  totalTokensUsed: number;
  /** The priced calls' cost; the unpriced ones are counted in unpricedCalls instead. */
  costUsd: number;
  /** Calls whose model had no price: while above 0, costUsd is only part of what was spent. */
  unpricedCalls: number;
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
    cachedPromptTokens: row.cachedPromptTokens,
    completionTokens: row.completionTokens,
    reasoningTokens: row.reasoningTokens,
    audioSeconds: row.audioSeconds,
    characters: row.characters,
    latencyMs: row.latencyMs,
    costUsd: row.costUsd,
    priceKnown: row.priceKnown,
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
   * Stores the call and, for a live interview, adds its tokens and cost (or,
   * with no price, one unpriced call) to the interview's totals, in one
   * transaction so the totals always equal the sum of the rows: cost_usd of
   * the priced rows, unpriced_calls the number of rows with price_known
   * false. A call that names an interview that is gone (or deleted) is still
   * stored, unattributed: the money was spent either way.
   */
  record(usage: NewAiUsage): RecordedUsage {
    return this.store.db.transaction((tx) => {
      const interview =
        usage.interviewId === null
          ? undefined
          : tx
              .select({
                totalTokensUsed: interviews.totalTokensUsed,
                costUsd: interviews.costUsd,
                unpricedCalls: interviews.unpricedCalls,
                aiModelUsed: interviews.aiModelUsed,
              })
              .from(interviews)
              .where(and(eq(interviews.id, usage.interviewId), isNull(interviews.deletedAt)))
              .get();
      const unpriced = !usage.priceKnown;
      // An unpriced call's cost_usd is a placeholder 0: never added to a total as if it were $0.
      const cost = unpriced ? 0 : usage.costUsd;
      const row = insertSynced(
        tx,
        aiUsage,
        { ...usage, costUsd: cost, priceKnown: !unpriced, interviewId: interview ? usage.interviewId : null },
        this.clock,
      );
      if (!interview || usage.interviewId === null) return { usage: toRecord(row), interview: null };

      // Cached and reasoning tokens are already inside these two.
      const tokens = usage.promptTokens + usage.completionTokens;
      // Only the language model is "the interview's model"; speech models would overwrite it after every answer.
      const model = usage.endpoint === 'chat' && usage.outcome === 'ok' ? usage.model : interview.aiModelUsed;
      // A call that used and cost nothing (most failures) would only add a version and an outbox entry. An
      // unpriced call never counts as nothing, even without tokens: speech is billed by characters or seconds.
      if (tokens === 0 && cost === 0 && !unpriced && model === interview.aiModelUsed) return { usage: toRecord(row), interview };
      const updated = updateSynced(
        tx,
        interviews,
        usage.interviewId,
        {
          totalTokensUsed: interview.totalTokensUsed + tokens,
          costUsd: interview.costUsd + cost,
          unpricedCalls: interview.unpricedCalls + (unpriced ? 1 : 0),
          aiModelUsed: model,
        },
        this.clock,
      );
      if (!updated) throw new Error('The interview disappeared inside its own transaction.');
      const { totalTokensUsed, costUsd, unpricedCalls, aiModelUsed } = updated;
      return { usage: toRecord(row), interview: { totalTokensUsed, costUsd, unpricedCalls, aiModelUsed } };
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

  /** The models of the interview's calls that had no price, each once, by name: what an administrator has to price. */
  unpricedModelsOf(interviewId: string): string[] {
    return this.store.db
      .selectDistinct({ model: aiUsage.model })
      .from(aiUsage)
      .where(and(eq(aiUsage.interviewId, interviewId), eq(aiUsage.priceKnown, false), isNull(aiUsage.deletedAt)))
      .orderBy(asc(aiUsage.model))
      .all()
      .map((row) => row.model);
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
