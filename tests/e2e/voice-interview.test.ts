import { statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MIN_QUESTIONS } from '../../shared/domain/interview';
import { expectNoSeriousA11yViolations } from './support/axe';
import { candidate, expectScreen } from './support/flows';
import { answerAudioPath, readInterviews, SPOKEN_ANSWER, startInterviewFromHome, waitForQuestion } from './support/interview-flows';
import { setUpKiosk, useVoiceKiosk } from './support/voice-kiosk';
import { agreeToNotice } from './support/notice';

/**
 * The whole spoken interview by voice, from the equipment check to the
 * stored answers and recordings (support/voice-kiosk.ts says how the
 * microphone and the AI are faked). The kiosk's other spoken-interview cases
 * are in voice-interview-*.test.ts, so they run beside this one.
 */
const kiosk = useVoiceKiosk();

const WHOLE_INTERVIEW_MS = 300_000;

describe('the spoken interview, end to end', () => {
  it(
    'takes a whole interview of at least twelve questions by voice, submits it, and stores every question, answer and recording',
    async () => {
      const fake = kiosk.fake();
      const options = kiosk.hostOptions();
      // A short countdown, as IT may set it, so the sign-out after submitting is seen through to the end.
      const { host, app } = await kiosk.harness.start({ ...options, machineSettings: { interview: { ...options.machineSettings.interview, signOutAfterSubmitSeconds: 6 } } });
      const { page } = app;
      await setUpKiosk(page);

      await page.getByRole('radio', { name: 'React' }).check();
      await page.getByRole('button', { name: 'Check equipment', exact: true }).click();
      await agreeToNotice(page);
      await expectScreen(page, 'Check your equipment');
      const meter = page.getByRole('meter', { name: /Microphone level/ });
      await expect.poll(async () => Number(await meter.getAttribute('aria-valuenow')), { timeout: 15_000 }).toBeGreaterThan(25);
      await page.getByRole('button', { name: 'Play a test sentence', exact: true }).click();
      await page.getByRole('status').filter({ hasText: 'The test sentence has finished playing' }).waitFor({ timeout: 15_000 });
      await page.getByRole('button', { name: 'Back', exact: true }).click();
      await expectScreen(page, `Welcome, ${candidate.fullName}`);

      await startInterviewFromHome(page);
      await waitForQuestion(page, 1);
      await page.getByRole('heading', { name: 'You have answered all the questions' }).waitFor({ timeout: WHOLE_INTERVIEW_MS - 60_000 });
      await expectNoSeriousA11yViolations(page, 'interview ready to submit');
      await page.getByRole('button', { name: 'Submit interview', exact: true }).click();
      await expectScreen(page, 'Interview submitted');
      // A kiosk is shared: the candidate is signed out by itself after a countdown they can see.
      const countdown = page.getByRole('status').filter({ hasText: 'you will be signed out in' });
      await countdown.waitFor();
      expect(await countdown.getByRole('button', { name: 'Sign out now' }).count()).toBe(1);
      await expectNoSeriousA11yViolations(page, 'interview submitted, signing out');
      await expectScreen(page, 'Sign in');
      await page.getByText('You have been signed out. Thank you for taking your interview.').waitFor();

      const [stored, ...others] = readInterviews(host.dataDir);
      expect(others).toHaveLength(0);
      expect(stored!.interview).toMatchObject({ status: 'completed', role_type: 'react' });
      expect(stored!.questions.length).toBeGreaterThanOrEqual(MIN_QUESTIONS);
      expect(stored!.answers).toHaveLength(stored!.questions.length);
      expect(stored!.session?.questions_asked_count).toBe(stored!.questions.length);
      for (const answer of stored!.answers) {
        expect(answer.content_text).toContain(SPOKEN_ANSWER);
        expect(answer.content_audio_url, `answer ${answer.sequence_number} has its recording`).toBeTruthy();
        const file = answerAudioPath(host.dataDir, answer.content_audio_url!);
        expect(file, `answer ${answer.sequence_number}'s recording ${answer.content_audio_url} is on disk`).not.toBeNull();
        expect(statSync(file!).size).toBeGreaterThan(44);
      }
      // Every segment was transcribed, live while it was spoken (a commit on the realtime session) or from its file.
      const fileTranscriptions = fake.requests.filter((request) => request.endpoint === 'transcriptions').length;
      const liveTranscriptions = fake.realtime.sessions.flatMap((session) => session.sent).filter((event) => event.type === 'conversation.item.input_audio_transcription.completed').length;
      expect(liveTranscriptions).toBeGreaterThan(0);
      expect(fileTranscriptions + liveTranscriptions).toBeGreaterThanOrEqual(stored!.answers.length);
      expect(fake.requests.filter((request) => request.endpoint === 'speech').length).toBeGreaterThanOrEqual(stored!.questions.length);
    },
    WHOLE_INTERVIEW_MS,
  );
});
