import { readFileSync } from 'node:fs';
import type { SettingsPatch } from '../../shared/domain/settings';
import type { CorpusItem } from '../../tests/fixtures/audio/conversation-corpus';
import { launchChromium, openApp } from '../../tests/e2e/support/browser';
import { startTestHost } from '../../tests/e2e/support/host';
import { addScriptedMicrophone, scriptedMicrophone } from '../../tests/e2e/support/scripted-microphone';
import { startFakeOpenAi, type FakeOpenAi } from '../../tests/fixtures/fake-openai/index';
import { keepSpeechCacheOff } from '../support/speech-cache-off';
import { pacedChat, pacedSpeech, REALTIME_WHISPER_COMPLETED_MS, sttMs } from '../support/paced-ai';
import { registerCandidate } from '../../tests/e2e/support/flows';
import { CorpusTranscriber, measureClockOffset } from '../../tests/fixtures/audio/corpus-transcriber';
import { benchCandidate, nextCandidate, recordTurnIndicator, setUpKiosk, startInterviewByVoice, submitInterview, waitUntilListening } from './kiosk';
import { storedAnswer as answerTo } from './stored-answer';

/** What one played answer led to, in the page's clock. */
export interface ItemResult {
  item: CorpusItem;
  /** The question it answered. */
  question: number;
  /** The answer's first sample entered the microphone. */
  startAt: number;
  finalSpeechEndAt: number;
  /** The turn indicator last showed "Thinking…", after the final speech and before the next question sounded (the app decided the answer was over). */
  turnEndedAt: number | null;
  /** The first sample of the app's next sound (the next question). */
  firstAudioAt: number | null;
  /** firstAudioAt - finalSpeechEndAt; negative when the app spoke over the end of the answer. */
  latencyMs: number | null;
  /** Question audio started before the answer's final speech ended. */
  cutOff: boolean;
  /** A cut-off answer: the first sound that began after the final speech ended (the question again, once the app let the candidate finish). */
  afterFinishMs: number | null;
  /** The stored answer to this question. */
  storedAnswer: string | null;
  /** The stored answer holds every word the candidate said (fillers included, a cough as nothing). */
  storedWhole: boolean;
  /** Pause answers: the words after the pause are in this question's stored answer. */
  keptWordsAfterPause: boolean | null;
  /** How many questions the app moved on while this answer was given (2 or more: part of it became an answer to the next question). */
  questionsMoved: number;
}

export interface SeriesOptions {
  label: string;
  items: CorpusItem[];
  /** Played first and not reported: connections, prompts, the detector's model and SQLite warm up. */
  warmUp: CorpusItem;
  /** What the candidate says at the equipment check. */
  sayWav: string;
  /** The device's machine settings file, as an IT administrator writes it. */
  machineSettings: SettingsPatch;
  log: (line: string) => void;
}

const BENCH_API_KEY = 'sk-bench-fake-openai';
/**
 * A question as long as an interviewer's usually is (~140 characters, about
 * 8 s of speech): the answer stays continuable only while the question
 * sounds, so a question shorter than CONTINUE_WINDOW_MS would cut a 4 s
 * pause's recovery short. Unique per answer and run, so the speech cache
 * only ever has its opening "Okay," to answer for (and keepSpeechCacheOff
 * stops that too); its first sentence is bench:turn's.
 */
function spokenQuestion(n: number, run: number): string {
  return `Okay, thank you for walking me through answer ${n} of run ${run}. Next, how would you decide between lifting state up and reaching for context, and why?`;
}

/**
 * Where the time after an answer went, from what reached the fake server
 * (Node's clock): each request after the final speech, in order, as
 * "+ms endpoint", and the first sound. For BENCH_VERBOSE=1.
 */
