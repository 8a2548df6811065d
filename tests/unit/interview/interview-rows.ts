import type { InterviewRecord, MessageRecord, SessionRecord } from '../../../src-main/repositories/interview-repository';
import { InterviewResources } from '../../../src-main/resources/interview-resources';
import { createEngineState, emptyMemory, skillBoundaryLabels } from '../../../src-main/interview/engine/index';
import { resourcesDir } from '../../support/test-app';

/** The project's own role definitions and prompts, as the app reads them. */
export const resources = new InterviewResources(resourcesDir);

export const STARTED_AT = '2026-11-25T09:00:00.000Z';

/** An interview row as the repository returns it: in progress, started at STARTED_AT. */
export function interviewRow(overrides: Partial<InterviewRecord> = {}): InterviewRecord {
  return {
    id: 'interview-1',
    candidateId: 'candidate-1',
    resumeId: null,
    roleType: 'react',
    status: 'in_progress',
    startedAt: STARTED_AT,
    completedAt: null,
    durationSeconds: null,
    totalTokensUsed: 0,
    createdAt: STARTED_AT,
    ...overrides,
  };
}

/** Its session, holding a fresh engine state (nothing asked yet). */
export function sessionRow(overrides: Partial<SessionRecord> = {}): SessionRecord {
  const state = createEngineState({ role: resources.role('react'), startedAt: STARTED_AT, promptVersion: resources.prompts().version });
  return {
    id: 'session-1',
    interviewId: 'interview-1',
    conversationMemory: emptyMemory(),
    currentDifficultyLevel: state.phase,
    questionsAskedCount: 0,
    skillBoundariesIdentified: skillBoundaryLabels(state),
    progressionState: { ...state, readiness: null },
    lastActivityAt: STARTED_AT,
    ...overrides,
  };
}

export function questionRow(id: string, sequenceNumber: number): MessageRecord {
  return {
    id,
    interviewId: 'interview-1',
    sessionId: 'session-1',
    sequenceNumber,
    messageType: 'ai_question',
    contentText: `Question ${sequenceNumber}?`,
    contentAudioUrl: null,
    audioDurationSeconds: null,
    audioMetadata: null,
    responseTimeSeconds: null,
    metadata: null,
    createdAt: STARTED_AT,
  };
}
