import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { CorpusTranscriber, measureClockOffset } from '../../fixtures/audio/corpus-transcriber';
import { makeSpeechWav } from '../../fixtures/audio/make-speech-wav';
import { startFakeOpenAi, type FakeOpenAi } from '../../fixtures/fake-openai';
import { openApp, type AppPage } from './browser';
import { startInterviewByVoice as startByVoice } from './equipment-check';
import { candidate, completeSetup, registerCandidate, signOut } from './flows';
import { useKioskHarness } from './harness';
import { startTestHost, type TestHost } from './host';
import { FAKE_API_KEY, scriptInterviewAi } from './interview-flows';
import { interviewScreenState, type InterviewScreenState } from './interview-screen';
import { addScriptedMicrophone, scriptedMicrophone } from './scripted-microphone';

/**
 * A kiosk whose microphone the test speaks into (scripted-microphone.ts),
 * with the real renderer in Chromium, the real main process and the fake
 * OpenAI server. Speech-to-text writes the words actually said in each
 * segment (corpus-transcriber.ts), live or from the uploaded file. Device
 * settings are the defaults: only the AI server is set, as on any kiosk.
 */

export type Microphone = ReturnType<typeof scriptedMicrophone>;

export interface ConversationKiosk {
  host: TestHost;
  app: AppPage;
  page: Page;
  mic: Microphone;
  fake: FakeOpenAi;
  transcriber: CorpusTranscriber;
}

export function useConversationKiosk() {
  // The microphone's own AudioContext has no click to start it; a kiosk's real microphone needs none either.
  const harness = useKioskHarness({ chromiumArgs: () => ['--autoplay-policy=no-user-gesture-required'] });
  return {
    harness,
    /** A kiosk from first start to a registered candidate on their home screen. */
    async start(): Promise<ConversationKiosk> {
      const fake = await startFakeOpenAi();
      let host: TestHost | undefined;
      try {
        scriptInterviewAi(fake);
        const transcriber = new CorpusTranscriber({ realtime: fake.realtime });
        fake.setResponder('transcriptions', transcriber.respond);
        fake.realtime.setResponder(transcriber.respondLive);
        host = await startTestHost({ openAi: { baseUrl: fake.url, apiKey: FAKE_API_KEY } });
        const app = await openApp(harness.browser(), host.url, (context) => addScriptedMicrophone(context));
        const started = host;
        harness.track(app, async () => {
          await started.close();
          await fake.close();
        });
        const { page } = app;
        await completeSetup(page);
        await signOut(page);
        await registerCandidate(page, candidate);
        transcriber.setClockOffset((await measureClockOffset(() => page.evaluate(() => performance.now()))).offsetMs);
        return { host, app, page, mic: scriptedMicrophone(page), fake, transcriber };
      } catch (error) {
        await host?.close().catch(() => undefined);
        await fake.close();
        throw error;
      }
    },
  };
}

/** What the candidate says at the equipment check. */
const EQUIPMENT_CHECK_WAV = () => readFileSync(makeSpeechWav({ text: 'My name is Grace Okafor.', silenceAfterSeconds: 0.3 }));

/** Choose React, pass the equipment check by saying EQUIPMENT_CHECK_WAV, start (equipment-check.ts). */
export function startInterviewByVoice(page: Page, mic: Microphone): Promise<void> {
  return startByVoice(page, mic, EQUIPMENT_CHECK_WAV());
}

/**
 * Listening quietly this long, with nothing recorded, before the candidate
 * speaks: the detector's pre-speech padding and hangover lie within it, so
 * the question's last sound is not taken for the start of the answer.
 */
const SETTLE_MS = 800;

/**
 * Waits until the app listens for a new answer (past question `pastQuestion`,
 * or any question when null) with nothing recorded, or has all its answers.
 * A page problem, or no move in `timeoutMs`, fails with what the screen shows.
 */
export async function waitForTheirTurn(page: Page, pastQuestion: number | null, timeoutMs: number): Promise<InterviewScreenState> {
  const started = Date.now();
  let quietSince: number | null = null;
  for (;;) {
    const state = await interviewScreenState(page);
    if (state.problem) throw new Error(`The interview screen shows a problem: "${state.problem}" (turn indicator "${state.turn}", question ${state.question}).`);
    if (state.readyToSubmit) return state;
    const listening = state.turn === 'Listening…' && state.nothingRecorded && (pastQuestion === null || (state.question ?? 0) > pastQuestion);
    quietSince = listening ? (quietSince ?? Date.now()) : null;
    if (quietSince !== null && Date.now() - quietSince >= SETTLE_MS) return state;
    if (Date.now() - started > timeoutMs) {
      throw new Error(
        `The app did not move past question ${pastQuestion} to listening within ${timeoutMs / 1000} s: it shows question ${state.question}, ` +
          `turn indicator "${state.turn}", nothing recorded: ${state.nothingRecorded}. Was the answer heard at all?`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The same words however they were punctuated or cased: what "the answer holds this phrase" compares. */
export function normaliseWords(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9' ]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}
