import { sameData } from './same-data';
import type { InterviewPhase } from '../../../shared/domain/interview';
import { resolveFocusSkills } from './focus-skills';
import { judgementPassed, judgementSchema, qualityScore, type Judgement } from './judgement';
import { assertValidRules, DEFAULT_PHASE_RULES, type PhaseRules } from './phase-rules';
import { computeSkills } from './proficiency';
import type { RoleDefinition } from './role-definitions';
import { EngineStateError, type AskedQuestion, type Difficulty, type EngineState, type QuestionPurpose, type RecordedJudgement, type SkillProficiency } from './state';

/*
 * Progressive assessment as code. The model only words the question; which
 * skill, how hard and when to stop are decided here, from the judgements that
 * have arrived so far. The next question is planned while the latest answer
 * (sometimes the two latest) is still being judged, so every rule below reads
 * a pending judgement as "not known yet" and never waits for it unless there
 * is nothing else worth asking.
 *
 * Phases, in order, never revisited:
 *   warmup    2–3 easy questions (difficulty 1) on distinct skills, focus
 *             skills first. A third only when neither of the first two was
 *             judged good or better by the time it is decided (poor, partial
 *             or still pending): a nervous start gets one more easy question.
 *   standard  5–8 questions at difficulty 2–3 that cover every skill once
 *             (focus skills first, then role order). An answer judged
 *             no_answer does not cover its skill, so the phase extends
 *             toward 8 to ask it again; a role with fewer than 5 skills gives
 *             the spare questions to the skill with the least standard
 *             evidence. Difficulty 3 when the candidate's judged answers so
 *             far average clearly above partial (0.6), else 2; a skill
 *             already failed at 3 or below stays at 2, one passed at 2 gets 3.
 *   advanced  3–5 probes. A probe asks one level above the highest passed
 *             (see probeLevel for the one exception); a failure there
 *             (struggled, partial, poor, no_answer) maps the boundary as the
 *             highest passed, a pass raises the next probe, and a pass at 5
 *             maps the boundary at 5. A skill with a judgement still pending
 *             is never probed, since its level is unknown: another skill is
 *             probed meanwhile (interleaving). Order: carry on with skills
 *             already probed and not yet mapped; then, only while the
 *             minimums (12 in all, 3 advanced) are not reached, open a new
 *             unmapped skill, else re-probe the least-probed mapped skill one
 *             level above its boundary to confirm it. `wait` when all of that
 *             is blocked by pending judgements, and once the minimums are
 *             reached, when a probe still being judged decides between
 *             probing on and finishing.
 *
 * Stopping: a time or token limit stops at once, whatever the count. Never
 * before 12 questions otherwise; 20 at the most, and 5 advanced. The
 * interview finishes early (boundaries_mapped) once it has 12 questions, the
 * advanced phase has had at least 3, and every skill probed in it has its
 * boundary with no probe still being judged. Skills never probed keep the
 * evidence of the earlier phases.
 *
 * Judgements delayed (limits.judgementsDelayed: the AI service that judges
 * is unavailable, issue 19): nothing is ever waited for, and difficulty
 * follows the bank's progression until judgements arrive. A probe goes one
 * level above the highest level still being judged on its skill (the
 * candidate is assumed to climb), never up to a level already failed; fresh
 * skills come before a second probe of one being judged, so the evidence
 * waiting to be judged is spread over the skills. Once the minimums are
 * reached with probes still unjudged, the interview finishes
 * (judgements_delayed) rather than waiting for a service that is not there.
 *
 * Deterministic: no randomness and no clock other than limits.now; ties go
 * to focus skills, then to the role file's skill order.
 */

export interface PlanLimits {
  now: Date;
  tokensUsed: number;
  /** 0 means no budget. */
  tokenBudget: number;
  /** Default 60. */
  maxDurationMinutes?: number;
  /** The service that judges answers is unavailable: plan without waiting for judgements (see above). */
  judgementsDelayed?: boolean;
}

export const DEFAULT_MAX_DURATION_MINUTES = 60;

export interface AskPlan {
  kind: 'ask';
  phase: InterviewPhase;
  skillId: string;
  difficulty: Difficulty;
  purpose: QuestionPurpose;
}

