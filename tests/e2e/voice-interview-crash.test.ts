import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectNoSeriousA11yViolations } from './support/axe';
import { openApp } from './support/browser';
import { startChildHost, type ChildHost } from './support/child-host';
import { candidate, completeSetup, expectScreen, fillSignIn, registerCandidate, signOut } from './support/flows';
import {
  FAKE_API_KEY,
  readInterviews,
  setEndOfTurnSilence,
  SPOKEN_ANSWER,
  startInterviewFromHome,
  waitForQuestion,
} from './support/interview-flows';
import { END_OF_TURN_MS, useVoiceKiosk } from './support/voice-kiosk';
import { turnSittingsOff } from '../support/unproctored';

/** The spoken interview (support/voice-kiosk.ts) survives the host being killed: power cut, not a quit. */
const kiosk = useVoiceKiosk();

describe('the spoken interview, end to end', () => {
  it('picks up at the same question, with earlier answers kept, after the host is killed mid-interview', async () => {
    const { harness } = kiosk;
    const dataDir = mkdtempSync(join(tmpdir(), 'kiosk-e2e-crash-'));
    // An unproctored kiosk (the proctored restart is tests/integration/proctoring's).
    turnSittingsOff(dataDir);
    const openAi = { baseUrl: kiosk.fake().url, apiKey: FAKE_API_KEY };
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
});
