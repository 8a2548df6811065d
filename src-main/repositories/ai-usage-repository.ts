import { and, asc, eq, isNull } from 'drizzle-orm';
import type { AiCallPayload } from '../../shared/domain/audit';
import { systemClock, type Clock } from '../common/clock';
import type { AppDatabase, AppTransaction } from '../db/open-database';
import { insertSynced, updateSynced } from '../db/outbox';
import { recordColumns, type RecordOf } from '../db/record-columns';
import { aiUsage, interviews } from '../db/schema/index';
import type { AuditRepository } from './audit-repository';

/*
 * One call as stored (the column comments in db/schema/ai-usage.ts say what
 * each count means); the sync bookkeeping stays in the repository.
 */
const usageRecord = recordColumns(aiUsage, ['updatedAt', 'rowVersion', 'deletedAt']);
export type AiUsageRecord = RecordOf<typeof usageRecord>;

/** error_kind of a call whose work was thrown away (a question written ahead, then not asked); its outcome is 'error', the only outcome with a kind. */
export const DISCARDED_USAGE = 'discarded';

/** A call to record: costUsd is 0 and meaningless when priceKnown is false (no price for the model). */
export type NewAiUsage = Omit<AiUsageRecord, 'id' | 'createdAt'>;

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

/** What the app spent on AI calls, call by call, rolled up onto each interview. */
export class AiUsageRepository {
  constructor(
    private readonly store: AppDatabase,
    private readonly clock: Clock = systemClock,
    /** Where each call's audit entry goes, in the same transaction as its usage row; none in tools that keep no trail. */
    private readonly audit?: AuditRepository,
  ) {}

  /**
   * Stores the call and, for a live interview, adds its tokens and cost (or,
   * with no price, one unpriced call) to the interview's totals, in one
   * transaction so the totals always equal the sum of the rows: cost_usd of
   * the priced rows, unpriced_calls the number of rows with price_known
   * false. A call that names an interview that is gone (or deleted) is still
   * stored, unattributed: the money was spent either way.
   */
  record(usage: NewAiUsage, audit?: Omit<AiCallPayload, 'usageId'>): RecordedUsage {
    return this.store.db.transaction(
      (tx) => {
        const recorded = this.recordIn(tx, usage);
        if (audit && this.audit) this.audit.append({ kind: 'ai_call', interviewId: usage.interviewId, payload: { ...audit, usageId: recorded.usage.id } }, tx);
        return recorded;
      },
      // Takes the write lock before reading the chain's head: two app instances on one database then append in turn.
      { behavior: 'immediate' },
    );
  }

  private recordIn(tx: AppTransaction, usage: NewAiUsage): RecordedUsage {
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
    if (!interview || usage.interviewId === null) return { usage: usageRecord.from(row), interview: null };

    // Cached and reasoning tokens are already inside these two.
    const tokens = usage.promptTokens + usage.completionTokens;
    // Only the language model is "the interview's model"; speech models would overwrite it after every answer.
    const model = usage.endpoint === 'chat' && usage.outcome === 'ok' ? usage.model : interview.aiModelUsed;
    // A call that used and cost nothing (most failures) would only add a version and an outbox entry. An
    // unpriced call never counts as nothing, even without tokens: speech is billed by characters or seconds.
    if (tokens === 0 && cost === 0 && !unpriced && model === interview.aiModelUsed) return { usage: usageRecord.from(row), interview };
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
    return { usage: usageRecord.from(row), interview: { totalTokensUsed, costUsd, unpricedCalls, aiModelUsed } };
  }

  /**
   * Marks calls as spent on work that was thrown away (a question written
   * ahead, then not asked). Their tokens and cost stay in the interview's
   * totals: they were paid for. The outcome becomes 'error' because the
   * table's CHECK allows an error_kind only there; the kind says it was no
   * failure of the provider.
   */
  markDiscarded(usageIds: string[]): void {
    this.store.db.transaction((tx) => {
      for (const id of usageIds) updateSynced(tx, aiUsage, id, { outcome: 'error', errorKind: DISCARDED_USAGE }, this.clock);
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
      .select(usageRecord.columns)
      .from(aiUsage)
      .where(and(eq(aiUsage.interviewId, interviewId), isNull(aiUsage.deletedAt)))
      .orderBy(asc(aiUsage.id))
      .all();
  }
}
