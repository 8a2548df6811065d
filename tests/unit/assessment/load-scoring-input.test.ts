import { describe, expect, it } from 'vitest';
import { buildScoringInput, type StoredInterview } from '../../../src-main/assessment/load-scoring-input';
import type { MessageRecord } from '../../../src-main/repositories/interview-repository';

/** Only the columns buildScoringInput reads; the rest of a row does not matter here. */
function message(fields: Partial<MessageRecord> & Pick<MessageRecord, 'id' | 'messageType' | 'contentText'>): MessageRecord {
  return { createdAt: '2026-12-06T10:00:00.000Z', metadata: null, audioMetadata: null, audioDurationSeconds: null, responseTimeSeconds: null, contentAudioUrl: null, ...fields } as MessageRecord;
}

function stored(answerFields: Partial<MessageRecord>): StoredInterview {
  return {
    interview: { id: 'i-1', roleType: 'react', startedAt: null, completedAt: null },
    session: null,
    events: [],
    role: { title: 'React developer', skills: [] },
    messages: [
      message({ id: 'q-1', messageType: 'ai_question', contentText: 'Where does state live?' }),
      message({ id: 'a-1', messageType: 'candidate_response', contentText: 'Next to where it is used.', ...answerFields }),
    ],
  } as unknown as StoredInterview;
}

describe('scoring input: how each answer ended', () => {
  it('carries how many times the candidate carried on and how the kiosk decided the answer was over', () => {
    const input = buildScoringInput(
      stored({ metadata: { questionMessageId: 'q-1', continued: 2 }, audioMetadata: { endOfTurn: { decidedBy: 'words', silenceMs: 720, rule: 'ends-with-full-stop' } } }),
    );
    expect(input.questions[0]!.answer).toMatchObject({ continued: 2, endedBy: 'words' });
  });

  it('reads an answer recorded before either was kept as not continued, ended by an unknown decision', () => {
    const input = buildScoringInput(stored({ metadata: { questionMessageId: 'q-1' } }));
    expect(input.questions[0]!.answer).toMatchObject({ continued: 0, endedBy: null });
  });

  it('ignores a stored decision the app does not write', () => {
    const input = buildScoringInput(stored({ metadata: { questionMessageId: 'q-1' }, audioMetadata: { endOfTurn: { decidedBy: 'guesswork' } } }));
    expect(input.questions[0]!.answer?.endedBy).toBeNull();
  });
});
