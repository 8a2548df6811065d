import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ABANDON_AFTER_MINUTES, MIN_QUESTIONS } from '../../shared/domain/interview';
import type { Clock } from '../../src-main/common/clock';
import { fakeMicrophoneArgs, makeSpeechWav } from '../fixtures/audio/make-speech-wav';
import { startFakeOpenAi, type FakeOpenAi } from '../fixtures/fake-openai';
import { expectNoSeriousA11yViolations } from './support/axe';
import { openApp } from './support/browser';
import { startChildHost, type ChildHost } from './support/child-host';
import { candidate, completeSetup, expectScreen, fillSignIn, registerCandidate, signOut } from './support/flows';
import { useKioskHarness } from './support/harness';
import {
  answerAudioPath,
  FAKE_API_KEY,
  readInterviews,
  scriptInterviewAi,
  setEndOfTurnSilence,
  SPOKEN_ANSWER,
  startInterviewFromHome,
  waitForQuestion,
} from './support/interview-flows';

/**
 * The whole spoken interview through the real main process: Chromium's fake
 * microphone plays a WAV of real speech on a loop (speech, then 2 s of
 * silence), the real voice detector segments it, main stores and transcribes
 * each segment, the engine asks and judges, text-to-speech streams back, and
 * everything lands in SQLite and on disk. The fake OpenAI server stands in for
 * the AI service. The end-of-turn silence is set to 1 s (the setting's floor
 * is 0.8 s) so twelve questions take about a minute.
 */
const harness = useKioskHarness({
  chromiumArgs: () => fakeMicrophoneArgs(makeSpeechWav({ text: SPOKEN_ANSWER, silenceAfterSeconds: 2 })),
});

const END_OF_TURN_MS = 1000;
const WHOLE_INTERVIEW_MS = 300_000;

let fake: FakeOpenAi;
beforeEach(async () => {
  fake = await startFakeOpenAi();
  scriptInterviewAi(fake);
});
afterEach(async () => {
  await fake.close();
});

/** The in-process host, talking to the fake AI, with the quick end-of-turn set by IT. */
const hostOptions = () => ({ openAi: { baseUrl: fake.url, apiKey: FAKE_API_KEY }, machineSettings: { interview: { endOfTurnSilenceMs: END_OF_TURN_MS } } });

/** First start as admin, then a new candidate on the home screen. */
async function setUpKiosk(page: Page): Promise<void> {
  await completeSetup(page);
  await signOut(page);
  await registerCandidate(page, candidate);
}