export type FinishReason = 'boundaries_mapped' | 'max_questions' | 'time_limit' | 'token_budget' | 'judgements_delayed';

export type Plan = AskPlan | { kind: 'finish'; reason: FinishReason } | { kind: 'wait' };

const purposeOf: Record<InterviewPhase, QuestionPurpose> = { warmup: 'warmup', standard: 'assess', advanced: 'probe' };

/** Between partial (0.5) and good (0.75): a start mostly good or better earns the harder standard questions. */
const STRONG_MEAN = 0.6;

/** Long model text is cut before it is stored: the column travels to the recruiter's laptop and to Postgres. */
const MAX_EVIDENCE_CHARS = 500;
const MAX_REASONING_CHARS = 1000;

export interface CreateEngineStateInput {
  role: RoleDefinition;
  /** ISO-8601; the time limit counts from here. */
  startedAt: string;
  /** The prompt set's version, e.g. 'interview-v1', stored so scoring knows which prompts asked. */
  promptVersion: string;
  /** From a parsed resume: free-text skills or skill ids to ask about first. */
  focusSkills?: readonly string[];
}

export function createEngineState(input: CreateEngineStateInput): EngineState {
  const skillOrder = input.role.skills.map((skill) => skill.id);
  return {
    formatVersion: 1,
    roleType: input.role.roleType,
    roleVersion: input.role.version,
    promptVersion: input.promptVersion,
    startedAt: input.startedAt,
    skillOrder,
    focusSkills: resolveFocusSkills(input.role, input.focusSkills ?? []),
    phase: 'warmup',
    questions: [],
    skills: computeSkills(skillOrder, []),
  };
}

// ---------------------------------------------------------------- planning

interface Context {
  state: EngineState;
  rules: PhaseRules;
  total: number;
  counts: Record<InterviewPhase, number>;
  /** Skill ids, focus skills first, then role order. */
  preference: string[];
  lastSkill: string | undefined;
  /** Judgements cannot be had now: never wait for one. */
  delayed: boolean;
  skill(id: string): SkillProficiency;
}

export function planNext(state: EngineState, role: RoleDefinition, limits: PlanLimits, rules: PhaseRules = DEFAULT_PHASE_RULES): Plan {
  assertSameRole(state, role);
  assertValidRules(rules);

  const maxMinutes = limits.maxDurationMinutes ?? DEFAULT_MAX_DURATION_MINUTES;
  if (limits.now.getTime() - Date.parse(state.startedAt) >= maxMinutes * 60_000) return { kind: 'finish', reason: 'time_limit' };
  if (limits.tokenBudget > 0 && limits.tokensUsed >= limits.tokenBudget) return { kind: 'finish', reason: 'token_budget' };

  const ctx = context(state, rules, limits.judgementsDelayed ?? false);
  if (ctx.total >= rules.total.max) return { kind: 'finish', reason: 'max_questions' };

  if (ctx.counts.standard === 0 && ctx.counts.advanced === 0 && !warmupDone(ctx)) return planWarmup(ctx);
  if (ctx.counts.advanced === 0 && !standardDone(ctx)) return planStandard(ctx);
  return planAdvanced(ctx);
}

function context(state: EngineState, rules: PhaseRules, delayed: boolean): Context {
  const counts: Record<InterviewPhase, number> = { warmup: 0, standard: 0, advanced: 0 };
  for (const question of state.questions) counts[question.phase]++;
  const focus = new Set(state.focusSkills);
  return {
    state,
    rules,
    total: state.questions.length,
    counts,
    preference: [...state.skillOrder.filter((id) => focus.has(id)), ...state.skillOrder.filter((id) => !focus.has(id))],
    lastSkill: state.questions.at(-1)?.skillId,
    delayed,
    skill: (id) => state.skills[id] ?? missingSkill(id),
  };
}

function missingSkill(id: string): never {
  throw new EngineStateError(`The engine state has no proficiency entry for skill "${id}".`);
}

function ask(phase: InterviewPhase, skillId: string, difficulty: number): AskPlan {
  return { kind: 'ask', phase, skillId, difficulty: clampDifficulty(difficulty), purpose: purposeOf[phase] };
}

