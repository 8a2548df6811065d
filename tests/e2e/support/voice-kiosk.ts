import type { Page } from 'playwright-core';
import { afterEach, beforeEach } from 'vitest';
import { fakeMicrophoneArgs, makeSpeechWav } from '../../fixtures/audio/make-speech-wav';
import { startFakeOpenAi, type FakeOpenAi } from '../../fixtures/fake-openai';
import { candidate, completeSetup, registerCandidate, signOut } from './flows';
import { useKioskHarness } from './harness';
import { FAKE_API_KEY, scriptInterviewAi, SPOKEN_ANSWER } from './interview-flows';

/**
 * The spoken interview through the real main process (voice-interview*.test.ts,
 * one file per case so they run side by side): Chromium's fake microphone
 * plays a WAV of real speech on a loop (SPOKEN_ANSWER, then 1.5 s of
 * silence), the real voice detector segments it, main stores and transcribes
 * each segment, the engine asks and judges, text-to-speech streams back, and
 * everything lands in SQLite and on disk. The fake OpenAI server stands in
 * for the AI service.
 *
 * Each question waits for about one turn of the loop (0.2 s lead-in, ~1.2 s
 * of speech, 1.5 s of silence: ~2.9 s), so the loop is short. The end-of-turn
 * silence is set to 1 s (the setting's floor is 0.8 s): the turn ends 1 s
 * after the last speech the detector heard, plus its 0.1 s tick, while the
 * loop's next speech starts 1.7 s after the last, leaving ~0.5 s to spare. A
 * turn that missed it would only run on to the next pause (two segments, one
 * answer). The whole interview test takes 45 to 55 s on a 2-core machine.
 */
export const END_OF_TURN_MS = 1000;
const LOOP_SILENCE_SECONDS = 1.5;

export function useVoiceKiosk() {
  const harness = useKioskHarness({
    chromiumArgs: () => fakeMicrophoneArgs(makeSpeechWav({ text: SPOKEN_ANSWER, silenceAfterSeconds: LOOP_SILENCE_SECONDS })),
  });

  let fake: FakeOpenAi | undefined;
  beforeEach(async () => {
    fake = await startFakeOpenAi();
    scriptInterviewAi(fake);
  });
  afterEach(async () => {
    await fake?.close();
  });

  const current = (): FakeOpenAi => {
    if (!fake) throw new Error('The fake OpenAI server starts before each test.');
    return fake;
  };
  return {
    harness,
    /** This test's fake OpenAI server. */
    fake: current,
    /** The in-process host, talking to the fake AI, with the quick end-of-turn set by IT. */
    hostOptions: () => ({
      openAi: { baseUrl: current().url, apiKey: FAKE_API_KEY },
      machineSettings: { interview: { endOfTurnSilenceMs: END_OF_TURN_MS } },
    }),
  };
}

/** First start as admin, then a new candidate on the home screen. */
export async function setUpKiosk(page: Page): Promise<void> {
  await completeSetup(page);
  await signOut(page);
  await registerCandidate(page, candidate);
}
