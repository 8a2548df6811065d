import type { IntegrityEventKind } from '../../../shared/domain/interview';
import type { ScoredAnswer, ScoredEvent, ScoredQuestion, ScoringInput } from '../../../src-main/assessment/scoring-input';

/*
 * Scripted interviews for the integrity rules: each question says how hard
 * it was and how the candidate answered (words, timings); the builder lays
 * the questions out on a clock so kiosk events can be placed "10 s into
 * question 4" and land where the rules will look for them.
 */

export const STARTED_AT = Date.parse('2025-03-01T09:00:00.000Z');

/** The question being read out, before the candidate's response time starts counting. */
const QUESTION_SPOKEN_MS = 8_000;
/** End-of-answer silence plus transcription, before main stores the answer. */
const ANSWER_STORED_AFTER_MS = 3_000;
/** Main choosing and sending the next question. */
const NEXT_QUESTION_AFTER_MS = 5_000;

export interface AnswerScript {
  words: number;
  /** Sets speechMs from the word count; ignored when speechMs is given. */
  wordsPerMinute?: number;
  responseTimeMs?: number | null;
  speechMs?: number | null;
  pauseMs?: number | null;
  segmentCount?: number | null;
}

export interface QuestionScript {
  difficulty?: number | null;
  /** Null: the question was never answered. */
  answer?: AnswerScript | null;
  struggled?: boolean;
}

/** A candidate answering at an ordinary pace: 3 s to start, 150 words a minute, a fifth of the time in pauses. */
export function normalAnswer(overrides: Partial<AnswerScript> = {}): AnswerScript {
  return { words: 90, wordsPerMinute: 150, responseTimeMs: 3_000, pauseMs: 9_000, segmentCount: 6, ...overrides };
}

export function question(difficulty: number | null, answer: AnswerScript | null = normalAnswer(), struggled = false): QuestionScript {
  return { difficulty, answer, struggled };
}

/** Times relative to one question, for placing events. */
export interface Timeline {
  /** `ms` after question `number` was asked. */
  asked(number: number, ms: number): string;
  /** `ms` after the answer to question `number` was stored. */
  answered(number: number, ms: number): string;
}

export function event(kind: IntegrityEventKind, occurredAt: string, details: Record<string, unknown> | null = null): ScoredEvent {
  return { kind, occurredAt, details };
}

export function scripted(scripts: readonly QuestionScript[], events: (at: Timeline) => ScoredEvent[] = () => []): Pick<ScoringInput, 'questions' | 'events'> {
  const questions: ScoredQuestion[] = [];
  let clock = STARTED_AT;
  for (const [index, script] of scripts.entries()) {
    const number = index + 1;
    const answer = script.answer === undefined ? normalAnswer() : script.answer;
    const scored = answer ? answerOf(number, clock, answer) : null;
    questions.push({ ...questionOf(number, clock, script), answer: scored });
    // An unanswered question still takes the kiosk's reminder time before the next one.
    clock = (scored ? Date.parse(scored.answeredAt) : clock + QUESTION_SPOKEN_MS + 30_000) + NEXT_QUESTION_AFTER_MS;
  }

  const timeline: Timeline = {
    asked: (number, ms) => iso(Date.parse(nth(questions, number).askedAt) + ms),
    answered: (number, ms) => iso(Date.parse(nth(questions, number).answer!.answeredAt) + ms),
  };
  return { questions, events: events(timeline).sort((a, b) => a.occurredAt.localeCompare(b.occurredAt)) };
}

function answerOf(number: number, askedAt: number, script: AnswerScript): ScoredAnswer {
  const speechMs = script.speechMs !== undefined ? script.speechMs : Math.round((script.words * 60_000) / (script.wordsPerMinute ?? 150));
  const pauseMs = script.pauseMs ?? null;
  const spokenMs = (script.responseTimeMs ?? 0) + (speechMs ?? 0) + (pauseMs ?? 0);
  return {
    messageId: `a${number}`,
    text: wordsOf(script.words),
    answeredAt: iso(askedAt + QUESTION_SPOKEN_MS + spokenMs + ANSWER_STORED_AFTER_MS),
    audioDurationSeconds: speechMs === null ? null : Math.round((speechMs + (pauseMs ?? 0)) / 1000),
    responseTimeMs: script.responseTimeMs ?? null,
    speechMs,
    pauseMs,
    segmentCount: script.segmentCount ?? null,
  };
}

function questionOf(number: number, askedAt: number, script: QuestionScript): Omit<ScoredQuestion, 'answer'> {
  return {
    number,
    messageId: `q${number}`,
    text: `Scripted question ${number}?`,
    askedAt: iso(askedAt),
    phase: 'standard',
    skillId: 'state-and-hooks',
    skillName: 'State and hooks',
    difficulty: script.difficulty === undefined ? 3 : script.difficulty,
    judgement: { quality: script.struggled ? 'poor' : 'good', evidence: 'scripted', struggled: script.struggled ?? false, score: script.struggled ? 0.25 : 0.75 },
  };
}

function nth(questions: readonly ScoredQuestion[], number: number): ScoredQuestion {
  const found = questions.find((candidate) => candidate.number === number);
  if (!found) throw new Error(`The script has no question ${number}.`);
  return found;
}

const vocabulary = ['the', 'effect', 'runs', 'after', 'render', 'so', 'state', 'updates', 'are', 'batched', 'and', 'cleanup', 'happens', 'first'];

function wordsOf(count: number): string {
  return Array.from({ length: count }, (_, index) => vocabulary[index % vocabulary.length]).join(' ');
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
