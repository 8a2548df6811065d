import type { ParsedResume } from '../../../shared/domain/resume';
import type { ScoresForPrompt } from '../../assessment/scoring-prompts';
import type { ScoredQuestion, ScoringInput } from '../../assessment/scoring-input';
import type { RoleDefinition } from '../../interview/engine/index';
import { buildWav, OPENAI_PCM_FORMAT } from '../../interview/wav-audio';

/*
 * Short, made-up inputs for the provider check: each call should cost a
 * fraction of a cent and hold nothing about a real person.
 */

export { PING, PING_MAX_TOKENS } from '../../providers/ai/ping';

export const SPOKEN_SENTENCE = 'This is a check of the kiosk voice.';

export const QUESTION = 'What does the cleanup function returned from an effect do?';
export const ANSWER = 'It runs before the effect runs again and when the component unmounts, so subscriptions and timers are released.';

export const CANDIDATE_NAME = 'Alex Example';
export const RESUME_TEXT =
  'Alex Example. Frontend engineer, 5 years. React, TypeScript, GraphQL. ' +
  'Frontend Engineer at Example Ltd, 2020-2025. BSc Computer Science, Example University, 2019.';
export const PARSED_RESUME: ParsedResume = {
  skills: ['React', 'TypeScript', 'GraphQL'],
  yearsOfExperience: 5,
  education: [{ institution: 'Example University', qualification: 'BSc Computer Science', year: 2019 }],
  previousRoles: [{ title: 'Frontend Engineer', organisation: 'Example Ltd', years: 5 }],
  technicalDomains: [{ domain: 'Web frontends', level: 'advanced' }],
  summary: 'A frontend engineer with five years of React and TypeScript.',
};

/** One answered question about the role's first skill. */
export function scoringInput(role: RoleDefinition): ScoringInput {
  const skill = role.skills[0]!;
  const question: ScoredQuestion = {
    number: 1,
    messageId: 'check-question',
    text: QUESTION,
    askedAt: '2026-01-01T09:00:00.000Z',
    phase: 'standard',
    skillId: skill.id,
    skillName: skill.name,
    difficulty: 2,
    judgement: null,
    answer: {
      messageId: 'check-answer',
      text: ANSWER,
      answeredAt: '2026-01-01T09:00:20.000Z',
      audioDurationSeconds: 9,
      responseTimeMs: 1800,
      speechMs: 8000,
      pauseMs: 600,
      segmentCount: 1,
    },
  };
  return {
    interviewId: 'provider-check',
    roleType: role.roleType,
    roleTitle: role.title,
    startedAt: '2026-01-01T09:00:00.000Z',
    completedAt: '2026-01-01T09:01:00.000Z',
    skills: [{ id: skill.id, name: skill.name, description: skill.description }],
    questions: [question],
    events: [],
    boundaries: [],
    recommendationBands: role.recommendation,
  };
}

export function scores(input: ScoringInput): ScoresForPrompt {
  const skill = input.skills[0]!;
  return {
    overallScore: 75,
    skills: [{ skillId: skill.id, name: skill.name, score: 75, summary: 'Explains effect cleanup correctly.' }],
    integrityScore: 100,
    flags: [],
  };
}

/** About a second of a quiet 440 Hz tone as 16-bit mono WAV, made with the app's WAV code: a device has no speech engine to say something. */
export function toneWav(seconds = 1): Uint8Array {
  const samples = Math.round(OPENAI_PCM_FORMAT.sampleRate * seconds);
  const pcm = new Uint8Array(samples * 2);
  const view = new DataView(pcm.buffer);
  for (let i = 0; i < samples; i += 1) {
    view.setInt16(i * 2, Math.round(3000 * Math.sin((2 * Math.PI * 440 * i) / OPENAI_PCM_FORMAT.sampleRate)), true);
  }
  return buildWav(OPENAI_PCM_FORMAT, [pcm]);
}
