import { zodResponseFormat } from 'openai/helpers/zod';
import { afterEach, describe, expect, it } from 'vitest';
import { parsedResumeSchema } from '../../../shared/domain/resume';
import type { SettingsPatch } from '../../../shared/domain/settings';
import { SCORING_SCHEMA_NAMES } from '../../../src-main/assessment/scoring-prompts';
import { InterviewResources } from '../../../src-main/resources/interview-resources';
import { buildJudgeRequest } from '../../../src-main/interview/engine/index';
import { roleTypes } from '../../../shared/domain/interview';
import { strictResponseFormat } from '../../../src-main/providers/ai/strict-schema';
import type { StructuredRequest } from '../../../src-main/providers/ai/types';
import { feedbackRequest, generatedFeedbackSchema, loadResumePrompts, resumeParsingRequest } from '../../../src-main/resumes/resume-prompts';
import { conformanceProblem, strictSchemaProblems, type RecordedRequest } from '../../fixtures/fake-openai/index';
import { schemaNameOf } from '../../fixtures/scoring-ai';
import { resourcesDir } from '../../support/test-app';
import { scoringChat, signInAdmin, takeAndSubmitInterview, waitForScoring } from '../assessment/support';
import { createInterviewHarness, scriptAi, type InterviewHarness } from '../interview/support';
import { createAiHarness, useFakeOpenAi } from './support';
import { PARSED_RESUME as PARSED, scores, scoringInput } from '../../../src-main/cli/provider-check/canned-inputs';
import { loadScoringPrompts, scoringRequests } from '../../../src-main/assessment/scoring-prompts';

/*
 * One place that checks every request the app makes against the rules of
 * the real API, as the strict fake enforces them (tests/fixtures/fake-openai/rules):
 * each structured schema, and every request of a whole interview, its
 * scoring and a resume's parsing and feedback, under classic and under
 * reasoning models. A new schema or parameter the service would refuse
 * fails here, with the rule it breaks in the message.
 */

const fake = useFakeOpenAi();

/** Every structured-output schema the app sends, by the name it sends it under. */
function appSchemas(): Array<{ name: string; request: Pick<StructuredRequest<unknown>, 'schema' | 'schemaName'> }> {
  const resources = new InterviewResources(resourcesDir);
  const judges = roleTypes.map((roleType) => ({
    name: `answer_judgement (${roleType})`,
    request: buildJudgeRequest({
      prompts: resources.prompts(),
      role: resources.role(roleType),
      question: 'Q',
      answerTranscript: 'A',
      plan: { skillId: resources.role(roleType).skills[0]!.id, difficulty: 1 },
    }),
  }));
  return [
    ...judges,
    ...scoringSchemas(resources).map((request) => ({ name: request.schemaName, request })),
    { name: 'parsed_resume', request: resumeParsingRequest(loadResumePrompts(resourcesDir), 'text') },
    { name: 'resume_feedback', request: feedbackRequest(loadResumePrompts(resourcesDir), 'Casey', PARSED) },
  ];
}

/** The four scoring passes' requests, built by the scorer's own builders on the command line's canned input. */
function scoringSchemas(resources: InterviewResources) {
  const input = scoringInput(resources.role('react'));
  const scored = scores(input);
  return [
    scoringRequests.skill(loadScoringPrompts(resourcesDir), input, input.skills[0]!),
    scoringRequests.integrity(loadScoringPrompts(resourcesDir), input, []),
    scoringRequests.reasoning(loadScoringPrompts(resourcesDir), input, scored, { subject: 'overall', title: 'Overall score', score: scored.overallScore, questions: input.questions }),
    scoringRequests.recommendations(loadScoringPrompts(resourcesDir), input, scored, { strengths: ['Explains effect cleanup'], weaknesses: [] }),
  ];
}

const KNOWN_SCHEMA_NAMES = new Set(['answer_judgement', 'parsed_resume', 'resume_feedback', ...Object.values(SCORING_SCHEMA_NAMES)]);

