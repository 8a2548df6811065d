import type { FakeOpenAi, RecordedRequest, Reply } from '../../fixtures/fake-openai';

/** What the fake AI "reads" from every resume; the test looks for these on screen. */
export const PARSED_RESUME = {
  skills: ['TypeScript', 'PostgreSQL', 'Kubernetes'],
  yearsOfExperience: 7,
  education: [{ institution: 'Jagiellonian University', qualification: 'MSc Computer Science', year: 2016 }],
  previousRoles: [{ title: 'Senior Backend Engineer', organisation: 'Allegro', years: 4 }],
  technicalDomains: [{ domain: 'Distributed systems', level: 'advanced' }],
  summary: 'A backend engineer with seven years of experience building distributed systems.',
} as const;

export const FEEDBACK_TEXT =
  'Thank you for sharing your resume. Your backend experience is strong; to round it out, consider building a small React front end.';
export const FEEDBACK_GAP = 'Little front-end experience';
export const FEEDBACK_RESOURCE = 'React official tutorial';

/** Main names its structured-output schemas: `parsed_resume` for parsing, `resume_feedback` for the email. */
function schemaName(request: RecordedRequest): string | null {
  const format: unknown = request.json?.response_format;
  if (typeof format !== 'object' || format === null) return null;
  const jsonSchema = (format as { json_schema?: { name?: unknown } }).json_schema;
  return typeof jsonSchema?.name === 'string' ? jsonSchema.name : null;
}

/** `failFeedback`: asked at each feedback call; a reply it returns (a fault) is sent instead of the feedback. */
export function scriptResumeAi(fake: FakeOpenAi, options: { failFeedback?: () => Reply | null } = {}): void {
  fake.setResponder('chat', (request): Reply => {
    const name = schemaName(request);
    if (name === 'parsed_resume') return { kind: 'structured', json: PARSED_RESUME };
    if (name === 'resume_feedback') {
      const failure = options.failFeedback?.();
      if (failure) return failure;
      return {
        kind: 'structured',
        json: {
          feedbackContent: FEEDBACK_TEXT,
          identifiedGaps: [FEEDBACK_GAP],
          recommendedResources: [{ title: FEEDBACK_RESOURCE, url: 'https://react.dev/learn', reason: 'It covers components and state step by step.' }],
        },
      };
    }
    throw new Error(`resume-ai: unexpected chat request (schema ${String(name)})`);
  });
}