function clampDifficulty(level: number): Difficulty {
  return Math.min(5, Math.max(1, Math.round(level))) as Difficulty;
}

function questionsIn(ctx: Context, phase: InterviewPhase): AskedQuestion[] {
  return ctx.state.questions.filter((question) => question.phase === phase);
}

/** The first candidate in preference order, but not the skill just asked while another will do (a change of topic feels like a conversation). */
function pick(ctx: Context, candidates: readonly string[]): string | undefined {
  const ordered = ctx.preference.filter((id) => candidates.includes(id));
  return ordered.find((id) => id !== ctx.lastSkill) ?? ordered[0];
}

// warmup

function warmupDone(ctx: Context): boolean {
  const { min, max } = ctx.rules.warmup;
  if (ctx.counts.warmup >= max) return true;
  if (ctx.counts.warmup < min) return false;
  return questionsIn(ctx, 'warmup').some((question) => question.judgement !== null && judgementPassed(question.judgement));
}

function planWarmup(ctx: Context): Plan {
  const warmed = new Set(questionsIn(ctx, 'warmup').map((question) => question.skillId));
  // Skills outnumber warmup questions (4+ against 3), so a fresh one always exists; the fallback only guards odd rules.
  const skillId = pick(ctx, ctx.preference.filter((id) => !warmed.has(id))) ?? pick(ctx, ctx.preference)!;
  return ask('warmup', skillId, 1);
}

// standard

/** A skill is covered by a standard answer that is pending or said something; no_answer leaves it open. */
function uncoveredSkills(ctx: Context): string[] {
  const covered = new Set(
    questionsIn(ctx, 'standard')
      .filter((question) => question.judgement === null || question.judgement.quality !== 'no_answer')
      .map((question) => question.skillId),
  );
  return ctx.preference.filter((id) => !covered.has(id));
}

function standardDone(ctx: Context): boolean {
  const { rules, counts } = ctx;
  if (counts.standard >= rules.standard.max) return true;
  if (counts.standard < rules.standard.min) return false;
  // The advanced phase must be able to bring the total up to the minimum on its own.
  if (counts.warmup + counts.standard + rules.advanced.max < rules.total.min) return false;
  return uncoveredSkills(ctx).length === 0;
}

function planStandard(ctx: Context): Plan {
  const uncovered = uncoveredSkills(ctx);
  let skillId = pick(ctx, uncovered);
  if (skillId === undefined) {
    // All covered but the phase minimum not reached: the skill with the least standard evidence.
    const asked = (id: string) => questionsIn(ctx, 'standard').filter((question) => question.skillId === id).length;
    const fewest = Math.min(...ctx.preference.map(asked));
    skillId = pick(ctx, ctx.preference.filter((id) => asked(id) === fewest))!;
  }
  return ask('standard', skillId, standardDifficulty(ctx, skillId));
}

function standardDifficulty(ctx: Context, skillId: string): 2 | 3 {
  const skill = ctx.skill(skillId);
  if (skill.lowestFailed !== null && skill.lowestFailed <= 3) return 2;
  if (skill.highestPassed >= 2) return 3;
  const judged = ctx.state.questions.flatMap((question) => (question.judgement ? [question.judgement.score] : []));
  if (judged.length === 0) return 2;
  const mean = judged.reduce((sum, score) => sum + score, 0) / judged.length;
  return mean >= STRONG_MEAN ? 3 : 2;
}

// advanced