describe('every structured-output schema the app sends', () => {
  it.each(appSchemas().map(({ name, request }) => [name, request] as const))('%s is inside the strict subset', (_name, request) => {
    const format = strictResponseFormat(request.schema, request.schemaName);
    expect(strictSchemaProblems(format.json_schema.schema ?? {})).toEqual([]);
  });

  it('the check bites: the resume schemas as the SDK alone would send them carry the lengths strict mode refuses', () => {
    const raw = (schema: Parameters<typeof zodResponseFormat>[0], name: string) => zodResponseFormat(schema, name).json_schema.schema ?? {};
    expect(strictSchemaProblems(raw(parsedResumeSchema, 'parsed_resume')).join('\n')).toMatch(/'maxLength' is not permitted/);
    expect(strictSchemaProblems(raw(generatedFeedbackSchema, 'resume_feedback')).join('\n')).toMatch(/'minLength' is not permitted/);
  });

  it('lists every schema name the features use', () => {
    expect(new Set(appSchemas().map(({ request }) => request.schemaName))).toEqual(KNOWN_SCHEMA_NAMES);
  });
});

const configurations: Array<[string, NonNullable<SettingsPatch['provider']>]> = [
  ['the defaults (classic models, whisper-1, tts-1)', {}],
  [
    'reasoning models, gpt-4o-mini-transcribe and gpt-4o-mini-tts',
    { interviewModel: 'gpt-5-mini', scoringModel: 'o4-mini', resumeParsingModel: 'gpt-5.1', sttModel: 'gpt-4o-mini-transcribe', ttsModel: 'gpt-4o-mini-tts', ttsVoice: 'cedar' },
  ],
];

/** What the strict fake says of each request, with the request's endpoint and schema, for a readable failure. */
function problemsOf(requests: readonly RecordedRequest[]): string[] {
  return requests.flatMap((request) => {
    const problem = conformanceProblem(request);
    return problem ? [`${request.endpoint} ${schemaNameOf(request) ?? ''} (${request.json?.model ?? request.form?.fields.model}): ${problem}`] : [];
  });
}

describe.each(configurations)('every request of the features, with %s', (_label, provider) => {
  let h: InterviewHarness | undefined;
  afterEach(() => h?.close());

  it('a whole interview and its scoring: every request is one the service accepts', async () => {
    h = createInterviewHarness(fake.server, { provider });
    scriptAi(fake.server, { otherChat: scoringChat() });
    await signInAdmin(h);
    const interview = await takeAndSubmitInterview(h, 'conformance@example.com');
    const review = await waitForScoring(h, interview.id);
    expect(review.assessment?.status).toBe('complete');

    const requests = fake.server.requests;
    expect(problemsOf(requests)).toEqual([]);
    const kinds = new Set(requests.map((request) => (request.endpoint === 'chat' ? (schemaNameOf(request) ?? (request.json.stream ? 'streamed question' : 'chat')) : request.endpoint)));
    expect(kinds).toEqual(new Set(['streamed question', 'answer_judgement', ...Object.values(SCORING_SCHEMA_NAMES), 'transcriptions', 'speech']));
    for (const request of requests) {
      const name = schemaNameOf(request);
      if (name) expect(KNOWN_SCHEMA_NAMES, `a schema this test does not list: ${name}`).toContain(name);
    }
  });

  it('resume parsing and feedback, as the resume service sends them', async () => {
    const ai = createAiHarness(fake.server, { provider });
    try {
      fake.server.enqueue('chat', { kind: 'structured', json: PARSED }, { kind: 'structured', json: { feedbackContent: 'Dear Casey, thank you for your resume.', identifiedGaps: [], recommendedResources: [] } });
      await ai.ai.languageModel.structured(resumeParsingRequest(loadResumePrompts(resourcesDir), 'Casey Candidate. React developer, 4 years.'));
      await ai.ai.languageModel.structured(feedbackRequest(loadResumePrompts(resourcesDir), 'Casey Candidate', PARSED));
      expect(problemsOf(fake.server.requests)).toEqual([]);
      expect(fake.server.requests.map(schemaNameOf)).toEqual(['parsed_resume', 'resume_feedback']);
    } finally {
      ai.close();
    }
  });
});
