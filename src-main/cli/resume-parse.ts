import { fileURLToPath } from 'node:url';
import type { ParsedResume } from '../../shared/domain/resume';
import type { TokenUsage } from '../providers/ai/types';
import { loadResumePrompts, resumeParsingRequest } from '../resumes/resume-prompts';
import { openCliAi } from './provider/cli-ai';
import { describeKind, failureOf, type ProviderFailure } from './provider/provider-failure';
import type { ProviderSetup } from './provider/provider-setup';

export type ParseOutcome =
  | { ok: true; result: ParsedResume; model: string; latencyMs: number; usage: TokenUsage }
  | { ok: false; error: ProviderFailure };

/** The app's parse of a resume's extracted text (the request ResumeIntake makes), once, with the device's provider. */
/** The prompt files this checkout ships (the command runs from a checkout, like the others). */
const resourcesDir = fileURLToPath(new URL('../../resources', import.meta.url));

export async function parseResumeText(setup: ProviderSetup, text: string): Promise<ParseOutcome> {
  const cli = openCliAi(setup);
  try {
    const reply = await cli.ai.languageModel.structured(resumeParsingRequest(loadResumePrompts(resourcesDir), text));
    return { ok: true, result: reply.value, model: reply.model, latencyMs: reply.latencyMs, usage: reply.usage };
  } catch (error) {
    return { ok: false, error: failureOf(error) };
  } finally {
    await cli.close();
  }
}

/** The parse for the readable report, aligned with its other "Label:   value" lines. */
export function parseLines(outcome: ParseOutcome): string[] {
  if (!outcome.ok) return [`Parse:     failed (${describeKind(outcome.error)})`, `Message:   ${outcome.error.message}`];
  const { result, usage } = outcome;
  const list = (items: string[]) => (items.length === 0 ? '(none)' : items.join('; '));
  const years = (value: number | null) => (value === null ? '' : ` (${value} ${value === 1 ? 'year' : 'years'})`);
  return [
    `Parse:     parsed by ${outcome.model} in ${outcome.latencyMs} ms (${usage.promptTokens} in / ${usage.completionTokens} out tokens)`,
    `Skills:    ${list(result.skills)}`,
    `Years:     ${result.yearsOfExperience ?? 'not stated'}`,
    `Education: ${list(result.education.map((item) => `${item.qualification}, ${item.institution}${item.year === null ? '' : ` (${item.year})`}`))}`,
    `Roles:     ${list(result.previousRoles.map((role) => `${role.title} at ${role.organisation}${years(role.years)}`))}`,
    `Domains:   ${list(result.technicalDomains.map((domain) => `${domain.domain} (${domain.level})`))}`,
    `Summary:   ${result.summary}`,
  ];
}
