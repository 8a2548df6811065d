import { z } from 'zod';

/**
 * What the question writer is told about the conversation so far. The whole
 * interview is kept (it is stored in interview_sessions.conversation_memory),
 * but a prompt gets only the latest turns within a character cap, so a long
 * interview costs no more per question than a short one.
 */

/*
 * One schema for the engine and for the column (db/json-schemas.ts uses this
 * one). The column is also written by sync from the hosted table, so it keeps
 * what it does not know: other fields stay, as long as they are plain JSON.
 */
export const memoryTurnSchema = z
  .object({
    questionMessageId: z.string().min(1),
    question: z.string(),
    /** The transcript; null until the answer ends. */
    answer: z.string().nullable(),
    /** A short version (e.g. the judge's evidence), used when space runs out; null until known. */
    answerSummary: z.string().nullable(),
  })
  .catchall(z.json());
export type MemoryTurn = z.infer<typeof memoryTurnSchema>;

export const conversationMemorySchema = z
  .object({
    // A stored memory without turns (the specification's example shape below) is one with no turns yet.
    turns: z.array(memoryTurnSchema).default([]),
    // The specification's example shape; the engine neither reads nor writes it.
    messages: z.array(z.object({ role: z.enum(['system', 'assistant', 'user']), content: z.string() }).catchall(z.json())).optional(),
    summary: z.string().optional(),
  })
  .catchall(z.json());
export type ConversationMemory = z.infer<typeof conversationMemorySchema>;

/** One turn as a prompt shows it: the answer itself when there is room, else its summary. */
export type PromptTurn = { question: string; answer: string } | { question: string; answerSummary: string };

export interface MemoryLimits {
  /** Default 6. */
  maxTurns?: number;
  /** Default 6000: about 1,500 tokens, small next to the model's window and fast to send. */
  maxChars?: number;
}

export const DEFAULT_MEMORY_TURNS = 6;
export const DEFAULT_MEMORY_CHARS = 6000;

export function emptyMemory(): ConversationMemory {
  return { turns: [] };
}

export function addQuestion(memory: ConversationMemory, questionMessageId: string, question: string): ConversationMemory {
  if (memory.turns.some((turn) => turn.questionMessageId === questionMessageId)) return memory;
  return { turns: [...memory.turns, { questionMessageId, question, answer: null, answerSummary: null }] };
}

/** The question `fromId` asked again in other words as `toId`: the conversation holds only the wording the candidate answers. */
export function replaceQuestion(memory: ConversationMemory, fromId: string, toId: string, question: string): ConversationMemory {
  if (!memory.turns.some((turn) => turn.questionMessageId === fromId)) throw new Error(`Conversation memory has no question ${fromId}.`);
  return { turns: memory.turns.map((turn) => (turn.questionMessageId === fromId ? { ...turn, questionMessageId: toId, question } : turn)) };
}

export function addAnswer(memory: ConversationMemory, questionMessageId: string, answer: string): ConversationMemory {
  return update(memory, questionMessageId, { answer });
}

export function addAnswerSummary(memory: ConversationMemory, questionMessageId: string, answerSummary: string): ConversationMemory {
  return update(memory, questionMessageId, { answerSummary });
}

function update(memory: ConversationMemory, questionMessageId: string, change: Partial<Pick<MemoryTurn, 'answer' | 'answerSummary'>>): ConversationMemory {
  if (!memory.turns.some((turn) => turn.questionMessageId === questionMessageId)) {
    throw new Error(`Conversation memory has no question ${questionMessageId}.`);
  }
  return { turns: memory.turns.map((turn) => (turn.questionMessageId === questionMessageId ? { ...turn, ...change } : turn)) };
}

const NO_ANSWER = '(no answer yet)';
/** What an older answer is cut to before older turns are dropped: enough to show what was discussed. */
const OLDER_ANSWER_CHARS = 300;

function answerText(turn: PromptTurn): string {
  return 'answer' in turn ? turn.answer : turn.answerSummary;
}

function withAnswerText(turn: PromptTurn, text: string): PromptTurn {
  return 'answer' in turn ? { question: turn.question, answer: text } : { question: turn.question, answerSummary: text };
}

function shorten(text: string, max: number): string {
  if (text.length <= max) return text;
  return max <= 1 ? text.slice(0, max) : `${text.slice(0, max - 1).trimEnd()}…`;
}

/**
 * The latest `maxTurns` turns, oldest first, within `maxChars` (questions
 * plus answers). When over the cap the oldest answers give way first:
 * replaced by their summary, then cut short, then whole turns dropped; the
 * newest turn shrinks last because the next question builds on it.
 */
export function promptTurns(memory: ConversationMemory, limits: MemoryLimits = {}): PromptTurn[] {
  const maxTurns = limits.maxTurns ?? DEFAULT_MEMORY_TURNS;
  const maxChars = limits.maxChars ?? DEFAULT_MEMORY_CHARS;
  const source = maxTurns > 0 ? memory.turns.slice(-maxTurns) : [];
  const turns: PromptTurn[] = source.map((turn) => ({ question: turn.question, answer: turn.answer ?? turn.answerSummary ?? NO_ANSWER }));
  const size = () => turns.reduce((sum, turn) => sum + turn.question.length + answerText(turn).length, 0);
  const older = turns.length - 1;

  for (let i = 0; i < older && size() > maxChars; i++) {
    const summary = source[i]!.answerSummary;
    if (summary !== null && summary.length < answerText(turns[i]!).length) turns[i] = { question: turns[i]!.question, answerSummary: summary };
  }
  for (let i = 0; i < older && size() > maxChars; i++) {
    turns[i] = withAnswerText(turns[i]!, shorten(answerText(turns[i]!), OLDER_ANSWER_CHARS));
  }
  while (turns.length > 1 && size() > maxChars) turns.shift();
  const last = turns.at(-1);
  if (last && size() > maxChars) {
    const question = shorten(last.question, maxChars);
    turns[turns.length - 1] = withAnswerText({ ...last, question }, shorten(answerText(last), maxChars - question.length));
  }
  return turns;
}