function stagesAfter(fake: FakeOpenAi, speechEndAt: number, firstAudioAt: number | null): string {
  const after = (at: number) => `+${(at - speechEndAt).toFixed(0)}`;
  const stages = fake.requests
    .filter((request) => request.receivedAt >= speechEndAt && (firstAudioAt === null || request.receivedAt <= firstAudioAt))
    .map((request) => `${after(request.receivedAt)} ${request.endpoint}${request.json?.stream ? ' (streamed)' : ''}`);
  const commits = fake.realtime.sessions.flatMap((session) => session.events.filter((entry) => entry.event?.type === 'input_audio_buffer.commit').map((entry) => entry.receivedAt));
  for (const at of commits) if (at >= speechEndAt && (firstAudioAt === null || at <= firstAudioAt)) stages.push(`${after(at)} live commit`);
  if (firstAudioAt !== null) stages.push(`${after(firstAudioAt)} first sound`);
  return stages.sort((a, b) => parseFloat(a) - parseFloat(b)).join(', ');
}

/** With nothing recorded and the question unchanged this long after the answer, it was not heard at all. */
const UNHEARD_AFTER_MS = 12_000;

const normalise = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9' ]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

/**
 * One kiosk (host, Chromium, fake AI) from first start, taking interviews by
 * voice until every item has answered a question that was followed by
 * another (an answer to an interview's last question is played again in
 * the next interview: there is no next question to time).
 */
