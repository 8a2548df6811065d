import { afterEach, describe, expect, it } from 'vitest';
import type { ChannelName } from '../../../shared/ipc/contract';
import { insertSynced } from '../../../src-main/db/outbox';
import { resumes } from '../../../src-main/db/schema/index';
import { strongPassword } from '../../support/test-app';
import { useFakeOpenAi } from '../providers/support';
import { answerWav, createInterviewHarness, scriptAi, sendSegments, type InterviewHarness } from './support';

function addResume(h: InterviewHarness, candidateId: string, skills: string[]): string {
  return h.app.database.db.transaction((tx) =>
    insertSynced(tx, resumes, {
      candidateId,
      fileUrl: 'files/00/resume',
      fileName: 'resume.pdf',
      fileSize: 1000,
      parsingStatus: 'completed',
      parsedData: { skills, yearsOfExperience: 4, previousRoles: [{ title: 'Frontend developer', organisation: 'Acme', years: 2 }] },
    }),
  ).id;
}

describe('whose interview it is', () => {
  const fake = useFakeOpenAi();
  let h: InterviewHarness;
  afterEach(() => h?.close());

  it('lets a candidate act only on their own interview; another candidate is told it does not exist', async () => {
    h = createInterviewHarness(fake.server);
    scriptAi(fake.server);
    await h.signUp('alice@example.com', 'window-a');
    await h.signUp('bob@example.com', 'window-b');
    const alice = await h.ok('interview.start', { roleType: 'react' }, 'window-a');
    const question = alice.currentQuestion!.messageId;
    await sendSegments(h, alice, undefined, 'window-a');

    expect(await h.ok('interview.getCurrent', {}, 'window-b')).toEqual({ interview: null });
    const attempts: Array<[ChannelName, unknown]> = [
      ['interview.speakQuestion', { interviewId: alice.id, messageId: question }],
      [
        'interview.answerSegment',
        {
          interviewId: alice.id,
          questionMessageId: question,
          segmentIndex: 9,
          audioWavBase64: answerWav(300).toString('base64'),
          startedAfterQuestionMs: 0,
          endedAfterQuestionMs: 300,
        },
      ],
      ['interview.endAnswer', { interviewId: alice.id, questionMessageId: question, segmentCount: 2, reason: 'button' }],
      ['interview.discardAnswer', { interviewId: alice.id, questionMessageId: question }],
      ['interview.recordIntegrityEvent', { interviewId: alice.id, kind: 'paste' }],
      ['interview.submit', { interviewId: alice.id }],
    ];
    for (const [channel, input] of attempts) {
      expect(await h.call(channel, input, 'window-b'), channel).toMatchObject({ ok: false, error: { code: 'not_found' } });
    }
    // Nothing of Alice's changed: her answer is still whole, nothing was recorded against her interview.
    expect(h.rows('SELECT 1 FROM integrity_events')).toHaveLength(0);
    expect(h.rows("SELECT 1 FROM jobs WHERE kind = 'score_interview'")).toHaveLength(0);
    const ended = await h.ok('interview.endAnswer', { interviewId: alice.id, questionMessageId: question, segmentCount: 2, reason: 'silence' }, 'window-a');
    expect(ended.interview.answersGiven).toBe(1);

    // Staff are not candidates, and a signed-out window is nobody.
    await h.ok('setup.createFirstAdmin', { email: 'admin@example.com', password: strongPassword, fullName: 'Ada Admin' }, 'window-admin');
    expect(await h.call('interview.getCurrent', {}, 'window-admin')).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await h.call('interview.getCurrent', {}, 'window-nobody')).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
  });

  it('starts from the candidate’s own parsed resume only, asking about its skills first', async () => {
    h = createInterviewHarness(fake.server);
    const ai = scriptAi(fake.server);
    const dana = await h.signUp('dana@example.com', 'window-d');
    const erin = await h.signUp('erin@example.com', 'window-e');
    const danaResume = addResume(h, dana, ['React Testing Library', 'Jest']);
    expect(await h.call('interview.start', { roleType: 'react', resumeId: danaResume }, 'window-e')).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(h.rows('SELECT 1 FROM interviews WHERE candidate_id = ?', erin)).toHaveLength(0);

    const view = await h.ok('interview.start', { roleType: 'react', resumeId: danaResume }, 'window-d');
    expect(view.currentQuestion?.skillArea).toBe('testing');
    expect(ai.questionRequests().at(-1)!.json.messages[1].content).toContain('Skills: React Testing Library, Jest.');
    const [row] = h.rows<{ resume_id: string }>('SELECT resume_id FROM interviews WHERE id = ?', view.id);
    expect(row!.resume_id).toBe(danaResume);
  });

  it('uses the candidate’s newest parsed resume when none is named', async () => {
    h = createInterviewHarness(fake.server);
    const ai = scriptAi(fake.server);
    const frank = await h.signUp('frank@example.com', 'window-f');
    const resume = addResume(h, frank, ['React Testing Library', 'Jest']);
    const view = await h.ok('interview.start', { roleType: 'react' }, 'window-f');
    const [row] = h.rows<{ resume_id: string }>('SELECT resume_id FROM interviews WHERE id = ?', view.id);
    expect(row!.resume_id).toBe(resume);
    expect(ai.questionRequests().at(-1)!.json.messages[1].content).toContain('Skills: React Testing Library, Jest.');
  });

  it('refuses segments that are not 16-bit mono PCM WAV, or for a question that is not waiting', async () => {
    h = createInterviewHarness(fake.server);
    scriptAi(fake.server);
    await h.signUp('carol@example.com');
    const view = await h.ok('interview.start', { roleType: 'react' });
    const segment = (audioWavBase64: string, questionMessageId = view.currentQuestion!.messageId) =>
      h.call('interview.answerSegment', { interviewId: view.id, questionMessageId, segmentIndex: 0, audioWavBase64, startedAfterQuestionMs: 0, endedAfterQuestionMs: 100 });
    expect(await segment(Buffer.from('not a wav at all').toString('base64'))).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    const stereo = answerWav(100);
    stereo.writeUInt16LE(2, 22);
    expect(await segment(stereo.toString('base64'))).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringMatching(/mono/) } });
    expect(await segment(answerWav(100).toString('base64'), '01890000-0000-7000-8000-000000000000')).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(await segment(answerWav(100).toString('base64'))).toEqual({ ok: true, data: { accepted: true } });
  });
});
