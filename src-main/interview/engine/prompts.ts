import type { z } from 'zod';
import { judgementSchemaFor, type Judgement } from './judgement';
import type { ConversationMemory, MemoryLimits } from './memory';
import { promptTurns } from './memory';
import type { AskPlan } from './planner';
import type { RoleDefinition, SkillDefinition } from './role-definitions';

/**
 * The prompt texts live in resources/prompts/interview/<version>/ so they can
 * be reviewed and changed without touching code; a change of wording is a
 * new version folder, and the version is stored with each interview so its
 * questions and judgements can be traced to the exact prompts.
 */

/** Each template and the placeholders it may use; anything else is a typo caught at load time. */
const templatePlaceholders = {
  'interviewer-system': ['roleTitle'],
  'difficulty-scale': [],
  question: [
    'roleTitle',
    'questionNumber',
    'phase',
    'purpose',
    'skillName',
    'skillDescription',
    'skillTopics',
    'difficulty',
    'difficultyScale',
    'resumeContext',
    'conversation',
  ],
  'resume-context': ['resumeSummary'],
  'judge-system': ['roleTitle', 'skillList', 'difficultyScale'],
  'judge-answer': ['skillId', 'skillName', 'difficulty', 'question', 'answerTranscript'],
  'reask-question': ['roleTitle', 'question'],
} as const satisfies Record<string, readonly string[]>;

export type TemplateName = keyof typeof templatePlaceholders;

/** One message of a prompt; the AI provider's ChatMessage has this shape, so the engine needs no provider import. */
export interface PromptMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/** Judging one answer as structured output; fits the provider's StructuredRequest. */
export interface JudgeRequest {
  task: 'interview';
  messages: PromptMessage[];
  schema: z.ZodType<Judgement>;
  schemaName: string;
  temperature: number;
}
type Values<N extends TemplateName> = Record<(typeof templatePlaceholders)[N][number], string | number>;

export interface PromptSet {
  /** Stored with the interview, e.g. 'interview-v1'. */
  version: string;
  templates: Readonly<Record<TemplateName, string>>;
  /** SHA-256 over the set's files as read (resources/resource-files.ts): the version the audit trail records. */
  sha256?: string;
}

/**
 * The audit trail's reference for a call built from this set: one id per
 * kind of call ('interview/v1/question'), versioned by the whole set's hash,
 * since each call's messages come from several of its files.
 */
export function promptSetRef(prompts: PromptSet, call: 'question' | 'judge' | 'reask'): { id: string; version: string } | undefined {
  if (!prompts.sha256) return undefined;
  return { id: `${prompts.version.replace(/^interview-/, 'interview/')}/${call}`, version: prompts.sha256 };
}

export class PromptSetError extends Error {
  override readonly name = 'PromptSetError';
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(message);
  }
}

const PLACEHOLDER = /\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g;
// Leading HTML comments document a template for its editors; the model never sees them.
const LEADING_COMMENTS = /^(?:\s*<!--[\s\S]*?-->)+/;

export function placeholdersIn(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)].map((match) => match[1]!);
}

export const templateNames = Object.keys(templatePlaceholders) as TemplateName[];

/** A prompt folder's name: 'v1', 'v2', … (it becomes part of a file path, so nothing else is accepted). */
export function checkPromptVersion(version: string): void {
  if (!/^v\d+$/.test(version)) throw new Error(`Prompt version must look like "v1", got "${version}".`);
}

/**
 * Builds a prompt set from its templates' texts, checking each: leading
 * comments dropped, not empty, only its allowed placeholders. `read` supplies
 * a template's file and text (resources/resource-files.ts reads the folder).
 */
export function promptSetFrom(version: string, read: (name: TemplateName) => { file: string; text: string }): PromptSet {
  checkPromptVersion(version);
  const templates = {} as Record<TemplateName, string>;
  for (const [name, allowed] of Object.entries(templatePlaceholders) as [TemplateName, readonly string[]][]) {
    const { file, text } = read(name);
    const body = text.replace(LEADING_COMMENTS, '').trim();
    if (body.length === 0) throw new PromptSetError(file, `The prompt template ${file} is empty.`);
    const unknown = placeholdersIn(body).filter((placeholder) => !allowed.includes(placeholder));
    if (unknown.length > 0) {
      throw new PromptSetError(file, `The prompt template ${file} uses unknown placeholders: ${[...new Set(unknown)].map((p) => `{{${p}}}`).join(', ')}. Allowed: ${allowed.join(', ') || 'none'}.`);
    }
    templates[name] = body;
  }
  return { version: `interview-${version}`, templates };
}

/**
 * Fills one template in a single pass, so text inside a value (a candidate
 * saying "{{skillName}}") is never substituted again. Empty optional parts
 * leave blank lines behind; runs of them are closed up.
 */
