import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { InterviewView } from '../../shared/domain/interview';
import type { Result } from '../../shared/ipc/result';
import { fakeMicrophoneArgs, makeSpeechWav } from '../fixtures/audio/make-speech-wav';
import { readWavInfo } from '../fixtures/fake-openai/wav';
import { recordTexts, tonePcmBase64 } from './support/audio';
import { expectNoSeriousA11yViolations } from './support/axe';
import { launchChromium } from './support/browser';
import { openWithFakeMain, type FakeMain } from './support/fake-main';
import { expectScreen, focusedElement } from './support/flows';
import { useKioskHarness } from './support/harness';

/**
 * The candidate's voice screens in real Chromium with a real voice detector
 * listening to a looping WAV of speech through the fake microphone, against
 * a scripted main: the cases here (text-to-speech failing, the AI service
 * down, an answer main could not understand) are the UI's to handle.
 */
// 5 s of silence after each time round: the answers here end after 2 s of it, and on a loaded machine the voice detector
// reports the end of speech late; with the loop's default 3 s the next time round could start first, again and again.
const harness = useKioskHarness({ chromiumArgs: () => fakeMicrophoneArgs(makeSpeechWav({ text: 'I would use a hook to keep the state.', silenceAfterSeconds: 5 })) });

const INTERVIEW_ID = '6f1c2a9e-4b7d-4c1e-9a53-0d2b7e8f9a10';
const questionId = (n: number) => `1b7e0c4a-3f2d-4e8a-9c6b-${String(n).padStart(12, '0')}`;
const questionText = (n: number) => `Question ${n}: how would you share state between two sibling components?`;
const ok = <T,>(data: T): Result<T> => ({ ok: true, data });

function view(n: number | null, patch: Partial<InterviewView> = {}): InterviewView {
  const phase = n === null || n <= 2 ? 'warmup' : 'standard';
  return {
    id: INTERVIEW_ID,
    roleType: 'react',
    status: 'in_progress',
    phase,
    questionsAsked: n ?? 3,
    answersGiven: n === null ? 3 : n - 1,
    minQuestions: 12,
    maxQuestions: 20,
    currentQuestion: n === null ? null : { messageId: questionId(n), sequenceNumber: n * 2 - 1, number: n, text: questionText(n), phase, skillArea: 'state' },
    readyToSubmit: n === null,
    startedAt: '2025-01-01T09:00:00.000Z',
    endOfTurnSilenceMs: 2000,
    answerMode: 'spoken',
    canReask: false,
    ...patch,
  };
}

let streams = 0;
/** Main asking question n: its text, then its audio (300 ms, in two chunks), as main streams them. */
async function ask(main: FakeMain, n: number, options: { ttsError?: boolean; streamId?: string } = {}): Promise<void> {
  const streamId = options.streamId ?? `stream-${++streams}`;
  await main.emit('interview.questionText', { interviewId: INTERVIEW_ID, messageId: questionId(n), text: questionText(n), final: true });
  if (options.ttsError) {
    await main.emit('interview.audio', { streamId, seq: 0, sampleRate: 24_000, pcmBase64: '', final: true, error: 'Text-to-speech is unavailable.' });
    return;
  }
  await main.emit('interview.audio', { streamId, seq: 0, sampleRate: 24_000, pcmBase64: tonePcmBase64(150), final: false });
  await main.emit('interview.audio', { streamId, seq: 1, sampleRate: 24_000, pcmBase64: tonePcmBase64(150), final: false });
  await main.emit('interview.audio', { streamId, seq: 2, sampleRate: 24_000, pcmBase64: '', final: true });
}

async function chooseRoleAndCheckEquipment(page: Page): Promise<void> {
  await expectScreen(page, 'Welcome, Grace Okafor');
  await page.getByRole('radio', { name: 'React' }).check();
  await page.getByRole('button', { name: 'Check equipment', exact: true }).click();
  await expectScreen(page, 'Check your equipment');
}

async function passMicrophoneCheck(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Say something', exact: true }).click();
  await page.getByRole('status').filter({ hasText: 'We heard you.' }).waitFor({ timeout: 20_000 });
}

const status = (page: Page, text: string) => page.getByRole('status').filter({ hasText: text });

