import type { ModelPrice } from '../../../shared/domain/ai-models';
import type { AiCallPayload } from '../../../shared/domain/audit';
import type { Logger } from '../../logging/logger-types';
import { DISCARDED_USAGE, type NewAiUsage, type RecordedUsage } from '../../repositories/ai-usage-repository';
import { CallTrail } from './call-trail';
import { ProviderError } from './errors';
import { costUsd, priceFor } from './pricing';
import type { UsageLabel } from './usage-label';
import type { AiEndpoint, AiTask, PromptTemplateRef } from './types';

/** Where usage goes; the AiUsageRepository in the app, a fake in unit tests. */
export interface UsageStore {
  /** `audit` is the call's audit-trail entry, less the usage row's id; a store with a trail writes both in one transaction. */
  record(usage: NewAiUsage, audit?: AiCallAudit): RecordedUsage;
  tokensUsedBy(interviewId: string): number;
  /** Marks rows as usage of work that was thrown away (UsageLabel); a store that keeps no rows has nothing to mark. */
  markDiscarded?(usageIds: string[]): void;
}

export interface MeteringOptions {
  store: UsageStore;
  /** Read per call, so a price or budget changed in settings applies at once. */
  prices: () => Readonly<Record<string, ModelPrice>>;
  /** Tokens per interview; 0 means no limit. */
  interviewTokenBudget: () => number;
  logger: Logger;
}

export interface MeteredCall {
  endpoint: AiEndpoint;
  task: AiTask;
  interviewId?: string | undefined;
  model: string;
  label?: UsageLabel | undefined;
  /** The prompt template the request was built from; none for calls that carry no prompt (speech, transcription). */
  template?: PromptTemplateRef | null | undefined;
}

/** What the audit trail keeps of a call (shared/domain/audit.ts), before its usage row has an id. */
export type AiCallAudit = Omit<AiCallPayload, 'usageId'>;

/** What a call used so far; the provider adds to it as replies arrive. */
export interface Tally {
  /** Every input token, cached ones included. */
  promptTokens: number;
  /** Input tokens the provider served from its prompt cache. */
  cachedPromptTokens: number;
  /** Every output token, reasoning included. */
  completionTokens: number;
  /** A reasoning model's hidden tokens, already inside completionTokens. */
  reasoningTokens: number;
  audioSeconds: number | null;
  characters: number | null;
}

/** One call being metered; ends exactly once, with success or the failure. */
export interface Meter {
  readonly tally: Tally;
  /** The provider adds what it sent and received, and the snapshot the service reports. */
  readonly trail: CallTrail;
  succeed(): void;
  /** Recorded with the ProviderError's kind; 'cancelled' when the caller aborted; 'internal' for anything else. */
  fail(error: unknown): void;
}

/**
 * Records every provider call (model, tokens or audio seconds or
 * characters, latency, cost) and enforces the per-interview token budget.
 * Recording never fails a call: the answer is already paid for, so a
 * database problem is logged, not thrown at the interview.
 */
export class Metering {
  private readonly unpriced = new Set<string>();
  /** Usage decided but not yet written; counted by the budget check so deferral never lets a call through. */
  private readonly pending: Array<{ call: MeteredCall; usage: NewAiUsage; audit: AiCallAudit }> = [];
  private flushScheduled = false;

  constructor(private readonly options: MeteringOptions) {}

  /**
   * Throws 'budget_exceeded' before a language-model call for an interview
   * that has used its budget. The budget caps the conversation: scoring a
   * finished interview is metered to it like everything else but never
   * refused, since the interview must still get its assessment.
   */
  assertWithinBudget(call: { interviewId?: string | undefined; task: AiTask }, endpoint: AiEndpoint = 'chat'): void {
    const interviewId = call.interviewId;
    if (interviewId === undefined || call.task === 'scoring') return;
    const budget = this.options.interviewTokenBudget();
    if (budget <= 0) return;
    const used = this.options.store.tokensUsedBy(interviewId) + this.pendingTokens(interviewId);
    if (used < budget) return;
    throw new ProviderError(
      'budget_exceeded',
      endpoint,
      `This interview has used ${used.toLocaleString('en-US')} tokens of its ${budget.toLocaleString('en-US')}-token budget, so no more language-model calls are made for it. An administrator can raise "interview token budget" in device settings.`,
      { retryable: false },
    );
  }

  /** `trail` may come with input already hashed: live transcription's audio arrives before the call it belongs to begins. */
  begin(call: MeteredCall, trail = new CallTrail()): Meter {
    const started = performance.now();
    const tally: Tally = { promptTokens: 0, cachedPromptTokens: 0, completionTokens: 0, reasoningTokens: 0, audioSeconds: null, characters: null };
    let ended = false;
    const end = (outcome: 'ok' | 'error', errorKind: string | null) => {
      if (ended) return;
      ended = true;
      this.write(call, tally, trail, Math.round(performance.now() - started), outcome, errorKind);
    };
    return {
      tally,
      trail,
      succeed: () => end('ok', null),
      fail: (error) => end('error', failureKind(error)),
    };
  }

