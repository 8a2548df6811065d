/**
 * Voice-to-voice latency of an interview turn: from the call that ends the
 * answer (the voice detector's end of answer) to the first `interview.audio`
 * event carrying PCM of the next question. Full turns through the real
 * service (IPC dispatcher, SQLite with fsync, content store, the provider
 * layer and the SDK over HTTP) against the fake OpenAI server, paced like
 * the real service:
 *
 *   speech-to-text   400 ms for a short segment (+25 ms per second of audio beyond 3 s)
 *   language model   350 ms to the first token, then 80 tokens/s; a judgement
 *                    (not streamed) arrives when its last token would have
 *   text-to-speech   300 ms to the first byte, then 10x real time
 *
 * Two answer lengths. A 5-second answer is two segments (3 s, 2 s); a
 * 90-second answer is fifteen (14 of 5.6 s, then 2 s). Segments are sent as the
 * renderer sends them while the candidate is still speaking, so the
 * transcriptions of all but the last finish in the background (the speaking
 * time is compressed: the gaps are only as long as those transcriptions
 * need), and the answer ends right after its last segment, so that
 * segment's transcription is on the measured path.
 *
 * The floor is what the providers alone make the candidate wait:
 * transcription of the last segment + the model's time to the end of the
 * question's first spoken part (its first clause or sentence) + text-to-speech's first byte.
 *
 *   npm run bench:turn          (BENCH_TURNS=40 for more turns per answer length; default 24)
 *
 * Prints a report, then ONE line of JSON with the figures.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { InterviewView } from '../shared/domain/interview';
import { createLogger } from '../src-main/logging/logger';
import { startFakeOpenAi } from '../tests/fixtures/fake-openai/index';
import { percentile } from './stats';
import { startBenchKiosk } from './support/bench-kiosk';
import { toneWav } from '../tests/fixtures/audio/tone-wav';
import { keepSpeechCacheOff } from './support/speech-cache-off';
import { modelToFirstPartMs, pacedChat, pacedSpeech, pacedTranscription, questionFor, sttMs, TTS_FIRST_BYTE_MS } from './support/paced-ai';

const TURNS = Math.max(10, Number.parseInt(process.env.BENCH_TURNS ?? '24', 10) || 24);

const TARGET_P50_MS = 1500;
const TARGET_P95_MS = 2000;
const TARGET_SLOWDOWN_PCT = 10;

interface AnswerShape {
  name: string;
  /** Segment lengths in ms; the last one's transcription is on the measured path. */
  segmentsMs: number[];
}

/** Both end with a 2-second segment, so the two differ only in what came before it. */
const FIVE_SECONDS: AnswerShape = { name: '5 s answer', segmentsMs: [3000, 2000] };
/** 80.4 s of speech in 15 segments, with the pauses between them about 90 s. */
const NINETY_SECONDS: AnswerShape = { name: '90 s answer', segmentsMs: [...Array.from({ length: 14 }, () => 5600), 2000] };

// The paced fake provider is bench/support/paced-ai.ts, shared with bench/conversation.bench.ts.

// ---------------------------------------------------------------- helpers

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const round = (value: number) => Math.round(value * 10) / 10;

// ---------------------------------------------------------------- the run

interface Sample {
  latencyMs: number;
  floorMs: number;
  waitedForJudgement: boolean;
}