export function renderTemplate<N extends TemplateName>(prompts: PromptSet, name: N, values: Values<N>): string {
  const lookup = values as Record<string, string | number>;
  return prompts.templates[name]
    .replace(PLACEHOLDER, (_match, key: string) => {
      const value = lookup[key];
      if (value === undefined) throw new Error(`No value for {{${key}}} in the ${name} template of ${prompts.version}.`);
      return String(value);
    })
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

function skillOf(role: RoleDefinition, skillId: string): SkillDefinition {
  const skill = role.skills.find((candidate) => candidate.id === skillId);
  if (!skill) throw new Error(`The ${role.roleType} role has no skill "${skillId}".`);
  return skill;
}

function conversationText(memory: ConversationMemory, limits: MemoryLimits | undefined, withoutAnswers: boolean): string {
  const turns = promptTurns(memory, limits);
  if (turns.length === 0) return '(Nothing yet: this is the first question.)';
  const earlier = memory.turns.length > turns.length ? '(Earlier questions are left out.)\n\n' : '';
  if (withoutAnswers) {
    return `${earlier}(The candidate's answers are left out: write a self-contained question.)\n\n${turns.map((turn) => `Interviewer: ${turn.question}`).join('\n\n')}`;
  }
  return (
    earlier +
    turns
      .map((turn) => ('answer' in turn ? `Interviewer: ${turn.question}\nCandidate: ${turn.answer}` : `Interviewer: ${turn.question}\nCandidate, in summary: ${turn.answerSummary}`))
      .join('\n\n')
  );
}

export interface QuestionPromptInput {
  prompts: PromptSet;
  role: RoleDefinition;
  plan: AskPlan;
  /** Every turn so far; the prompt shows the latest within memoryLimits. */
  memory: ConversationMemory;
  /** A short summary of the parsed resume; the question is tied to it where it fits. */
  resumeSummary?: string | null;
  memoryLimits?: MemoryLimits;
  /**
   * Leaves out what the candidate said (answers and resume), keeping the
   * questions asked: for asking again after the model declined, since what
   * it declines is most often something the candidate said.
   */
  withoutAnswers?: boolean;
}

/** The messages that make the model write the next question, and only its text, for the engine's chosen skill and difficulty. */
export function buildQuestionMessages(input: QuestionPromptInput): PromptMessage[] {
  const { prompts, role, plan, memory } = input;
  const skill = skillOf(role, plan.skillId);
  const difficultyScale = renderTemplate(prompts, 'difficulty-scale', {});
  const summary = input.withoutAnswers ? '' : input.resumeSummary?.trim();
  const resumeContext = summary ? renderTemplate(prompts, 'resume-context', { resumeSummary: summary }) : '';
  return [
    { role: 'system', content: renderTemplate(prompts, 'interviewer-system', { roleTitle: role.title }) },
    {
      role: 'user',
      content: renderTemplate(prompts, 'question', {
        roleTitle: role.title,
        questionNumber: memory.turns.length + 1,
        phase: plan.phase,
        purpose: plan.purpose,
        skillName: skill.name,
        skillDescription: skill.description,
        skillTopics: skill.topics.join('; '),
        difficulty: plan.difficulty,
        difficultyScale,
        resumeContext,
        conversation: conversationText(memory, input.memoryLimits, input.withoutAnswers === true),
      }),
    },
  ];
}

/**
 * The question on screen asked again in other words (the `reask`
 * accommodation): the interviewer's own persona, and only the question; the
 * candidate's earlier answers are not needed to say the same thing plainer.
 */
export function buildReaskMessages(input: { prompts: PromptSet; role: RoleDefinition; question: string }): PromptMessage[] {
  const { prompts, role, question } = input;
  return [
    { role: 'system', content: renderTemplate(prompts, 'interviewer-system', { roleTitle: role.title }) },
    { role: 'user', content: renderTemplate(prompts, 'reask-question', { roleTitle: role.title, question }) },
  ];
}

export interface JudgePromptInput {
  prompts: PromptSet;
  role: RoleDefinition;
  /** The question as it was asked. */
  question: string;
  answerTranscript: string;
  /** What the question was planned to assess (an AskPlan or a recorded question). */
  plan: Pick<AskPlan, 'skillId' | 'difficulty'>;
}

/** The messages for judging one answer with judgementSchemaFor(role) as structured output. */
export function buildJudgeMessages(input: JudgePromptInput): PromptMessage[] {
  const { prompts, role, plan } = input;
  const skill = skillOf(role, plan.skillId);
  const transcript = input.answerTranscript.trim();
  return [
    {
      role: 'system',
      content: renderTemplate(prompts, 'judge-system', {
        roleTitle: role.title,
        skillList: role.skills.map((s) => `${s.id}: ${s.name}. ${s.description}`).join('\n'),
        difficultyScale: renderTemplate(prompts, 'difficulty-scale', {}),
      }),
    },
    {
      role: 'user',
      content: renderTemplate(prompts, 'judge-answer', {
        skillId: skill.id,
        skillName: skill.name,
        difficulty: plan.difficulty,
        question: input.question,
        answerTranscript: transcript.length > 0 ? transcript : '(Nothing was transcribed: the candidate was silent or inaudible.)',
      }),
    },
  ];
}

/** Judging one answer, as the answer judge sends it (and `provider check` tries it): temperature 0, for repeatable judgements. */
export function buildJudgeRequest(input: JudgePromptInput): JudgeRequest {
  return { task: 'interview', messages: buildJudgeMessages(input), schema: judgementSchemaFor(input.role), schemaName: 'answer_judgement', temperature: 0 };
}