  /** Meters `run` from start to end. */
  async track<T>(call: MeteredCall, run: (tally: Tally, trail: CallTrail) => Promise<T>): Promise<T> {
    const meter = this.begin(call);
    try {
      const value = await run(meter.tally, meter.trail);
      meter.succeed();
      return value;
    } catch (error) {
      meter.fail(error);
      throw error;
    }
  }

  /**
   * Writes every usage row still waiting. The app calls this before closing
   * the database; it also runs on the next turn of the event loop after a call.
   */
  flush(): void {
    this.flushScheduled = false;
    for (const { call, usage, audit } of this.pending.splice(0)) this.persist(call, usage, audit);
  }

  private markDiscarded(usageIds: string[]): void {
    try {
      this.options.store.markDiscarded?.(usageIds);
    } catch (error) {
      this.options.logger.error('ai usage could not be marked as discarded', { rows: usageIds.length, error });
    }
  }

  private pendingTokens(interviewId: string): number {
    let tokens = 0;
    for (const { usage } of this.pending) {
      if (usage.interviewId === interviewId) tokens += usage.promptTokens + usage.completionTokens;
    }
    return tokens;
  }

  /**
   * The row is written just after the caller has its answer, not before:
   * with synchronous=FULL each commit waits for the disk, and that wait
   * belongs to no interview turn. The budget check counts pending rows.
   */
  private write(call: MeteredCall, tally: Tally, trail: CallTrail, latencyMs: number, outcome: 'ok' | 'error', errorKind: string | null): void {
    const price = priceFor(call.model, this.options.prices());
    if (!price && !this.unpriced.has(call.model)) {
      this.unpriced.add(call.model);
      this.options.logger.warn('ai model has no price; its calls are recorded with an unknown cost', { model: call.model });
    }
    const count = (value: number) => Math.max(0, Math.round(value));
    /*
     * A call that used nothing billable (most failures) cost $0 at any price,
     * so it counts as priced: otherwise one timed-out request to a new model
     * would turn an interview's fully known cost into "+ 1 call at an unknown price".
     */
    const usedNothing = tally.promptTokens <= 0 && tally.completionTokens <= 0 && !((tally.audioSeconds ?? 0) > 0) && !((tally.characters ?? 0) > 0);
    const cost = usedNothing ? 0 : costUsd(price, tally);
    const usage: NewAiUsage = {
      interviewId: call.interviewId ?? null,
      task: call.task,
      endpoint: call.endpoint,
      model: call.model,
      promptTokens: count(tally.promptTokens),
      cachedPromptTokens: count(tally.cachedPromptTokens),
      completionTokens: count(tally.completionTokens),
      reasoningTokens: count(tally.reasoningTokens),
      audioSeconds: tally.audioSeconds,
      characters: tally.characters,
      latencyMs,
      costUsd: cost ?? 0,
      priceKnown: cost !== null,
      outcome,
      errorKind,
    };
    const { inputSha256, outputSha256 } = trail.digest();
    const audit: AiCallAudit = {
      purpose: call.task,
      endpoint: call.endpoint,
      provider: 'openai',
      model: call.model,
      snapshot: trail.snapshot.snapshot,
      snapshotNote: trail.snapshot.note,
      template: call.template ?? null,
      inputSha256,
      // A failed call's partial output is not an output the app used.
      outputSha256: outcome === 'ok' ? outputSha256 : null,
      promptTokens: usage.promptTokens,
      completionTokens: usage.completionTokens,
      audioSeconds: usage.audioSeconds,
      characters: usage.characters,
      latencyMs,
      outcome,
      errorKind,
    };
    this.pending.push({ call, usage, audit });
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(() => this.flush());
    }
  }

  private persist(call: MeteredCall, usage: NewAiUsage, audit: AiCallAudit): void {
    try {
      if (call.label?.discarded) usage = { ...usage, outcome: 'error', errorKind: DISCARDED_USAGE };
      // The trail keeps what happened at the call (the output was produced), not the later discarding of the work.
      const recorded = this.options.store.record(usage, audit);
      call.label?.noteRecorded(recorded.usage.id, (ids) => this.markDiscarded(ids));
      if (usage.interviewId !== null && recorded.interview === null) {
        this.options.logger.warn('ai usage names no live interview; stored unattributed', { interviewId: usage.interviewId });
      }
      this.options.logger.debug('ai call', {
        endpoint: call.endpoint,
        task: call.task,
        model: call.model,
        interviewId: usage.interviewId,
        outcome: usage.outcome,
        errorKind: usage.errorKind,
        latencyMs: usage.latencyMs,
        promptTokens: usage.promptTokens,
        completionTokens: usage.completionTokens,
        costUsd: usage.priceKnown ? usage.costUsd : 'unknown',
      });
    } catch (error) {
      this.options.logger.error('ai usage could not be recorded', { endpoint: call.endpoint, model: call.model, interviewId: usage.interviewId, error });
    }
  }
}

function failureKind(error: unknown): string {
  if (error instanceof ProviderError) return error.kind;
  if (error instanceof Error && error.name === 'AbortError') return 'cancelled';
  return 'internal';
}