describe('the spoken interview, end to end', () => {
  it(
    'takes a whole interview of at least twelve questions by voice, submits it, and stores every question, answer and recording',
    async () => {
      const { host, app } = await harness.start(hostOptions());
      const { page } = app;
      await setUpKiosk(page);

      await page.getByRole('radio', { name: 'React' }).check();
      await page.getByRole('button', { name: 'Check equipment', exact: true }).click();
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
      const transcriptions = fake.requests.filter((request) => request.endpoint === 'transcriptions');
      expect(transcriptions.length).toBeGreaterThanOrEqual(stored!.answers.length);
      expect(fake.requests.filter((request) => request.endpoint === 'speech').length).toBeGreaterThanOrEqual(stored!.questions.length);
    },
    WHOLE_INTERVIEW_MS,
  );

  it('picks up at the same question, with earlier answers kept, after the host is killed mid-interview', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'kiosk-e2e-crash-'));
    const openAi = { baseUrl: fake.url, apiKey: FAKE_API_KEY };
    let host: ChildHost = await startChildHost(dataDir, openAi);
    harness.track(null, async () => {
      await host.stop();
      rmSync(dataDir, { recursive: true, force: true });
    });
    const app = await openApp(harness.browser(), host.url);
    harness.track(app);
    const { page } = app;
    await completeSetup(page);
    await setEndOfTurnSilence(page, END_OF_TURN_MS);
    await signOut(page);
    await registerCandidate(page, candidate);
    await startInterviewFromHome(page);
    await waitForQuestion(page, 3, 60_000);
    // The screen shows a question while it streams; the crash comes once question 3 is stored whole.
    await expect.poll(() => readInterviews(dataDir)[0]!.questions.length, { timeout: 30_000 }).toBe(3);
    const before = readInterviews(dataDir)[0]!;
    expect(before.answers.length).toBe(2);
    const questionBefore = before.questions[2]!.content_text;

    await host.crash();
    host = await startChildHost(dataDir, openAi);
    // The page's connection died with the host; a reload on the new address is what staff would do.
    await page.goto(host.url);
    await expectScreen(page, 'Sign in');
    await fillSignIn(page, candidate.email, candidate.password);
    await expectScreen(page, `Welcome, ${candidate.fullName}`);

    await page.getByText('You have a React interview in progress (question 3 of').waitFor();
    await expectNoSeriousA11yViolations(page, 'candidate home with an interview to continue');
    await page.getByRole('button', { name: 'Continue your interview', exact: true }).click();
    await expectScreen(page, 'Your interview');
    await waitForQuestion(page, 3);
    await expect.poll(() => page.locator('.question-text').textContent(), { timeout: 10_000 }).toBe(questionBefore);
    await waitForQuestion(page, 4, 60_000);
    // The question is shown as it streams and stored once complete, so the row can trail the screen a moment.
    await expect.poll(() => readInterviews(dataDir)[0]!.questions.length, { timeout: 30_000 }).toBe(4);

    const [stored] = readInterviews(dataDir);
    expect(stored!.interview.status).toBe('in_progress');
    expect(stored!.answers.length).toBe(3);
    expect(stored!.questions.length).toBe(4);
    for (const answer of stored!.answers) expect(answer.content_text).toContain(SPOKEN_ANSWER);
  }, 180_000);

  it(`abandons an interview left idle for ${ABANDON_AFTER_MINUTES} minutes and offers a fresh start`, async () => {
    let offsetMs = 0;
    const clock: Clock = { now: () => new Date(Date.now() + offsetMs) };
    const { host, app } = await harness.start({ ...hostOptions(), clock });
    const { page } = app;
    await setUpKiosk(page);
    await startInterviewFromHome(page);
    await waitForQuestion(page, 2, 60_000);

    // The candidate walks away. Sessions last a day, so they are still signed in when they come back.
    await signOut(page);
    offsetMs = (ABANDON_AFTER_MINUTES + 1) * 60_000;
    await fillSignIn(page, candidate.email, candidate.password);
    await expectScreen(page, `Welcome, ${candidate.fullName}`);
    await page.getByRole('radio', { name: 'React' }).waitFor();
    expect(await page.getByRole('button', { name: 'Continue your interview' }).count()).toBe(0);

    const [stored] = readInterviews(host.dataDir);
    expect(stored!.interview.status).toBe('abandoned');
    expect(stored!.answers.length).toBe(1);

    // Left on the interview screen instead: the next thing sent is refused, and the screen says why and where to go.
    await startInterviewFromHome(page);
    await waitForQuestion(page, 2, 60_000);
    offsetMs += (ABANDON_AFTER_MINUTES + 1) * 60_000;
    const closed = page.getByRole('alert').filter({ hasText: 'This interview was closed because nothing happened for 30 minutes.' });
    await closed.waitFor({ timeout: 30_000 });
    expect(await closed.innerText()).toContain('Please ask a member of staff for help.');
    await expectNoSeriousA11yViolations(page, 'interview closed after inactivity');
    await closed.getByRole('button', { name: 'Back to the start', exact: true }).click();
    await expectScreen(page, `Welcome, ${candidate.fullName}`);
    await page.getByRole('radio', { name: 'React' }).waitFor();
    expect(readInterviews(host.dataDir).map((stored) => stored.interview.status)).toEqual(['abandoned', 'abandoned']);
  }, 150_000);
});