describe('the candidate’s voice interview screens', () => {
  it('checks the microphone (level meter and voice detector) and the speaker before starting', async () => {
    const { app, main, close } = await openWithFakeMain(harness.browser());
    harness.track(app, close);
    const { page } = app;
    main.handle('interview.getCurrent', () => ok({ interview: null }));
    main.handle('equipment.testSpeaker', () => {
      // Audio arrives before and after the call answers, as main's streaming does.
      void (async () => {
        await main.emit('interview.audio', { streamId: 'speaker-test', seq: 1, sampleRate: 24_000, pcmBase64: tonePcmBase64(400), final: false });
        await main.emit('interview.audio', { streamId: 'speaker-test', seq: 2, sampleRate: 24_000, pcmBase64: '', final: true });
      })();
      return ok({ streamId: 'speaker-test', text: 'This is how the interviewer will sound.' });
    });

    await expectScreen(page, 'Welcome, Grace Okafor');
    expect(await page.getByText('Not yet available on this kiosk').count()).toBe(0); // the resume step is live too
    await page.getByRole('button', { name: 'Check equipment', exact: true }).click();
    await page.getByRole('alert').filter({ hasText: 'Choose the role you are interviewing for.' }).waitFor();
    expect(await page.getByRole('radio').count()).toBe(4);
    await expectNoSeriousA11yViolations(page, 'candidate home with role choice');
    await chooseRoleAndCheckEquipment(page);

    // The meter follows the looping speech: it must rise above silence at some point.
    const meter = page.getByRole('meter', { name: /Microphone level/ });
    await expect.poll(async () => Number(await meter.getAttribute('aria-valuenow')), { timeout: 15_000 }).toBeGreaterThan(25);
    await status(page, 'Your microphone is picking up sound.').waitFor();
    expect(await page.getByRole('button', { name: 'Start the interview' }).count(), 'no start before the voice check').toBe(0);

    await passMicrophoneCheck(page);

    const speakerTexts = await recordTexts(page, '[data-playback]');
    await page.getByRole('button', { name: 'Play a test sentence', exact: true }).click();
    await status(page, 'The test sentence has finished playing').waitFor({ timeout: 10_000 });
    expect((await speakerTexts()).some((text) => text.startsWith('Playing the test sentence: “This is how the interviewer will sound.”'))).toBe(true);
    expect(main.callsTo('equipment.testSpeaker')).toHaveLength(1);

    await page.getByRole('button', { name: 'Start the interview', exact: true }).waitFor();
    await expectNoSeriousA11yViolations(page, 'equipment check');
  });

  it('plays each question, sends the spoken answer in segments, ends the turn after silence, and submits', async () => {
    const { app, main, close } = await openWithFakeMain(harness.browser());
    harness.track(app, close);
    const { page } = app;
    main.handle('interview.getCurrent', () => ok({ interview: null }));
    main.handle('interview.start', async () => {
      await ask(main, 1);
      return ok(view(1));
    });
    main.handle('interview.answerSegment', () => ok({ accepted: true as const }));
    main.handle('interview.recordIntegrityEvent', () => ok({ recorded: true as const }));
    let answered = 0;
    main.handle('interview.endAnswer', async () => {
      answered++;
      if (answered === 3) return ok({ transcript: 'I would use a hook.', interview: view(null) });
      // The next question starts sounding before endAnswer answers.
      await ask(main, answered + 1);
      return ok({ transcript: 'I would use a hook.', interview: view(answered + 1) });
    });
    main.handle('interview.submit', () => ok({ interview: view(null, { status: 'completed' }), scoringJobId: 'job-1' }));

    await chooseRoleAndCheckEquipment(page);
    await passMicrophoneCheck(page);
    const turns = await recordTexts(page, '.turn');
    await page.getByRole('button', { name: 'Start the interview', exact: true }).click();
    await expectScreen(page, 'Your interview');
    await page.getByText('Question 1 of about 12–20').waitFor();
    await page.getByText('Warm-up questions').waitFor();
    await page.getByText(questionText(1)).waitFor();
    await status(page, 'Listening. Answer out loud.').waitFor();
    await expectNoSeriousA11yViolations(page, 'interview, listening');

    // The answer, the 3.5 s end-of-answer silence and the next question: over 20 s when two Chromiums share a slow machine.
    await page.getByText('Question 2 of about 12–20').waitFor({ timeout: 45_000 });
    await page.getByText(questionText(2)).waitFor();
    // Integrity signals while the interview is under way.
    await page.evaluate(() => window.dispatchEvent(new Event('blur')));
    await page.evaluate(() => document.dispatchEvent(new Event('paste', { bubbles: true })));

    await page.getByRole('heading', { name: 'You have answered all the questions' }).waitFor({ timeout: 40_000 });
    await expectNoSeriousA11yViolations(page, 'interview, ready to submit');
    await page.getByRole('button', { name: 'Submit interview', exact: true }).click();
    await expectScreen(page, 'Interview submitted');
    await page.getByText('Thank you, Grace Okafor. Your interview has been submitted.').waitFor();
    await expectNoSeriousA11yViolations(page, 'interview submitted');

    const seen = await turns();
    expect(seen).toContain('The interviewer is speaking');
    expect(seen).toContain('Listening…');
    expect(seen).toContain('Hearing you');
    expect(seen).toContain('Thinking…');

    const ends = main.callsTo('interview.endAnswer');
    expect(ends.map((end) => end.questionMessageId)).toEqual([questionId(1), questionId(2), questionId(3)]);
    expect(ends.every((end) => end.reason === 'silence')).toBe(true);
    const segments = main.callsTo('interview.answerSegment');
    for (const [n, end] of ends.entries()) {
      const mine = segments.filter((segment) => segment.questionMessageId === questionId(n + 1));
      expect(mine.map((segment) => segment.segmentIndex)).toEqual(mine.map((_, i) => i));
      expect(end.segmentCount).toBe(mine.length);
      for (const segment of mine) {
        const wav = readWavInfo(Buffer.from(segment.audioWavBase64, 'base64'));
        expect(wav).toMatchObject({ audioFormat: 1, channels: 1, sampleRate: 16_000, bitsPerSample: 16 });
        expect(wav!.durationSeconds).toBeGreaterThan(0.25);
        expect(segment.endedAfterQuestionMs).toBeGreaterThanOrEqual(segment.startedAfterQuestionMs);
      }
    }
    expect(main.callsTo('interview.submit')).toEqual([{ interviewId: INTERVIEW_ID }]);
    const integrity = main.callsTo('interview.recordIntegrityEvent').map((event) => event.kind);
    expect(integrity).toEqual(expect.arrayContaining(['focus_lost', 'paste']));
  });

  it('shows the question as text when it cannot be spoken, asks again when the answer was not understood, and waits out an AI outage', async () => {
    const { app, main, close } = await openWithFakeMain(harness.browser());
    harness.track(app, close);
    const { page } = app;
    main.handle('interview.getCurrent', () => ok({ interview: null }));
    // Longer than the microphone loop's pauses: here only "I'm finished" ends an answer, so nothing races the clicks.
    const patient = { endOfTurnSilenceMs: 6000 };
    main.handle('interview.start', async () => {
      await ask(main, 1, { ttsError: true });
      return ok(view(1, patient));
    });
    main.handle('interview.answerSegment', () => ok({ accepted: true as const }));
    main.handle('interview.discardAnswer', () => ok({ discarded: 1 }));
    let ends = 0;
    main.handle('interview.endAnswer', async () => {
      ends++;
      if (ends === 1) return { ok: false, error: { code: 'answer_not_heard', message: 'No words were recognised.' } };
      if (ends === 2) return { ok: false, error: { code: 'unavailable', message: 'The AI service is not responding.' } };
      return ok({ transcript: 'I would use a hook.', interview: view(null, patient) });
    });

    await chooseRoleAndCheckEquipment(page);
    await passMicrophoneCheck(page);
    await page.getByRole('button', { name: 'Start the interview', exact: true }).click();
    await expectScreen(page, 'Your interview');
    await status(page, 'We could not play this question aloud. Please read it on the screen').waitFor();
    await page.getByText(questionText(1)).waitFor();

    const finishMidSentence = async () => {
      await page.locator('.turn', { hasText: 'Hearing you' }).waitFor({ timeout: 15_000 });
      // Past the detector's minimum speech length, so what was said counts as a segment rather than a cough.
      await page.waitForTimeout(700);
      await page.getByRole('button', { name: 'I’m finished', exact: true }).click();
    };
    await finishMidSentence();
    await status(page, 'Sorry, we could not make out your answer. Please answer the question again.').waitFor({ timeout: 20_000 });
    expect(main.callsTo('interview.discardAnswer')).toEqual([{ interviewId: INTERVIEW_ID, questionMessageId: questionId(1) }]);

    // "Start my answer again" while talking, then "I'm finished" mid-sentence: the words so far are kept.
    await page.locator('.turn', { hasText: 'Hearing you' }).waitFor({ timeout: 15_000 });
    await page.getByRole('button', { name: 'Start my answer again', exact: true }).click();
    await status(page, 'Your answer has been cleared.').waitFor();
    expect(main.callsTo('interview.discardAnswer')).toHaveLength(2);
    await page.locator('.turn', { hasText: 'Listening…' }).waitFor({ timeout: 15_000 });
    // The waiting indicator lasts only until the screen's own first retry (2 s): on a loaded machine a waitFor after
    // the status can look too late, so the page notes it the moment it shows.
    await page.evaluate(() => {
      const seen = window as unknown as { sawWaiting?: boolean; sawNotice?: boolean };
      seen.sawWaiting = false;
      seen.sawNotice = false;
      const look = () => {
        if ([...document.querySelectorAll('.turn')].some((turn) => turn.textContent?.includes('Waiting for the interviewer…'))) seen.sawWaiting = true;
        if ([...document.querySelectorAll('[role="status"]')].some((status) => status.textContent?.includes('Please wait a moment: your answers are saved'))) seen.sawNotice = true;
      };
      new MutationObserver(look).observe(document.body, { subtree: true, childList: true, characterData: true });
    });
    await finishMidSentence();

    // The screen says to wait without naming a service, and tries again by itself (2 s later), which goes through.
    await expect.poll(() => page.evaluate(() => (window as unknown as { sawWaiting?: boolean }).sawWaiting), { timeout: 10_000 }).toBe(true);
    expect(await page.evaluate(() => (window as unknown as { sawNotice?: boolean }).sawNotice)).toBe(true);
    await page.getByRole('heading', { name: 'You have answered all the questions' }).waitFor({ timeout: 15_000 });
    expect(await page.getByText('The AI service is not responding.').count()).toBe(0);

    const calls = main.callsTo('interview.endAnswer');
    expect(calls, JSON.stringify(main.calls.map((call) => call.channel))).toHaveLength(3);
    expect(calls.map((call) => call.reason)).toEqual(['button', 'button', 'button']);
    expect(calls[1]).toMatchObject({ questionMessageId: questionId(1) });
    expect(calls[2]).toEqual(calls[1]);
    // After the re-record, segment numbers start again at 0 and endAnswer counts only the new ones.
    const segments = main.callsTo('interview.answerSegment');
    const afterReRecord = segments.slice(segments.findLastIndex((segment) => segment.segmentIndex === 0));
    expect(calls[1]!.segmentCount).toBe(afterReRecord.length);
  });

  it('offers to continue an interview in progress and replays its current question', async () => {
    const { app, main, close } = await openWithFakeMain(harness.browser());
    harness.track(app, close);
    const { page } = app;
    main.handle('interview.getCurrent', () => ok({ interview: view(3) }));
    let replays = 0;
    main.handle('interview.speakQuestion', () => {
      const streamId = `replay-${++replays}`;
      setTimeout(() => void ask(main, 3, { streamId }), 50);
      return ok({ streamId });
    });
    main.handle('interview.answerSegment', () => ok({ accepted: true as const }));
    main.handle('interview.discardAnswer', () => ok({ discarded: 0 }));

    await expectScreen(page, 'Welcome, Grace Okafor');
    await page.getByText('You have a React interview in progress (question 3 of about 12–20)').waitFor();
    expect(await page.getByRole('radio').count()).toBe(0);
    await page.getByRole('button', { name: 'Continue your interview', exact: true }).click();
    await expectScreen(page, 'Your interview');
    await page.getByText('Question 3 of about 12–20').waitFor();
    await page.getByText(questionText(3)).waitFor();
    await status(page, 'Listening. Answer out loud.').waitFor({ timeout: 10_000 });
    expect(main.callsTo('interview.speakQuestion')).toEqual([{ interviewId: INTERVIEW_ID, messageId: questionId(3) }]);

    await page.getByRole('button', { name: 'Hear the question again', exact: true }).click();
    await expect.poll(() => main.callsTo('interview.speakQuestion').length).toBe(2);
    await status(page, 'Listening. Answer out loud.').waitFor({ timeout: 10_000 });
  });
});

