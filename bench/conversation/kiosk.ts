import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { admin, completeSetup, expectScreen, registerCandidate, signOut, type Person } from '../../tests/e2e/support/flows';
import type { scriptedMicrophone } from '../../tests/e2e/support/scripted-microphone';
import { startInterviewByVoice as startByVoice } from '../../tests/e2e/support/equipment-check';
import { interviewScreenState, type InterviewScreenState } from '../../tests/e2e/support/interview-screen';

type Mic = ReturnType<typeof scriptedMicrophone>;

/**
 * The candidate's side of the kiosk, driven as a person would: through the
 * screens, speaking into the (scripted) microphone. What the interview
 * screen shows is read from the DOM, so the benchmark follows whatever the
 * app does rather than its internals.
 */

/** A different person for each interview (one candidate, one interview at a time). */
export function benchCandidate(n: number): Person {
  return { fullName: `Bench Candidate ${n}`, email: `bench.candidate.${n}@example.com`, password: 'Interview#2025' };
}

/** Choose React, pass the equipment check by saying `sayWav`, start (tests/e2e/support/equipment-check.ts). */
export function startInterviewByVoice(page: Page, mic: Mic, sayWav: string): Promise<void> {
  return startByVoice(page, mic, readFileSync(sayWav));
}

/** First start: the administrator's account, then sign out to the candidate sign-in. */
export async function setUpKiosk(page: Page): Promise<void> {
  await completeSetup(page, admin);
  await signOut(page);
}

/** After submitting: sign out, register the next candidate and start their interview. */
export async function nextCandidate(page: Page, mic: Mic, n: number, sayWav: string): Promise<void> {
  await signOut(page);
  await registerCandidate(page, benchCandidate(n));
  await startInterviewByVoice(page, mic, sayWav);
}

/** Every change of the turn indicator, with the page time it happened: when the app decided the answer was over. */
export async function recordTurnIndicator(page: Page): Promise<() => Promise<{ at: number; text: string }[]>> {
  await page.evaluate(() => {
    const seen: { at: number; text: string }[] = [];
    (window as unknown as { __turnLog: typeof seen }).__turnLog = seen;
    const note = () => {
      const text = (document.querySelector('.turn')?.textContent ?? '').replace(/\s+/g, ' ').trim();
      if (seen.at(-1)?.text !== text) seen.push({ at: performance.now(), text });
    };
    new MutationObserver(note).observe(document.body, { subtree: true, childList: true, characterData: true });
    note();
  });
  return () => page.evaluate(() => [...(window as unknown as { __turnLog: { at: number; text: string }[] }).__turnLog]);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const SETTLE_MS = 1200;

/**
 * Waits until the app listens for a new answer with nothing recorded yet
 * (or has all its answers). `notBefore` is a question number the app must
 * have moved past; after `giveUpOnSameMs` of listening to the same question
 * it is accepted too (the answer was not heard at all, and the app is still
 * waiting for it).
 */
export async function waitUntilListening(page: Page, options: { pastQuestion: number | null; giveUpOnSameMs: number; timeoutMs: number }): Promise<InterviewScreenState> {
  const started = Date.now();
  let quietSince: number | null = null;
  for (;;) {
    const state = await interviewScreenState(page);
    if (state.problem) throw new Error(`The interview screen shows a problem: "${state.problem}" (turn indicator: "${state.turn}", question ${state.question}).`);
    if (state.readyToSubmit) return state;
    const listening = state.turn === 'Listening…' && state.nothingRecorded;
    const moved = options.pastQuestion === null || (state.question ?? 0) > options.pastQuestion;
    quietSince = listening ? (quietSince ?? Date.now()) : null;
    // Listening with nothing heard for longer than the detector needs to notice speech and close a segment
    // (its 500 ms pre-speech pad plus 600 ms hangover): words the app heard late are not taken for the next answer's.
    const settled = quietSince !== null && Date.now() - quietSince >= SETTLE_MS;
    if (settled && (moved || Date.now() - started >= options.giveUpOnSameMs)) return state;
    if (Date.now() - started > options.timeoutMs) {
      throw new Error(
        `The app did not get back to listening within ${options.timeoutMs / 1000} s (turn indicator: "${state.turn}", question ${state.question}, ` +
          `nothing recorded: ${state.nothingRecorded}). See the page for what it is waiting for.`,
      );
    }
    await sleep(50);
  }
}

export async function submitInterview(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Submit interview', exact: true }).click();
  await expectScreen(page, 'Interview submitted');
}
