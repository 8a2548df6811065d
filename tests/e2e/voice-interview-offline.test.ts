import Database from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MIN_QUESTIONS } from '../../shared/domain/interview';
import { realSleep, type Sleep } from '../../src-main/common/clock';
import { startFakeOpenAi } from '../fixtures/fake-openai';
import { expectNoSeriousA11yViolations } from './support/axe';
import { expectScreen } from './support/flows';
import { answerAudioPath, readInterviews, scriptInterviewAi, SPOKEN_ANSWER, startInterviewFromHome, waitForQuestion } from './support/interview-flows';
import { setUpKiosk, useVoiceKiosk } from './support/voice-kiosk';

/*
 * Issue 19: an interview never stops because the network did. The kiosk
 * (support/voice-kiosk.ts: the real main process, Chromium's fake
 * microphone) loses its network after the equipment check: the AI service's
 * address refuses every connection. The candidate takes a whole interview
 * from the question bank, their answers recorded for later; then the
 * service comes back on the same address and the transcripts, judgements
 * and assessment arrive with nothing lost.
 */
const kiosk = useVoiceKiosk();

const OFFLINE_INTERVIEW_MS = 300_000;

/** The interview's answers and questions as stored, with what issue 19 adds to their metadata. */
function readOffline(dataDir: string) {
  const db = new Database(join(dataDir, 'kiosk.sqlite'), { readonly: true, fileMustExist: true });
  try {
    const rows = db.prepare('SELECT message_type, content_text, metadata FROM interview_messages ORDER BY sequence_number').all() as { message_type: string; content_text: string; metadata: string }[];
    const assessment = db.prepare('SELECT status FROM assessment_results').get() as { status: string } | undefined;
    const session = db.prepare('SELECT progression_state FROM interview_sessions').get() as { progression_state: string };
    return {
      questions: rows.filter((row) => row.message_type === 'ai_question').map((row) => JSON.parse(row.metadata) as Record<string, unknown>),
      answers: rows
        .filter((row) => row.message_type === 'candidate_response')
        .map((row) => ({ text: row.content_text, transcription: (JSON.parse(row.metadata) as { transcription?: string }).transcription ?? null })),
      judged: (JSON.parse(session.progression_state).questions as { judgement: unknown }[]).filter((question) => question.judgement !== null).length,
      assessment: assessment?.status ?? null,
    };
  } finally {
    db.close();
  }
}

describe('the spoken interview with no network', () => {
  it(
    'takes a whole interview from the question bank offline, then transcribes, judges and scores it once the service is back',
    async () => {
      const online = kiosk.fake();
      const port = Number(new URL(online.url).port);
      // The retries and the breaker work as they would, on a shorter clock: waits between retries capped at 0.2 s (the first
      // question's retries would take 7 s), and the breaker open 5 s rather than a minute once the service is back.
      const quickWaits: Sleep = (ms, signal) => realSleep(Math.min(ms, 200), signal);
      const { host, app } = await kiosk.harness.start({ ...kiosk.hostOptions(), aiResilience: { sleep: quickWaits, breaker: { openMs: 5_000 } } });
      const began = Date.now();
      const { page } = app;
      await setUpKiosk(page);

      // The equipment check while the network is still there; then it goes.
      await startInterviewFromHome(page, { beforeStart: () => online.close() });
      await waitForQuestion(page, 1, 60_000);
      await page.getByRole('heading', { name: 'You have answered all the questions' }).waitFor({ timeout: OFFLINE_INTERVIEW_MS - 120_000 });
      // Nothing on the candidate's screen spoke of a service.
      expect(await page.getByText(/AI (service|interviewer) is not available|provider/i).count()).toBe(0);
      await expectNoSeriousA11yViolations(page, 'offline interview ready to submit');
      const interviewMs = Date.now() - began;
      await page.getByRole('button', { name: 'Submit interview', exact: true }).click();
      await expectScreen(page, 'Interview submitted');

      const offline = readOffline(host.dataDir);
      expect(offline.questions.length).toBeGreaterThanOrEqual(MIN_QUESTIONS);
      expect(offline.answers).toHaveLength(offline.questions.length);
      expect(offline.questions.every((question) => question.source === 'bank')).toBe(true);
      expect(new Set(offline.questions.map((question) => question.bankQuestionId)).size).toBe(offline.questions.length);
      expect(offline.answers.every((answer) => answer.transcription === 'pending' && answer.text === '')).toBe(true);
      const [stored] = readInterviews(host.dataDir);
      for (const answer of stored!.answers) expect(answerAudioPath(host.dataDir, answer.content_audio_url!), `answer ${answer.sequence_number}'s recording`).not.toBeNull();
      expect(offline.assessment).toBeNull();

      // The network is back, on the same address.
      const back = await startFakeOpenAi({ port });
      kiosk.harness.track(null, () => back.close());
      scriptInterviewAi(back, { scoring: true });
      const backAt = Date.now();
      await expect
        .poll(() => readOffline(host.dataDir), { timeout: 90_000, interval: 1000 })
        .toMatchObject({ assessment: 'complete', judged: offline.questions.length });
      console.log(`offline interview: ${Math.round(interviewMs / 1000)} s; service back to assessment: ${Math.round((Date.now() - backAt) / 1000)} s`);
      const after = readOffline(host.dataDir);
      expect(after.answers.every((answer) => answer.transcription === 'later' && answer.text === SPOKEN_ANSWER)).toBe(true);
    },
    OFFLINE_INTERVIEW_MS,
  );
});
