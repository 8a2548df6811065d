import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildConversationCorpus, corpusRecipes, type CorpusItem } from '../fixtures/audio/conversation-corpus';
import { spokenReply } from '../fixtures/fake-openai/speech';
import { recordTexts } from './support/audio';
import { normaliseWords, startInterviewByVoice, useConversationKiosk, waitForTheirTurn, type ConversationKiosk } from './support/conversation-kiosk';
import { readConversation, type StoredAnswer } from './support/conversation-store';
import { QUESTION_ONLY_WORDS, QuestionEcho, spokenQuestionPcm } from './support/echo-question';
import type { PlayedBuffer } from './support/scripted-microphone';

/**
 * The kiosk's loudspeakers are heard by its microphone: each question comes
 * back into it, a little later and quieter, and must never count as the
 * candidate speaking. While the candidate can still carry on, speech heard
 * during a question mutes it and the app listens: an echo stops with the
 * question, the candidate goes on (interview-session.ts); otherwise the app
 * does not listen while it speaks. The questions are real speech, which the voice detector hears as
 * speech, and the echo is what a kiosk's speakers give: -6 dB, 90 ms late.
 * The control case is the candidate really speaking over the next question:
 * that must stop and withdraw it.
 */
const kiosk = useConversationKiosk();

const ECHO = { gainDb: -6, delayMs: 90 };
const TEST_MS = 150_000;

function items(...ids: string[]): CorpusItem[] {
  const built = buildConversationCorpus(corpusRecipes().filter((recipe) => ids.includes(recipe.id)));
  return ids.map((id) => built.find((item) => item.id === id)!);
}

/** Kiosk, real-speech questions, echo on: the interview started and listening for the first answer. */
async function kioskWithEcho(): Promise<ConversationKiosk & { echo: QuestionEcho; firstQuestion: number }> {
  const started = await kiosk.start();
  const pcm = spokenQuestionPcm();
  started.fake.setResponder('speech', () => spokenReply(pcm));
  await started.mic.setEcho(ECHO);
  const echo = new QuestionEcho(started.page, started.transcriber, (pcm.length / 2 / 24_000) * 1000, ECHO.delayMs);
  await echo.start();
  await startInterviewByVoice(started.page, started.mic);
  const state = await waitForTheirTurn(started.page, null, 60_000);
  return { ...started, echo, firstQuestion: state.question! };
}

async function say({ mic, transcriber }: ConversationKiosk, item: CorpusItem): Promise<number> {
  const startAt = await mic.play(readFileSync(item.wavFile));
  transcriber.played(item, startAt);
  await mic.idle();
  return startAt;
}

/** Questions are buffers played back to back: the first buffer of each. */
function questionStarts(played: PlayedBuffer[], since: number): PlayedBuffer[] {
  return played.filter((buffer, index) => buffer.at >= since && (index === 0 || Math.abs(buffer.at - (played[index - 1]!.at + played[index - 1]!.durationMs)) > 5));
}

function expectWhole(answer: StoredAnswer | undefined, said: CorpusItem[], label: string): void {
  expect(answer, `${label} was stored`).toBeDefined();
  const stored = normaliseWords(answer!.text);
  for (const phrase of said.flatMap((item) => item.phrases).filter((p) => p.transcript.length > 0)) {
    expect(stored, `${label} holds "${phrase.transcript}"`).toContain(normaliseWords(phrase.transcript));
  }
  for (const word of QUESTION_ONLY_WORDS) expect(stored, `${label} holds none of the question's words`).not.toContain(word);
}

describe('the question heard again through the microphone', () => {
  it(
    'never takes the question’s own echo for the candidate: no question withdrawn, every answer stored whole and without the question’s words',
    async () => {
      const k = await kioskWithEcho();
      const answers = items('pause-2s-en-us+f3-180', 'complete-3s');
      const since = await k.page.evaluate(() => performance.now());
      let question = k.firstQuestion;
      for (const item of answers) {
        await say(k, item);
        question = (await waitForTheirTurn(k.page, question, 30_000)).question!;
      }
      k.echo.stop();

      const turns = readConversation(k.host.dataDir);
      const played = await k.mic.played();
      const context = `stored: ${JSON.stringify(turns, null, 1)}\ntranscriptions: ${JSON.stringify(k.transcriber.log)}`;
      expect(played.filter((buffer) => buffer.at >= since && buffer.stoppedAt !== null), `no question was stopped\n${context}`).toHaveLength(0);
      // Every question asked was stored: the one being answered now too (it is stored with the answer before it).
      expect(turns.length, context).toBe(questionStarts(played, since).length + 1);
      for (const [index, item] of answers.entries()) {
        const turn = turns[index]!;
        expect(turn.answers, `question ${index + 1} has one answer\n${context}`).toHaveLength(1);
        expectWhole(turn.answers[0], [item], `answer ${index + 1} (${item.id})`);
        expect(turn.answers[0]!.continued, `answer ${index + 1} was never carried on\n${context}`).toBe(0);
        expect(turn.answers[0]!.recordingSeconds).toBeGreaterThanOrEqual((item.finalSpeechEndMs - item.phrases[0]!.startMs) / 1000);
      }
    },
    TEST_MS,
  );

  it(
    'control: the candidate speaking over the start of the next question stops and withdraws it, and the answer holds both parts',
    async () => {
      const k = await kioskWithEcho();
      const [first, more] = items('complete-5s-us', 'complete-3s');
      const shown = await recordTexts(k.page, '.question-text');
      const startAt = await say(k, first!);
      const answerEnd = startAt + first!.finalSpeechEndMs;

      // The next question has begun to sound: the candidate goes on over it, inside the continue window.
      let next: PlayedBuffer | undefined;
      const deadline = Date.now() + 20_000;
      while (!next && Date.now() < deadline) {
        next = questionStarts(await k.mic.played(), answerEnd)[0];
        if (!next) await new Promise((resolve) => setTimeout(resolve, 30));
      }
      expect(next, 'the next question began to play after the answer').toBeDefined();
      await k.page.waitForFunction((at) => performance.now() >= at + 600, next!.at);
      await say(k, more!);
      await waitForTheirTurn(k.page, k.firstQuestion, 30_000);
      k.echo.stop();

      const played = await k.mic.played();
      const stopped = played.filter((buffer) => buffer.at >= next!.at && buffer.stoppedAt !== null);
      const turns = readConversation(k.host.dataDir);
      const context = `stored: ${JSON.stringify(turns, null, 1)}\ntranscriptions: ${JSON.stringify(k.transcriber.log)}`;
      expect(stopped.length, `the question the candidate spoke over was stopped\n${context}`).toBeGreaterThan(0);
      expect(turns[0]!.answers, context).toHaveLength(1);
      expectWhole(turns[0]!.answers[0], [first!, more!], 'the carried-on answer');
      expect(turns[0]!.answers[0]!.continued, context).toBe(1);
      // The withdrawn question was shown, then taken back: it is not the question stored after the answer.
      const storedTexts = turns.map((turn) => turn.question.text);
      const withdrawn = (await shown()).filter((text) => /Here is question \d+\./.test(text) && !storedTexts.some((stored) => stored.startsWith(text) || text.startsWith(stored)));
      expect(withdrawn.length, `a shown question was withdrawn and never stored\nshown: ${JSON.stringify(await shown())}\n${context}`).toBeGreaterThan(0);
      expect(turns, context).toHaveLength(2);
    },
    TEST_MS,
  );
});
