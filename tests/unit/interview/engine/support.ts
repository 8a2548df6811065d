import { fileURLToPath } from 'node:url';
import type { RoleType } from '../../../../shared/domain/interview';
import {
  createEngineState,
  planNext,
  recordAsked,
  recordJudgement,
  type AskedQuestion,
  type EngineState,
  type Judgement,
  type PhaseRules,
  type Plan,
  type PlanLimits,
  type RoleDefinition,
} from '../../../../src-main/interview/engine/index';
import { loadRoleDefinition } from '../../../../src-main/resources/resource-files';

export const resourcesDir = fileURLToPath(new URL('../../../../resources', import.meta.url));

export const STARTED_AT = '2025-03-01T09:00:00.000Z';

export function role(roleType: RoleType = 'react'): RoleDefinition {
  return loadRoleDefinition(resourcesDir, roleType);
}

/** Limits that never bind: five minutes in, no budget. */
export function easyLimits(overrides: Partial<PlanLimits> = {}): PlanLimits {
  return { now: new Date(Date.parse(STARTED_AT) + 5 * 60_000), tokensUsed: 0, tokenBudget: 0, ...overrides };
}

export function judged(quality: Judgement['quality'], struggled = quality === 'poor' || quality === 'no_answer', skillArea = 'x'): Judgement {
  return { skillArea, quality, evidence: `said something ${quality}`, struggled, reasoning: 'scripted' };
}

/** A scripted candidate: how the answer to one question is judged. */
export type Candidate = (question: AskedQuestion) => Judgement;

/** Handles everything up to `level` well, struggles above it; one level per skill or one for all. */
export function candidateWithLevels(levels: Record<string, number> | number): Candidate {
  return (question) => {
    const level = typeof levels === 'number' ? levels : (levels[question.skillId] ?? 0);
    return question.difficulty <= level ? judged(question.difficulty === level ? 'good' : 'excellent', false, question.skillId) : judged('poor', true, question.skillId);
  };
}

export const strong = candidateWithLevels(5);
export const weak = candidateWithLevels(0);

export interface Run {
  state: EngineState;
  /** Every plan returned, waits included, in order. */
  plans: Plan[];
  asked: AskedQuestion[];
  finish: Extract<Plan, { kind: 'finish' }>;
  waits: number;
  /** Pending judgement count each time a question was planned. */
  pendingAtAsk: number[];
  /** Judgements in the order they were recorded. */
  deliveries: { messageId: string; judgement: Judgement }[];
}

export interface SimulateOptions {
  role?: RoleDefinition;
  candidate: Candidate;
  /** How many of the latest answers are still being judged when the next question is planned; a function varies it per question. */
  lag?: number | ((questionIndex: number) => number);
  focusSkills?: string[];
  rules?: PhaseRules;
  limits?: PlanLimits;
}

/**
 * The service's loop without I/O: plan, ask, and deliver each judgement
 * `lag` questions later; on `wait`, deliver the oldest pending judgement and
 * plan again at once. Judgements still pending at the finish are delivered
 * after it, as the service would.
 */
export function simulate(options: SimulateOptions): Run {
  const def = options.role ?? role();
  const lagOf = (index: number) => (typeof options.lag === 'function' ? options.lag(index) : (options.lag ?? 0));
  const limits = options.limits ?? easyLimits();
  let state = createEngineState({ role: def, startedAt: STARTED_AT, promptVersion: 'interview-v1', focusSkills: options.focusSkills });
  const plans: Plan[] = [];
  const pending: AskedQuestion[] = [];
  const deliveries: Run['deliveries'] = [];
  const pendingAtAsk: number[] = [];
  let waits = 0;
  const deliverOldest = () => {
    const question = pending.shift()!;
    const judgement = options.candidate(question);
    deliveries.push({ messageId: question.messageId, judgement });
    state = recordJudgement(state, question.messageId, judgement);
  };
  const plan = () => {
    const next = planNext(state, def, limits, options.rules);
    plans.push(next);
    return next;
  };
  for (let step = 0; step < 100; step++) {
    while (pending.length > lagOf(state.questions.length)) deliverOldest();
    let next = plan();
    while (next.kind === 'wait') {
      if (pending.length === 0) throw new Error('the planner waited with nothing pending');
      waits++;
      deliverOldest();
      next = plan();
    }
    if (next.kind === 'finish') {
      while (pending.length > 0) deliverOldest();
      return { state, plans, asked: state.questions, finish: next, waits, pendingAtAsk, deliveries };
    }
    pendingAtAsk.push(pending.length);
    state = recordAsked(state, next, `q${state.questions.length + 1}`);
    pending.push(state.questions.at(-1)!);
  }
  throw new Error('the interview never finished');
}