export async function runSeries(options: SeriesOptions): Promise<ItemResult[]> {
  const fake = await startFakeOpenAi();
  const transcriber = new CorpusTranscriber({ pacing: { uploadMs: sttMs, committedMs: sttMs, streamedMs: REALTIME_WHISPER_COMPLETED_MS }, realtime: fake.realtime });
  let run = 0;
  fake.setResponder(
    'chat',
    pacedChat((n) => spokenQuestion(n, run)),
  );
  fake.setResponder('transcriptions', transcriber.respond);
  fake.realtime.setResponder(transcriber.respondLive);
  // The fake's own length for the words (~60 ms a character, as a real voice): the answer stays continuable only while the question sounds.
  fake.setResponder('speech', () => pacedSpeech());

  const host = await startTestHost({ openAi: { baseUrl: fake.url, apiKey: BENCH_API_KEY }, machineSettings: options.machineSettings });
  keepSpeechCacheOff(host.dataDir);
  // The app resumes its AudioContext on the candidate's clicks; the scripted microphone's own context has no click to wait for.
  const browser = await launchChromium(['--autoplay-policy=no-user-gesture-required']);
  const results: ItemResult[] = [];
  try {
    const app = await openApp(browser, host.url, (context) => addScriptedMicrophone(context));
    const { page } = app;
    const mic = scriptedMicrophone(page);
    let candidates = 1;
    await setUpKiosk(page);
    await registerCandidate(page, benchCandidate(candidates));
    const clock = await measureClockOffset(() => page.evaluate(() => performance.now()));
    transcriber.setClockOffset(clock.offsetMs);
    options.log(`  [${options.label}] page clock = Node clock + ${clock.offsetMs.toFixed(1)} ms (±${clock.uncertaintyMs.toFixed(1)} ms)`);
    run++;
    await startInterviewByVoice(page, mic, options.sayWav);
    const turnLog = await recordTurnIndicator(page);

    const queue = [options.warmUp, ...options.items];
    let warm = false;
    let state = await waitUntilListening(page, { pastQuestion: null, giveUpOnSameMs: 0, timeoutMs: 60_000 });
    while (queue.length > 0) {
      if (state.readyToSubmit) {
        await submitInterview(page);
        run++;
        await nextCandidate(page, mic, ++candidates, options.sayWav);
        state = await waitUntilListening(page, { pastQuestion: null, giveUpOnSameMs: 0, timeoutMs: 60_000 });
        continue;
      }
      // The candidate starts once the app has been listening quietly for a moment (waitUntilListening's settle).
      const item = queue.shift()!;
      const question = state.question ?? 0;
      const startAt = await mic.play(readFileSync(item.wavFile));
      transcriber.played(item, startAt);
      await mic.idle();
      state = await waitUntilListening(page, { pastQuestion: question, giveUpOnSameMs: UNHEARD_AFTER_MS, timeoutMs: 120_000 });

      const finalSpeechEndAt = startAt + item.finalSpeechEndMs;
      const played = await mic.played();
      const firstAudio = played.find((buffer) => buffer.at > startAt) ?? null;
      const afterFinish = played.find((buffer) => buffer.at >= finalSpeechEndAt) ?? null;
      if (!firstAudio && state.readyToSubmit) {
        // The interview's last question: nothing follows it to time, so this answer goes again in the next interview.
        queue.unshift(item);
        continue;
      }
      if (!warm) {
        warm = true;
        continue;
      }
      // The last time the app decided the answer was over before the next question sounded (a pause may have had earlier, withdrawn ones).
      // After the final speech only: a "Thinking…" during a pause was the app misjudging the pause, not the answer ending.
      const turnEnded =
        (await turnLog()).filter((entry) => entry.at >= finalSpeechEndAt && entry.text === 'Thinking…' && (!firstAudio || entry.at <= firstAudio.at)).at(-1) ?? null;
      const storedAnswer = answerTo(host.dataDir, question);
      const stored = normalise(storedAnswer ?? '');
      const said = normalise(item.phrases.map((phrase) => phrase.transcript).join(' '));
      const result: ItemResult = {
        item,
        question,
        startAt,
        finalSpeechEndAt,
        turnEndedAt: turnEnded?.at ?? null,
        firstAudioAt: firstAudio?.at ?? null,
        latencyMs: firstAudio ? firstAudio.at - finalSpeechEndAt : null,
        cutOff: firstAudio !== null && firstAudio.at < finalSpeechEndAt,
        afterFinishMs: firstAudio !== null && firstAudio.at < finalSpeechEndAt && afterFinish ? afterFinish.at - finalSpeechEndAt : null,
        storedAnswer,
        storedWhole: stored.includes(said),
        // Both sides of the pause in this one answer: the words after it were not lost, nor filed under another question.
        keptWordsAfterPause: item.pause ? stored.includes(normalise(item.pause.resumedWith)) && stored.includes(normalise(item.phrases[0]!.transcript)) : null,
        questionsMoved: state.readyToSubmit ? 1 : (state.question ?? question) - question,
      };
      results.push(result);
      options.log(
        `  [${options.label}] Q${String(question).padStart(2)} ${item.id.padEnd(22)} ` +
          `${result.latencyMs === null ? 'no next question' : `${result.latencyMs.toFixed(0).padStart(6)} ms`}` +
          `${result.cutOff ? `  CUT OFF${result.afterFinishMs === null ? '' : ` (next sound after the final speech: ${result.afterFinishMs.toFixed(0)} ms)`}` : ''}${result.storedWhole ? '' : '  (stored answer lacks words)'}${result.questionsMoved > 1 ? `  (moved ${result.questionsMoved} questions)` : ''}`,
      );
      if (process.env.BENCH_VERBOSE) options.log(`      after the final speech: ${stagesAfter(fake, finalSpeechEndAt - clock.offsetMs, firstAudio ? firstAudio.at - clock.offsetMs : null)}`);
      if (!result.storedWhole || process.env.BENCH_VERBOSE) options.log(`      stored: ${JSON.stringify(storedAnswer)}`);
    }
    // Which way the answers were transcribed, from what reached the fake: the setting must have taken.
    const liveItems = transcriber.log.filter((entry) => entry.live).length;
    const uploads = transcriber.log.length - liveItems;
    const models = [...new Set(fake.realtime.sessions.flatMap((session) => session.events.map((entry) => entry.event?.session?.audio?.input?.transcription?.model).filter(Boolean)))];
    options.log(`  [${options.label}] transcribed: ${uploads} segment uploads, ${liveItems} live items${models.length ? ` (${models.join(', ')})` : ''}`);
    const latencies = await mic.latencies();
    options.log(`  [${options.label}] audio latencies reported (s): microphone ${JSON.stringify(latencies.microphone)}, app ${JSON.stringify(latencies.app)}`);
    if (app.problems.length > 0) options.log(`  [${options.label}] the page reported: ${app.problems.slice(0, 5).join(' | ')}`);
    await app.context.close();
  } finally {
    await browser.close().catch(() => undefined);
    await host.close();
    await fake.close();
  }
  return results;
}
