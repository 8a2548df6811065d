import Database from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fakeMicrophoneArgs, makeSpeechWav } from '../fixtures/audio/make-speech-wav';
import { startFakeOpenAi } from '../fixtures/fake-openai';
import { expectNoSeriousA11yViolations } from './support/axe';
import { candidate, expectScreen, fillSignIn } from './support/flows';
import { useKioskHarness } from './support/harness';
import { FAKE_API_KEY, readInterviews, scriptInterviewAi, SPOKEN_ANSWER, waitForQuestion } from './support/interview-flows';
import { openSittingAndHandOver, prepareProctoredKiosk } from './support/proctor-flows';
import { agreeToNotice } from './support/notice';

/**
 * Accommodations a proctor grants (issue 17, point 6), end to end on the
 * real main process: typed answers, the practice question and the re-ask. Chromium has
 * a fake microphone saying PRACTICE_WORDS; a candidate who types is never
 * asked for it.
 */
const PRACTICE_WORDS = 'I enjoyed learning to bake bread because it takes patience.';
const harness = useKioskHarness({ chromiumArgs: () => fakeMicrophoneArgs(makeSpeechWav({ text: PRACTICE_WORDS })) });

const TYPED_ANSWER = 'I would lift the shared state to the nearest common parent and pass a setter down.';

/** A proctored kiosk on the fake AI, the candidate signed in to a sitting granting the accommodations labelled `labels`. */
async function candidateInSitting(labels: readonly string[]) {
  const fake = await startFakeOpenAi();
  harness.track(null, () => fake.close());
  scriptInterviewAi(fake);
  const { host, app } = await harness.start({ proctored: true, openAi: { baseUrl: fake.url, apiKey: FAKE_API_KEY } });
  const { page } = app;
  await prepareProctoredKiosk(page);
  await openSittingAndHandOver(page, candidate, labels);
  await fillSignIn(page, candidate.email, candidate.password);
  await expectScreen(page, `Welcome, ${candidate.fullName}`);
  return { fake, host, page };
}

describe('accommodations', () => {
  it('lets a candidate granted typed answers practise, have a question asked another way, and type the interview: no microphone, answers saved, pastes still noted', async () => {
    const { host, page } = await candidateInSitting(['Practice question', 'Typed answers', 'One re-ask']);
    await page.getByText('you type your answers').waitFor();

    // The equipment check asks only for the speakers; the interview can start at once.
    await page.getByRole('radio', { name: 'React' }).check();
    await page.getByRole('button', { name: 'Check equipment', exact: true }).click();
    await agreeToNotice(page);
    await expectScreen(page, 'Check your equipment');
    expect(await page.getByRole('heading', { name: '1. Your speakers or headphones' }).count()).toBe(1);
    expect(await page.getByRole('heading', { name: /Your microphone/ }).count()).toBe(0);
    // The practice question, typed: what was typed is shown back, and nothing is sent for it.
    const practice = page.getByRole('region', { name: '2. A practice question (not scored)' });
    await practice.getByRole('button', { name: 'Hear the practice question' }).click();
    await practice.getByRole('textbox', { name: 'Your practice answer' }).fill('Baking bread, because it takes patience.');
    await practice.getByRole('button', { name: 'I’ve finished practising' }).click();
    await practice.getByRole('status').filter({ hasText: 'We received: “Baking bread, because it takes patience.”' }).waitFor();
    await expectNoSeriousA11yViolations(page, 'equipment check, typed answers and practice');
    await page.getByRole('button', { name: 'Start the interview', exact: true }).click();
    await expectScreen(page, 'Your interview');
    await waitForQuestion(page, 1);

    const box = page.getByRole('textbox', { name: 'Your answer' });
    await box.waitFor();

    // The one re-ask: the question on screen in other words, still question 1, and offered no more.
    const firstWording = await page.locator('.question-text').innerText();
    await page.getByRole('button', { name: 'Ask this another way' }).click();
    await page.locator('.question-text').filter({ hasNotText: firstWording }).waitFor();
    await waitForQuestion(page, 1);
    await box.waitFor();
    expect(await page.getByRole('button', { name: 'Ask this another way' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'I’m finished' }).count()).toBe(0);
    await expectNoSeriousA11yViolations(page, 'interview, typed answers');

    // Nothing typed yet: the kiosk says what to do instead of sending nothing.
    await page.getByRole('button', { name: 'Send my answer' }).click();
    await page.getByRole('status').filter({ hasText: 'Type your answer first' }).waitFor();

    // Typed from the keyboard, with a paste in the middle: the paste is still noted (its length only).
    await box.click();
    await page.keyboard.type('I would lift the shared state ');
    await box.evaluate((field) => {
      const data = new DataTransfer();
      data.setData('text/plain', 'to the nearest common parent');
      field.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    });
    await box.fill(TYPED_ANSWER);
    expect(await page.getByText(`${TYPED_ANSWER.length} of 12,000 characters`).count()).toBe(1);
    await box.press('Control+Enter');

    await waitForQuestion(page, 2);
    expect(await box.inputValue()).toBe('');
    const [stored] = readInterviews(host.dataDir);
    // Both wordings of question 1 are on record, then question 2.
    expect(stored!.questions).toHaveLength(3);
    expect(stored!.questions[0]!.content_text).toBe(firstWording);
    expect(stored!.answers).toMatchObject([{ content_text: TYPED_ANSWER, content_audio_url: null }]);
    const db = new Database(join(host.dataDir, 'kiosk.sqlite'), { readonly: true, fileMustExist: true });
    try {
      const pastes = db.prepare("SELECT details FROM integrity_events WHERE kind = 'paste'").all() as { details: string }[];
      expect(pastes.map((row) => JSON.parse(row.details))).toMatchObject([{ inTextField: true, characters: 'to the nearest common parent'.length }]);
    } finally {
      db.close();
    }
  });

  it('offers a practice question, spoken and heard back, before the interview; nothing of it is kept', async () => {
    const { fake, host, page } = await candidateInSitting(['Practice question']);
    await page.getByRole('radio', { name: 'React' }).check();
    await page.getByRole('button', { name: 'Check equipment', exact: true }).click();
    await agreeToNotice(page);
    await expectScreen(page, 'Check your equipment');

    const practice = page.getByRole('region', { name: '3. A practice question (not scored)' });
    await practice.getByRole('button', { name: 'Hear the practice question' }).click();
    await practice.getByText('Tell me about something you enjoyed learning recently').waitFor();
    // The fake microphone speaks; the candidate ends the practice when they are done.
    await practice.getByRole('button', { name: 'I’ve finished practising' }).waitFor();
    await practice.getByRole('status').filter({ hasText: 'We have heard you' }).waitFor({ timeout: 20_000 });
    await practice.getByRole('button', { name: 'I’ve finished practising' }).click();
    const heard = practice.getByRole('status').filter({ hasText: `We heard: “${SPOKEN_ANSWER}”` });
    await heard.or(practice.locator('.alert-error')).waitFor({ timeout: 20_000 });
    expect(await practice.locator('.alert-error').count(), await practice.locator('.alert-error').allInnerTexts().then((texts) => texts.join(' '))).toBe(0);
    await expectNoSeriousA11yViolations(page, 'equipment check, practice question heard');
    expect(fake.requests.filter((request) => request.endpoint === 'transcriptions')).toHaveLength(1);
    expect(readInterviews(host.dataDir)).toEqual([]);
  });
});