export function phaseCounts(questions: readonly AskedQuestion[]): Record<'warmup' | 'standard' | 'advanced', number> {
  const counts = { warmup: 0, standard: 0, advanced: 0 };
  for (const question of questions) counts[question.phase]++;
  return counts;
}

/** A small seeded generator so "random" schedules are the same on every run. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A role cut down to its first `count` skills, to exercise small roles. */
export function smallRole(count: number, roleType: RoleType = 'react'): RoleDefinition {
  const full = role(roleType);
  return { ...full, skills: full.skills.slice(0, count) };
}

/** Asserts the specification's phase and count rules on a finished run. */
export function expectValidInterview(run: Run, def: RoleDefinition): void {
  const phases = run.asked.map((q) => q.phase);
  const order = { warmup: 0, standard: 1, advanced: 2 };
  const ordered = phases.every((phase, i) => i === 0 || order[phases[i - 1]!] <= order[phase]);
  const counts = phaseCounts(run.asked);
  const problems: string[] = [];
  if (!ordered) problems.push(`phases out of order: ${phases.join(',')}`);
  if (counts.warmup < 2 || counts.warmup > 3) problems.push(`warmup ${counts.warmup}`);
  if (counts.standard < 5 || counts.standard > 8) problems.push(`standard ${counts.standard}`);
  if (counts.advanced < 3 || counts.advanced > 5) problems.push(`advanced ${counts.advanced}`);
  if (run.asked.length < 12 || run.asked.length > 20) problems.push(`total ${run.asked.length}`);
  for (const q of run.asked) {
    if (q.phase === 'warmup' && (q.difficulty !== 1 || q.purpose !== 'warmup')) problems.push(`warmup question ${q.messageId} at ${q.difficulty}`);
    if (q.phase === 'standard' && (q.difficulty < 2 || q.difficulty > 3 || q.purpose !== 'assess')) problems.push(`standard question ${q.messageId} at ${q.difficulty}`);
    if (q.phase === 'advanced' && q.purpose !== 'probe') problems.push(`advanced question ${q.messageId} is ${q.purpose}`);
  }
  const warmupSkills = run.asked.filter((q) => q.phase === 'warmup').map((q) => q.skillId);
  if (new Set(warmupSkills).size !== warmupSkills.length) problems.push('warmup repeats a skill');
  const standardSkills = new Set(run.asked.filter((q) => q.phase === 'standard').map((q) => q.skillId));
  for (const skill of def.skills) if (!standardSkills.has(skill.id)) problems.push(`standard never asked ${skill.id}`);
  if (run.finish.reason !== 'boundaries_mapped' && run.finish.reason !== 'max_questions') problems.push(`finished by ${run.finish.reason}`);
  if (run.finish.reason === 'boundaries_mapped') {
    for (const id of new Set(run.asked.filter((q) => q.phase === 'advanced').map((q) => q.skillId))) {
      if (run.state.skills[id]!.boundary === null) problems.push(`finished as mapped but ${id} has no boundary`);
    }
  }
  if (problems.length > 0) throw new Error(`invalid interview: ${problems.join('; ')}`);
}