function planAdvanced(ctx: Context): Plan {
  const { rules, counts } = ctx;
  if (counts.advanced >= rules.advanced.max) return { kind: 'finish', reason: 'max_questions' };
  if (ctx.delayed) return planAdvancedDelayed(ctx);

  const needMore = ctx.total < rules.total.min || counts.advanced < rules.advanced.min;
  const opened = new Set(questionsIn(ctx, 'advanced').map((question) => question.skillId));
  const unmapped = (id: string) => ctx.skill(id).boundary === null;
  const blocked = (id: string) => ctx.skill(id).pending > 0;
  const probe = (id: string) => ask('advanced', id, probeLevel(ctx.skill(id)));

  const carryOn = pick(ctx, ctx.preference.filter((id) => opened.has(id) && unmapped(id) && !blocked(id)));
  if (carryOn !== undefined) return probe(carryOn);

  if (needMore) {
    // A question is due anyway, so a skill being judged is never waited for while another can be asked.
    const fresh = pick(ctx, ctx.preference.filter((id) => !opened.has(id) && unmapped(id) && !blocked(id)));
    if (fresh !== undefined) return probe(fresh);
    const confirm = confirmationSkill(ctx, blocked);
    if (confirm !== undefined) return ask('advanced', confirm, (ctx.skill(confirm).boundary ?? ctx.skill(confirm).highestPassed) + 1);
    return { kind: 'wait' };
  }
  /*
   * Minimums reached: no new skill is opened, or the interview would never
   * finish early (the latest probe is almost always still being judged).
   * A probe being judged decides between one more probe and finishing, so
   * that is the one case worth a short wait.
   */
  if (questionsIn(ctx, 'advanced').some((question) => question.judgement === null)) return { kind: 'wait' };
  return { kind: 'finish', reason: 'boundaries_mapped' };
}

/**
 * The advanced phase while judgements are delayed: the same order as
 * above (carry on, fresh, confirm), except that a skill being judged is
 * asked at its progression level instead of waited for, and the end comes
 * at the minimums.
 */
function planAdvancedDelayed(ctx: Context): Plan {
  const { rules, counts } = ctx;
  const opened = new Set(questionsIn(ctx, 'advanced').map((question) => question.skillId));
  const unmapped = (id: string) => ctx.skill(id).boundary === null;
  const probesJudged = (id: string) => questionsIn(ctx, 'advanced').every((question) => question.skillId !== id || question.judgement !== null);
  const probe = (id: string) => ask('advanced', id, progressionLevel(ctx, id));

  // A skill whose probes are all judged has a known next step; one whose probe is still being judged is not climbed twice in a row.
  const carryOn = pick(ctx, ctx.preference.filter((id) => opened.has(id) && unmapped(id) && probesJudged(id)));
  if (carryOn !== undefined) return probe(carryOn);
  if (ctx.total >= rules.total.min && counts.advanced >= rules.advanced.min) {
    const unjudged = questionsIn(ctx, 'advanced').some((question) => question.judgement === null);
    return { kind: 'finish', reason: unjudged ? 'judgements_delayed' : 'boundaries_mapped' };
  }
  const fresh = pick(ctx, ctx.preference.filter((id) => !opened.has(id) && unmapped(id)));
  if (fresh !== undefined) return probe(fresh);
  // Every skill opened: the one probed least climbs on (confirmationSkill's tie-break, nothing blocked).
  const next = confirmationSkill(ctx, () => false)!;
  return probe(next);
}

/**
 * The bank's progression for a skill while its answers wait to be judged:
 * one level above the highest level still being judged (the candidate is
 * assumed to keep up until a judgement says otherwise), or the usual probe
 * level when that is higher, and never a level already failed.
 */
function progressionLevel(ctx: Context, skillId: string): number {
  const skill = ctx.skill(skillId);
  const waiting = ctx.state.questions.filter((question) => question.skillId === skillId && question.judgement === null).map((question) => question.difficulty);
  let level = Math.max(probeLevel(skill), waiting.length > 0 ? Math.max(...waiting) + 1 : 0);
  if (skill.lowestFailed !== null) level = Math.min(level, skill.lowestFailed - 1);
  if (skill.boundary !== null) level = Math.max(level, skill.boundary + 1);
  return level;
}

/**
 * One level above the highest pass, raising the bar until the candidate
 * struggles. When a failure above already exists with a gap below it (failed
 * at 3, nothing passed), the level just below that failure comes first: a
 * pass there maps the boundary in one question instead of climbing up from 1.
 */
function probeLevel(skill: SkillProficiency): number {
  return skill.lowestFailed !== null ? skill.lowestFailed - 1 : skill.highestPassed + 1;
}

/**
 * Everything is mapped (or blocked) but the interview is still too short:
 * re-probe the skill with the least evidence one level above its boundary.
 * A pass moves the boundary up; a second failure confirms it.
 */
