import type { AiProviders } from '../../ipc/app-services';
import { InterviewResources } from '../../resources/interview-resources';
import type { AiEndpoint, AiTask, StructuredRequest } from '../../providers/ai/types';
import { loadScoringPrompts, scoringRequests } from '../../assessment/scoring-prompts';
import { buildJudgeRequest } from '../../interview/engine/index';
import { feedbackRequest, loadResumePrompts, resumeParsingRequest } from '../../resumes/resume-prompts';
import {
  ANSWER,
  CANDIDATE_NAME,
  PARSED_RESUME,
  PING,
  PING_MAX_TOKENS,
  QUESTION,
  RESUME_TEXT,
  scores,
  scoringInput,
  SPOKEN_SENTENCE,
  toneWav,
} from './canned-inputs';

/** One call the app makes, with a canned input. */
export interface ProviderCall {
  /** What the app uses it for, as the report names it. */
  name: string;
  endpoint: AiEndpoint;
  task: AiTask;
  /** Resolves when the whole answer is in (a stream read to its end); rejects with what the app would see. */
  run(ai: AiProviders): Promise<unknown>;
}

/** Any role does: the judgement schema differs only in the role's skill ids. */
const CHECK_ROLE = 'react';

/**
 * Every kind of call the app makes, in the order the report lists them:
 * plain and streamed chat, each structured reply (the app's own schemas and
 * prompts), speech-to-text and text-to-speech.
 */
export function providerCalls(resourcesDir: string): ProviderCall[] {
  const resources = new InterviewResources(resourcesDir);
  const scoringPrompts = loadScoringPrompts(resourcesDir);
  const resumePrompts = loadResumePrompts(resourcesDir);
  const role = resources.role(CHECK_ROLE);
  const input = scoringInput(role);
  const scored = scores(input);
  const structured = <T>(name: string, request: StructuredRequest<T>): ProviderCall => ({
    name,
    endpoint: 'chat',
    task: request.task,
    run: (ai) => ai.languageModel.structured(request),
  });
  return [
    { name: 'chat', endpoint: 'chat', task: 'interview', run: (ai) => ai.languageModel.chat({ task: 'interview', messages: PING, maxTokens: PING_MAX_TOKENS }) },
    {
      name: 'chat, streamed',
      endpoint: 'chat',
      task: 'interview',
      run: async (ai) => (await ai.languageModel.streamChat({ task: 'interview', messages: PING, maxTokens: PING_MAX_TOKENS })).completion(),
    },
    structured(
      'answer judgement',
      buildJudgeRequest({ prompts: resources.prompts(), role, question: QUESTION, answerTranscript: ANSWER, plan: { skillId: input.skills[0]!.id, difficulty: 2 } }),
    ),
    structured('scoring: skill', scoringRequests.skill(scoringPrompts, input, input.skills[0]!)),
    structured('scoring: integrity', scoringRequests.integrity(scoringPrompts, input, [])),
    structured('scoring: reasoning', scoringRequests.reasoning(scoringPrompts, input, scored, { subject: 'overall', title: 'Overall score', score: scored.overallScore, questions: input.questions })),
    structured('scoring: recommendations', scoringRequests.recommendations(scoringPrompts, input, scored, { strengths: ['Explains effect cleanup'], weaknesses: [] })),
    structured('resume parsing', resumeParsingRequest(resumePrompts, RESUME_TEXT)),
    structured('resume feedback', feedbackRequest(resumePrompts, CANDIDATE_NAME, PARSED_RESUME)),
    {
      name: 'speech-to-text',
      endpoint: 'transcription',
      task: 'interview',
      // As the kiosk sends an answer (answer-segments.ts).
      run: (ai) => ai.speechToText.transcribe({ audio: toneWav(), mediaType: 'audio/wav', language: 'en', task: 'interview' }),
    },
    {
      name: 'text-to-speech',
      endpoint: 'speech',
      task: 'interview',
      run: async (ai) => {
        const audio = await ai.textToSpeech.synthesize({ text: SPOKEN_SENTENCE });
        for await (const _chunk of audio.chunks);
      },
    },
  ];
}
