import { z } from 'zod';
import { parsedResumeSchema, type ParsedResume } from '../../shared/domain/resume';
import type { ParsedData } from '../db/json-schemas';
import type { StructuredRequest } from '../providers/ai/types';
import { loadPromptTemplate, promptMessages, type PromptTemplate } from '../resources/prompt-templates';

/** The model's feedback reply (stored in resume_feedback); strict-schema friendly: every field required. */
export const generatedFeedbackSchema = z.object({
  feedbackContent: z.string().min(20).max(20_000),
  identifiedGaps: z.array(z.string().min(1).max(500)).max(20),
  recommendedResources: z
    .array(z.object({ title: z.string().min(1).max(500), url: z.string().max(2048).nullable(), reason: z.string().max(2000) }))
    .max(20),
});
export type GeneratedFeedback = z.infer<typeof generatedFeedbackSchema>;

/** The resume calls' wordings, from resources/prompts/resume/v1/ (the reply schemas stay here, in code). */
export interface ResumePrompts {
  parse: PromptTemplate;
  feedback: PromptTemplate;
}

export function loadResumePrompts(resourcesDir: string): ResumePrompts {
  return {
    parse: loadPromptTemplate(resourcesDir, 'resume/v1/parse', ['resumeText']),
    feedback: loadPromptTemplate(resourcesDir, 'resume/v1/feedback', ['candidateName', 'parsedResume']),
  };
}

/** What resume parsing asks the model, as the resume service sends it (and `provider check` / `resume extract --parse` try it). */
export function resumeParsingRequest(prompts: ResumePrompts, resumeText: string): StructuredRequest<ParsedResume> {
  return { task: 'resumeParsing', schema: parsedResumeSchema, schemaName: 'parsed_resume', ...promptMessages(prompts.parse, { resumeText }), temperature: 0 };
}

/** What feedback writing asks the model; a little warmth (temperature 0.4, ignored by reasoning models) for the email's wording. */
export function feedbackRequest(prompts: ResumePrompts, candidateName: string, parsed: ParsedData): StructuredRequest<GeneratedFeedback> {
  const prompt = promptMessages(prompts.feedback, { candidateName, parsedResume: JSON.stringify(parsed) });
  return { task: 'resumeParsing', schema: generatedFeedbackSchema, schemaName: 'resume_feedback', ...prompt, temperature: 0.4 };
}