function confirmationSkill(ctx: Context, blocked: (id: string) => boolean): string | undefined {
  const probes = (id: string) => questionsIn(ctx, 'advanced').filter((question) => question.skillId === id).length;
  // sort is stable and the list is in preference order, so ties keep the planner's tie-break.
  const [best] = ctx.preference
    .filter((id) => !blocked(id))
    .sort((a, b) => probes(a) - probes(b) || ctx.skill(a).attempts - ctx.skill(b).attempts);
  return best;
}

function assertSameRole(state: EngineState, role: RoleDefinition): void {
  const ids = role.skills.map((skill) => skill.id);
  if (state.roleType !== role.roleType || !sameData(ids, state.skillOrder)) {
    throw new EngineStateError(
      `This interview was planned with the ${state.roleType} role v${state.roleVersion} (skills ${state.skillOrder.join(', ')}), ` +
        `but the ${role.roleType} role v${role.version} (skills ${ids.join(', ')}) was given.`,
    );
  }
}

// ---------------------------------------------------------------- recording

/**
 * The question `fromId` was asked again in other words as `toId` (the
 * `reask` accommodation): the same plan, so the engine's record simply
 * follows it to the new wording. Only an unjudged question can be re-asked.
 */
export function recordReasked(state: EngineState, fromId: string, toId: string): EngineState {
  const existing = state.questions.find((question) => question.messageId === fromId);
  if (!existing) throw new EngineStateError(`Question ${fromId} was never recorded, so it cannot be asked again.`);
  if (existing.judgement) throw new EngineStateError(`Question ${fromId} was already judged, so it cannot be asked again.`);
  if (state.questions.some((question) => question.messageId === toId)) throw new EngineStateError(`Question ${toId} is already recorded.`);
  return { ...state, questions: state.questions.map((question) => (question === existing ? { ...question, messageId: toId } : question)) };
}

/** Adds the question the service asked for `plan`. Repeating the same call is harmless; reusing the id for another plan throws. */
export function recordAsked(state: EngineState, plan: AskPlan, questionMessageId: string): EngineState {
  const entry: AskedQuestion = {
    messageId: questionMessageId,
    phase: plan.phase,
    purpose: plan.purpose,
    skillId: plan.skillId,
    difficulty: plan.difficulty,
    judgement: null,
  };
  const existing = state.questions.find((question) => question.messageId === questionMessageId);
  if (existing) {
    const { judgement: _judgement, ...asked } = existing;
    const { judgement: _none, ...wanted } = entry;
    if (sameData(asked, wanted)) return state;
    throw new EngineStateError(`Question ${questionMessageId} was already recorded with a different plan.`);
  }
  if (!state.skillOrder.includes(plan.skillId)) throw new EngineStateError(`Unknown skill "${plan.skillId}" for the ${state.roleType} role.`);
  const questions = [...state.questions, entry];
  return { ...state, phase: plan.phase, questions, skills: computeSkills(state.skillOrder, questions) };
}

/**
 * Stores the judgement of one answer, in whatever order judgements arrive.
 * The same judgement twice changes nothing; a different one replaces the
 * first (a deliberate re-judge). The planned skill and difficulty, not the
 * judge's skillArea, decide what the judgement counts for: the engine chose
 * them, and the boundary logic relies on that.
 */
export function recordJudgement(state: EngineState, questionMessageId: string, judgement: Judgement): EngineState {
  const index = state.questions.findIndex((question) => question.messageId === questionMessageId);
  if (index < 0) throw new EngineStateError(`No question ${questionMessageId} was asked in this interview.`);
  const recorded = toRecorded(judgementSchema.parse(judgement));
  if (sameData(state.questions[index]!.judgement, recorded)) return state;
  const questions = state.questions.map((question, i) => (i === index ? { ...question, judgement: recorded } : question));
  return { ...state, questions, skills: computeSkills(state.skillOrder, questions) };
}

function toRecorded(judgement: Judgement): RecordedJudgement {
  return {
    skillArea: judgement.skillArea.slice(0, 100),
    quality: judgement.quality,
    evidence: judgement.evidence.slice(0, MAX_EVIDENCE_CHARS),
    struggled: judgement.struggled,
    reasoning: judgement.reasoning.slice(0, MAX_REASONING_CHARS),
    score: qualityScore(judgement.quality),
  };
}