describe('by keyboard alone', () => {
  it('chooses a role, checks the equipment, answers and submits with Tab, arrow keys and Enter', async () => {
    const { app, main, close } = await openWithFakeMain(harness.browser());
    harness.track(app, close);
    const { page } = app;
    const patient = { endOfTurnSilenceMs: 6000 };
    main.handle('interview.getCurrent', () => ok({ interview: null }));
    main.handle('interview.start', async () => {
      await ask(main, 1);
      return ok(view(1, patient));
    });
    main.handle('interview.answerSegment', () => ok({ accepted: true as const }));
    main.handle('interview.endAnswer', () => ok({ transcript: 'I would use a hook.', interview: view(null, patient) }));
    main.handle('interview.submit', () => ok({ interview: view(null, { status: 'completed' }), scoringJobId: 'job-1' }));
    main.handle('resume.listMine', () => ok({ resumes: [] }));

    await expectScreen(page, 'Welcome, Grace Okafor');
    expect(await focusedElement(page)).toBe('h1 "Welcome, Grace Okafor"');
    // The resume step comes first on the home screen; its upload form is passed over on the way to the interview.
    await page.keyboard.press('Tab');
    expect(await focusedElement(page)).toBe('input "Resume file"');
    await page.keyboard.press('Tab');
    expect(await focusedElement(page)).toBe('button "Upload resume"');
    await page.keyboard.press('Tab');
    expect(await focusedElement(page)).toBe('input "React"');
    await page.keyboard.press('ArrowDown');
    expect(await focusedElement(page)).toBe('input "Python"');
    await page.keyboard.press('ArrowUp');
    expect(await page.getByRole('radio', { name: 'React' }).isChecked()).toBe(true);
    await page.keyboard.press('Tab');
    expect(await focusedElement(page)).toBe('button "Check equipment"');
    await page.keyboard.press('Enter');
    await expectScreen(page, 'Check your equipment');
    expect(await focusedElement(page)).toBe('h1 "Check your equipment"');

    // Until the microphone is open there is nothing to say something into (a slow machine takes a while).
    await page.getByRole('button', { name: 'Say something', exact: true }).waitFor();
    await page.keyboard.press('Tab');
    expect(await focusedElement(page)).toBe('button "Say something"');
    await page.keyboard.press('Enter');
    await status(page, 'We heard you.').waitFor({ timeout: 20_000 });
    // The button the candidate pressed keeps focus; the way on comes next in the tab order.
    expect(await focusedElement(page)).toBe('button "Say something again"');
    await page.keyboard.press('Tab');
    expect(await focusedElement(page)).toBe('button "Play a test sentence"');
    await page.keyboard.press('Tab');
    expect(await focusedElement(page)).toBe('button "Start the interview"');
    await page.keyboard.press('Enter');

    await expectScreen(page, 'Your interview');
    await page.keyboard.press('Tab');
    expect(await focusedElement(page)).toBe('button "I’m finished"');
    // A whole part of the answer saved first: on a loaded machine the detector can take a word just begun for a misfire,
    // and "I'm finished" on nothing heard (rightly) asks for an answer instead of ending it.
    await page.getByText('Parts of your answer saved: 1.').waitFor({ timeout: 20_000 });
    expect(await focusedElement(page)).toBe('button "I’m finished"');
    await page.keyboard.press('Enter');

    await page.getByRole('heading', { name: 'You have answered all the questions' }).waitFor({ timeout: 15_000 });
    expect(await focusedElement(page)).toBe('h2 "You have answered all the questions"');
    await page.keyboard.press('Tab');
    expect(await focusedElement(page)).toBe('button "Submit interview"');
    await page.keyboard.press('Enter');
    await expectScreen(page, 'Interview submitted');
    expect(main.callsTo('interview.endAnswer')).toMatchObject([{ reason: 'button' }]);
  });
});

describe('without a microphone', () => {
  it('says plainly that the microphone is not allowed and to ask staff', async () => {
    // A browser of its own: no fake-UI flag, so the permission request is refused.
    const browser = await launchChromium(['--use-fake-device-for-media-stream']);
    const { app, main, close } = await openWithFakeMain(browser);
    harness.track(app, async () => {
      await close();
      await browser.close();
    });
    const { page } = app;
    main.handle('interview.getCurrent', () => ok({ interview: null }));
    await chooseRoleAndCheckEquipment(page);
    const alert = page.getByRole('alert').filter({ hasText: 'not allowed to use its microphone' });
    await alert.waitFor();
    expect(await alert.innerText()).toContain('Please ask a member of staff for help.');
    expect(await page.getByRole('button', { name: 'Start the interview' }).count()).toBe(0);
    await expectNoSeriousA11yViolations(page, 'equipment check, microphone refused');
  });
});
