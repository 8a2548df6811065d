import { z } from 'zod';
import { interviewPhases, type RoleType } from '../../shared/domain/interview';
import type { ProgressionState } from '../db/json-schemas';
import type { InterviewRecord, MessageRecord, SessionChanges, SessionRecord } from '../repositories/interview-repository';
import {
  conversationMemorySchema,
  emptyMemory,
  parseEngineState,
  reaskedQuestionIds,
  skillBoundaryLabels,
  type ConversationMemory,
  type EngineState,
  type PromptSet,
  type RoleDefinition,
} from './engine/index';
import type { InterviewResources } from '../resources/interview-resources';

/** Why the engine stopped asking, kept beside its state so a restart does not ask again. */
export const readinessSchema = z.object({
  reason: z.enum(['boundaries_mapped', 'max_questions', 'time_limit', 'token_budget', 'judgements_delayed']),
  decidedAt: z.string(),
});
export type Readiness = z.infer<typeof readinessSchema>;

/** What the service keeps in a question message's metadata. */
export const questionMetadataSchema = z.object({
  phase: z.enum(interviewPhases),
  skillId: z.string(),
  difficulty: z.number().int(),
  purpose: z.string(),
  promptVersion: z.string(),
  /** The sentences as they were sent to text-to-speech: speaking them again hits the speech cache. */
  spokenParts: z.array(z.string()),
  /** Asked again in other words for the candidate (the `reask` accommodation): the question it replaces. */
  reaskOf: z.string().optional(),
  /** Where the words came from: the AI interviewer (absent in older rows) or the question bank when the service could not write one (issue 19). */
  source: z.enum(['ai', 'bank']).optional(),
  /** The bank question's id, e.g. react-testing-3-b: never asked twice in one interview. */
  bankQuestionId: z.string().optional(),
  /** The bank file's version, so the answer points judged against are the ones that were asked. */
  bankVersion: z.number().int().optional(),
});
export type QuestionMetadata = z.infer<typeof questionMetadataSchema>;

const answerLinkSchema = z.object({ questionMessageId: z.string() });

/**
 * One interview as the service works on it: the engine's state, the
 * conversation memory and the messages, rebuilt from the database whenever
 * the app starts, and changed only together with the rows that hold them.
 * Turns on one interview run one at a time (`exclusive`); judgements arrive
 * in between and are merged into the latest state when they are written.
 */
export class InterviewRuntime {
  state: EngineState;
  memory: ConversationMemory;
  readiness: Readiness | null;
  messages: MessageRecord[];
  lastActivityAt: string;
  /** Judgements under way, by question message id; each resolves to whether it was recorded. */
  readonly judging = new Map<string, Promise<boolean>>();
  /** The interview's token budget is spent: nothing more can be asked or judged. */
  budgetSpent = false;
  /** True while a turn cannot go on until a judgement arrives, so judging trouble is reported to the candidate. */
  waitingOnJudgement = false;
  /**
   * The AI service could not judge the latest answer it was given (issue 19):
   * the engine plans without waiting for judgements until one arrives again.
   */
  judgementsDelayed = false;
  /** The window that last acted on this interview: background work reports there. */
  windowId: string | null = null;
  private tail: Promise<unknown> = Promise.resolve();

  constructor(
    readonly interviewId: string,
    readonly candidateId: string,
    readonly sessionId: string,
    readonly roleType: RoleType,
    readonly startedAt: string,
    readonly role: RoleDefinition,
    readonly prompts: PromptSet,
    readonly resumeSummary: string | null,
    snapshot: { state: EngineState; memory: ConversationMemory; readiness: Readiness | null; messages: MessageRecord[]; lastActivityAt: string },
  ) {
    this.state = snapshot.state;
    this.memory = snapshot.memory;
    this.readiness = snapshot.readiness;
    this.messages = snapshot.messages;
    this.lastActivityAt = snapshot.lastActivityAt;
  }

  /** Runs `work` after every earlier turn on this interview has settled. */
  exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.tail.then(work, work);
    this.tail = run.catch(() => {});
    return run;
  }

  /** The questions as the candidate answers them: one asked again in other words counts once, in its newer wording. */
  questions(): MessageRecord[] {
    const replaced = reaskedQuestionIds(this.messages);
    return this.messages.filter((message) => message.messageType === 'ai_question' && !replaced.has(message.id));
  }

  /** The bank questions this interview has asked, by bank id: none is asked twice. */
  bankQuestionsAsked(): Set<string> {
    const ids = this.messages.flatMap((message) => {
      const id = message.messageType === 'ai_question' ? questionMetadata(message)?.bankQuestionId : undefined;
      return id ? [id] : [];
    });
    return new Set(ids);
  }

  /** Questions asked again in other words in this interview. */
  reasksUsed(): number {
    return reaskedQuestionIds(this.messages).size;
  }

  answers(): MessageRecord[] {
    return this.messages.filter((message) => message.messageType === 'candidate_response');
  }

  answerTo(questionMessageId: string): MessageRecord | null {
    return this.answers().find((answer) => answerLinkSchema.safeParse(answer.metadata).data?.questionMessageId === questionMessageId) ?? null;
  }

  /** The question waiting for an answer: the latest one, unless it has been answered or the engine has finished. */
  currentQuestion(): MessageRecord | null {
    if (this.readiness) return null;
    const latest = this.questions().at(-1);
    return latest && !this.answerTo(latest.id) ? latest : null;
  }

  /** The engine state as stored: the engine's own fields plus the service's readiness. */
  progressionState(): ProgressionState {
    return { ...this.state, readiness: this.readiness } as ProgressionState;
  }

  /** The session columns that hold `state` and `memory`, written in the same step as the turn's message. */
  sessionColumns(state: EngineState, memory: ConversationMemory): SessionChanges {
    return {
      progressionState: { ...state, readiness: this.readiness },
      conversationMemory: memory,
      currentDifficultyLevel: state.phase,
      skillBoundariesIdentified: skillBoundaryLabels(state),
      questionsAskedCount: this.questions().length,
    };
  }
}

/**
 * An answer recorded while speech-to-text could not be reached (issue 19):
 * its audio is stored, its words are not known yet. The transcription job
 * fills them in and sets `transcription` to 'later'.
 */
export function transcriptPending(answer: MessageRecord): boolean {
  return (answer.metadata as { transcription?: unknown } | null)?.transcription === 'pending';
}

export function questionMetadata(message: MessageRecord): QuestionMetadata | null {
  return questionMetadataSchema.safeParse(message.metadata).data ?? null;
}

/** Rebuilds an interview from its rows; throws when the stored state cannot be trusted. */
export function loadRuntime(
  resources: InterviewResources,
  rows: { interview: InterviewRecord; session: SessionRecord; messages: MessageRecord[]; resumeSummary: string | null },
): InterviewRuntime {
  const { interview, session, messages } = rows;
  const state = parseEngineState(session.progressionState);
  const readiness = readinessSchema.nullable().parse((session.progressionState as { readiness?: unknown } | null)?.readiness ?? null);
  const memory = session.conversationMemory ? conversationMemorySchema.parse(session.conversationMemory) : emptyMemory();
  return new InterviewRuntime(
    interview.id,
    interview.candidateId,
    session.id,
    interview.roleType,
    interview.startedAt ?? state.startedAt,
    resources.role(interview.roleType),
    resources.prompts(state.promptVersion),
    rows.resumeSummary,
    { state, memory, readiness, messages, lastActivityAt: session.lastActivityAt },
  );
}