async function main(): Promise<void> {
  const server = await startFakeOpenAi();
  const dataDir = mkdtempSync(join(tmpdir(), 'kiosk-bench-turn-'));
  keepSpeechCacheOff(dataDir);
  const logLines: string[] = [];
  const logger = createLogger({ level: 'debug', sink: (line) => logLines.push(line) });
  const { app, call, startInterview, firstAudioAt } = startBenchKiosk({ providerUrl: server.url, dataDir, logger });

  let run = 0;
  const questionTexts = new Map<number, string>();
  server.setResponder(
    'chat',
    pacedChat((n) => {
      const text = questionFor(n, run);
      questionTexts.set(n, text);
      return text;
    }),
  );
  server.setResponder('transcriptions', (request) => pacedTranscription(request, 'I would keep the state in a reducer and pass callbacks down to each step.'));
  server.setResponder('speech', () => pacedSpeech());

  async function waitForFirstPcm(streamId: string): Promise<number> {
    const at = await firstAudioAt(streamId);
    if (at === null) throw new Error(`no audio arrived for ${streamId}`);
    return at;
  }

  /** One turn: the segments as they are spoken, then the end of the answer; returns the voice-to-voice time. */
  async function turn(windowId: string, view: InterviewView, shape: AnswerShape): Promise<{ view: InterviewView; sample: Sample | null }> {
    const question = view.currentQuestion!;
    let startedMs = 800;
    for (const [segmentIndex, lengthMs] of shape.segmentsMs.entries()) {
      const last = segmentIndex === shape.segmentsMs.length - 1;
      if (segmentIndex > 0) {
        // Speaking time, compressed to what the earlier segments' transcriptions need to finish.
        const previous = shape.segmentsMs[segmentIndex - 1]! / 1000;
        await sleep(last ? sttMs(previous) + 150 : 120);
      }
      await call(windowId, 'interview.answerSegment', {
        interviewId: view.id,
        questionMessageId: question.messageId,
        segmentIndex,
        audioWavBase64: toneWav(lengthMs, { pitchHz: 180 + segmentIndex + question.number, amplitude: 2000 }).toString('base64'),
        startedAfterQuestionMs: startedMs,
        endedAfterQuestionMs: startedMs + lengthMs,
      });
      startedMs += lengthMs + 700;
    }
    const waitsBefore = logLines.filter((line) => line.includes('waiting for a judgement')).length;
    const endedAt = performance.now();
    const { interview } = await call(windowId, 'interview.endAnswer', {
      interviewId: view.id,
      questionMessageId: question.messageId,
      segmentCount: shape.segmentsMs.length,
      reason: 'silence',
    });
    const next = interview.currentQuestion;
    if (!next) return { view: interview, sample: null };
    const heardAt = await waitForFirstPcm(next.messageId);
    const text = questionTexts.get(next.number) ?? next.text;
    const lastSegmentSeconds = shape.segmentsMs.at(-1)! / 1000;
    return {
      view: interview,
      sample: {
        latencyMs: heardAt - endedAt,
        floorMs: sttMs(lastSegmentSeconds) + modelToFirstPartMs(text) + TTS_FIRST_BYTE_MS,
        waitedForJudgement: logLines.filter((line) => line.includes('waiting for a judgement')).length > waitsBefore,
      },
    };
  }

  async function measure(shape: AnswerShape, turns: number): Promise<Sample[]> {
    const samples: Sample[] = [];
    while (samples.length < turns) {
      run++;
      const started = await startInterview();
      const { windowId } = started;
      let view = started.view;
      while (view.currentQuestion && samples.length < turns) {
        // The candidate listens to the question before answering: its audio, judgements and files settle first.
        await app.services.interviews.idle();
        const result = await turn(windowId, view, shape);
        view = result.view;
        if (result.sample) samples.push(result.sample);
      }
      await app.services.interviews.idle();
    }
    return samples;
  }

  try {
    // A few turns first, so connections, prompts and SQLite are warm for both series alike.
    await measure(FIVE_SECONDS, 3);
    const short = await measure(FIVE_SECONDS, TURNS);
    const long = await measure(NINETY_SECONDS, TURNS);
    const stats = (samples: Sample[]) => {
      const latencies = samples.map((sample) => sample.latencyMs);
      return {
        p50: percentile(latencies, 50),
        p95: percentile(latencies, 95),
        max: Math.max(...latencies),
        // The floor varies by a token or two with the question's wording.
        floor: percentile(samples.map((sample) => sample.floorMs), 50),
        waited: samples.filter((sample) => sample.waitedForJudgement).length,
      };
    };
    const s5 = stats(short);
    const s90 = stats(long);
    const floor = s5.floor;
    const figures = {
      turns_per_length: TURNS,
      turn5s_p50_ms: round(s5.p50),
      turn5s_p95_ms: round(s5.p95),
      turn90s_p50_ms: round(s90.p50),
      turn90s_p95_ms: round(s90.p95),
      floor_ms: round(floor),
      ratio_p50_to_floor: Math.round((s5.p50 / floor) * 1000) / 1000,
      ratio90s_p50_to_floor: Math.round((s90.p50 / s90.floor) * 1000) / 1000,
      slowdown_90s_vs_5s_pct: round(((s90.p50 - s5.p50) / s5.p50) * 100),
      turns_waiting_for_judgement: s5.waited + s90.waited,
    };

    const row = (label: string, s: ReturnType<typeof stats>) =>
      console.log(`  ${label.padEnd(14)} ${s.p50.toFixed(0).padStart(7)} ${s.p95.toFixed(0).padStart(7)} ${s.max.toFixed(0).padStart(7)}   ${s.waited}`);
    console.log('Voice-to-voice latency of an interview turn (end of answer → first audio of the next question)');
    console.log(`  ${TURNS} measured turns per answer length, fake provider paced like the real service; times in ms`);
    console.log('');
    console.log(`  ${''.padEnd(14)} ${'p50'.padStart(7)} ${'p95'.padStart(7)} ${'max'.padStart(7)}   turns that waited for a judgement`);
    row(FIVE_SECONDS.name, s5);
    row(NINETY_SECONDS.name, s90);
    console.log('');
    console.log(
      `  floor ${floor.toFixed(0)} ms = speech-to-text of the last segment ${sttMs(2)} + model to the end of the first spoken part (clause or sentence) ` +
        `${(floor - sttMs(2) - TTS_FIRST_BYTE_MS).toFixed(0)} + text-to-speech first byte ${TTS_FIRST_BYTE_MS}`,
    );
    console.log(
      `  p50 / floor: ${figures.ratio_p50_to_floor} (5 s), ${figures.ratio90s_p50_to_floor} (90 s); ` +
        `90 s answer vs 5 s answer (p50): ${figures.slowdown_90s_vs_5s_pct >= 0 ? '+' : ''}${figures.slowdown_90s_vs_5s_pct}%`,
    );
    console.log('  Below 1 is possible: the last segment is already being transcribed when the answer ends (it was sent just before).');
    const verdict = (ok: boolean) => (ok ? 'met' : 'NOT met');
    console.log(
      `  targets: p50 < ${TARGET_P50_MS} ms ${verdict(Math.max(s5.p50, s90.p50) < TARGET_P50_MS)}; p95 < ${TARGET_P95_MS} ms ${verdict(Math.max(s5.p95, s90.p95) < TARGET_P95_MS)}; ` +
        `90 s at most ${TARGET_SLOWDOWN_PCT}% slower ${verdict(figures.slowdown_90s_vs_5s_pct <= TARGET_SLOWDOWN_PCT)}`,
    );
    console.log(JSON.stringify(figures));
  } finally {
    app.close();
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
