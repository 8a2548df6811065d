import { aiCallPayloadSchema, assessmentPayloadSchema, type AiCallPayload, type AuditEntryView } from '../../../shared/domain/audit';
import type { PackModelUse } from '../../../shared/domain/explanation-pack';

/**
 * "Which models and versions produced what", read off the interview's AI
 * audit trail (issue 18, point 3): each kind of work once per model,
 * snapshot and prompt version, with how many calls it took. An entry that
 * does not parse (a damaged row, whose chain fails too) is left out here;
 * the staff's audit trail shows it.
 */

/** The last part of a template id ('interview/v1/judge' → 'judge') names the work; the words are for a candidate. */
const TASKS_BY_TEMPLATE: Record<string, string> = {
  question: 'Writing the questions',
  reask: 'Rewording a question you asked to hear again',
  judge: 'Judging each answer, to choose the next question',
  skill: 'Scoring each skill',
  integrity: 'Reading the answers for integrity concerns',
  reasoning: 'Explaining the scores',
  recommendations: 'Suggesting next steps for the recruiter',
};

function taskOf(call: AiCallPayload): string {
  if (call.endpoint === 'transcription') return 'Transcribing your spoken answers';
  if (call.endpoint === 'speech') return 'Speaking the questions aloud';
  const kind = call.template?.id.split('/').at(-1) ?? '';
  return TASKS_BY_TEMPLATE[kind] ?? `Other work (${call.purpose})`;
}

export function modelUses(entries: readonly AuditEntryView[]): PackModelUse[] {
  const uses = new Map<string, PackModelUse>();
  for (const entry of entries) {
    if (entry.kind !== 'ai_call') continue;
    const parsed = aiCallPayloadSchema.safeParse(entry.payload);
    if (!parsed.success) continue;
    const call = parsed.data;
    const use: PackModelUse = {
      task: taskOf(call),
      model: call.model,
      snapshot: call.snapshot,
      template: call.template?.id ?? null,
      templateVersion: call.template?.version ?? null,
      calls: 1,
    };
    const key = JSON.stringify([use.task, use.model, use.snapshot, use.template, use.templateVersion]);
    const seen = uses.get(key);
    if (seen) seen.calls += 1;
    else uses.set(key, use);
  }
  // In the order the work first happened: questions and transcription during the interview, scoring after it.
  return [...uses.values()];
}

/** The role definition and the scoring prompts of the latest scoring run, with their versions. */
export function versionsUsed(entries: readonly AuditEntryView[]): { what: string; version: string }[] {
  const runs = entries.filter((entry) => entry.kind === 'assessment').map((entry) => assessmentPayloadSchema.safeParse(entry.payload));
  const latest = runs.filter((run) => run.success).at(-1)?.data;
  if (!latest) return [];
  return [
    { what: `Role definition: the ${latest.roleType} question bank and rubric, version ${latest.questionBank.version}`, version: latest.questionBank.sha256 },
    ...latest.templates.map((template) => ({ what: `Scoring prompt ${template.id}`, version: template.version })),
  ];
}
