/**
 * Turn latency when the AI service is unavailable (issue 19): from the call
 * that ends the answer to the first `interview.audio` event carrying PCM of
 * the next question, which comes from the question bank and is spoken from
 * the speech cache. Full turns through the real service (IPC dispatcher,
 * SQLite with fsync, content store, the provider layer with its breakers, the
 * SDK over HTTP).
 *
 * The kiosk first prepares the bank's audio while online (the app's own
 * pre-synthesis, against the fake OpenAI server), then loses the service in
 * one of two ways, each measured over its own interviews:
 *
 *   offline   the provider's address refuses every connection
 *   no credit every call is refused with 429 insufficient_quota
 *
 * The first turns of each way open the breakers (the specification's
 * retries are spent there); they are reported apart, not in the figures,
 * which are for a kiosk already working without the service.
 *
 *   npm run bench:bank-turn     (BENCH_TURNS=40 for more turns per way; default 24)
 *
 * Prints a report, then ONE line of JSON with the figures.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { InterviewView } from '../shared/domain/interview';
import { createLogger } from '../src-main/logging/logger';
import { startFakeOpenAi, type FakeOpenAi } from '../tests/fixtures/fake-openai/index';
import { toneWav } from '../tests/fixtures/audio/tone-wav';
import { percentile } from './stats';
import { startBenchKiosk } from './support/bench-kiosk';

const TURNS = Math.max(10, Number.parseInt(process.env.BENCH_TURNS ?? '24', 10) || 24);
const TARGET_P50_MS = 300;
/** A loopback port nothing listens on: connections are refused at once. */
const NOWHERE = 'http://127.0.0.1:9/v1';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const round = (value: number) => Math.round(value * 10) / 10;

interface Sample {
  latencyMs: number;
  fromBank: boolean;
}

async function main(): Promise<void> {
  const server: FakeOpenAi = await startFakeOpenAi();
  const dataDir = mkdtempSync(join(tmpdir(), 'kiosk-bench-bank-turn-'));
  const logger = createLogger({ level: 'error', sink: () => {} });
  // A kiosk, so the bank's audio is prepared, and at once instead of two minutes after start.
  const { app, settings, call, startInterview, firstAudioAt } = startBenchKiosk({
    providerUrl: server.url,
    dataDir,
    logger,
    settings: { mode: 'kiosk' },
    overrides: { bankAudio: { startDelayMs: 0 } },
  });

  // Where the next question came from, read beside the app as a person would check it.
  const opened: { db: Database.Database | null } = { db: null };
  const reader = () => (opened.db ??= new Database(join(dataDir, 'kiosk.sqlite'), { readonly: true, fileMustExist: true }));

  async function turn(windowId: string, view: InterviewView): Promise<{ view: InterviewView; sample: Sample | null }> {
    const question = view.currentQuestion!;
    for (const [segmentIndex, lengthMs] of [3000, 2000].entries()) {
      await call(windowId, 'interview.answerSegment', {
        interviewId: view.id,
        questionMessageId: question.messageId,
        segmentIndex,
        audioWavBase64: toneWav(lengthMs, { pitchHz: 180 + segmentIndex + question.number, amplitude: 2000 }).toString('base64'),
        startedAfterQuestionMs: 800 + segmentIndex * 3700,
        endedAfterQuestionMs: 800 + segmentIndex * 3700 + lengthMs,
      });
    }
    // The last segment's transcription has failed (or is failing) by the time the candidate falls silent.
    await app.services.interviews.idle();
    const endedAt = performance.now();
    const { interview } = await call(windowId, 'interview.endAnswer', { interviewId: view.id, questionMessageId: question.messageId, segmentCount: 2, reason: 'silence' });
    const next = interview.currentQuestion;
    if (!next) return { view: interview, sample: null };
    const heardAt = await firstAudioAt(next.messageId, 5000);
    if (heardAt === null) throw new Error(`question ${next.number} was not spoken: its bank audio is not in the cache`);
    const stored = reader().prepare('SELECT metadata FROM interview_messages WHERE id = ?').get(next.messageId) as { metadata: string };
    return { view: interview, sample: { latencyMs: heardAt - endedAt, fromBank: JSON.parse(stored.metadata).source === 'bank' } };
  }

  async function measure(turns: number): Promise<Sample[]> {
    const samples: Sample[] = [];
    while (samples.length < turns) {
      const started = await startInterview();
      const { windowId } = started;
      let view = started.view;
      while (view.currentQuestion && samples.length < turns) {
        await app.services.interviews.idle();
        const result = await turn(windowId, view);
        view = result.view;
        if (result.sample) samples.push(result.sample);
      }
    }
    return samples;
  }

  try {
    const prepareStarted = performance.now();
    for (;;) {
      const progress = await app.services.bankAudio.progress();
      if (progress.state === 'complete') break;
      if (performance.now() - prepareStarted > 300_000) throw new Error(`the bank's audio was not ready after 5 minutes: ${JSON.stringify(progress)}`);
      await sleep(200);
    }
    const prepared = await app.services.bankAudio.progress();
    const prepareS = (performance.now() - prepareStarted) / 1000;

    const ways: { name: string; key: string; lose: () => void }[] = [
      { name: 'offline (connection refused)', key: 'offline', lose: () => settings.update({ provider: { baseUrl: NOWHERE } }) },
      {
        name: 'no credit (429 insufficient_quota)',
        key: 'quota',
        lose: () => {
          settings.update({ provider: { baseUrl: server.url } });
          for (const endpoint of ['chat', 'transcriptions', 'speech'] as const) server.setResponder(endpoint, () => ({ kind: 'fault', fault: 'insufficient_quota' }));
        },
      },
    ];
    const results: Record<string, { warm: Sample[]; samples: Sample[] }> = {};
    for (const way of ways) {
      way.lose();
      const warm = await measure(3);
      results[way.key] = { warm, samples: await measure(TURNS) };
    }

    const stats = (samples: Sample[]) => {
      const latencies = samples.map((sample) => sample.latencyMs);
      return { p50: percentile(latencies, 50), p95: percentile(latencies, 95), max: Math.max(...latencies), bank: samples.filter((sample) => sample.fromBank).length };
    };
    const all = Object.values(results).flatMap((result) => result.samples);
    const overall = stats(all);
    console.log('Turn latency with the AI service unavailable (end of answer → first audio of the next question, from the question bank)');
    console.log(`  bank audio prepared while online: ${prepared.partsReady} parts of ${prepared.questions} questions in ${prepareS.toFixed(1)} s`);
    console.log(`  ${TURNS} measured turns per way; times in ms`);
    console.log('');
    console.log(`  ${''.padEnd(36)} ${'p50'.padStart(7)} ${'p95'.padStart(7)} ${'max'.padStart(7)}   from the bank   first turns (breakers opening)`);
    for (const way of ways) {
      const s = stats(results[way.key]!.samples);
      const warm = results[way.key]!.warm.map((sample) => sample.latencyMs.toFixed(0)).join(', ');
      console.log(`  ${way.name.padEnd(36)} ${s.p50.toFixed(0).padStart(7)} ${s.p95.toFixed(0).padStart(7)} ${s.max.toFixed(0).padStart(7)}   ${`${s.bank}/${TURNS}`.padStart(13)}   ${warm}`);
    }
    console.log('');
    console.log(`  target: p50 < ${TARGET_P50_MS} ms with cached audio ${overall.p50 < TARGET_P50_MS && overall.bank === all.length ? 'met' : 'NOT met'}`);
    const figures = {
      turns_per_way: TURNS,
      bank_turn_p50_ms: round(overall.p50),
      bank_turn_p95_ms: round(overall.p95),
      offline_turn_p50_ms: round(stats(results['offline']!.samples).p50),
      quota_turn_p50_ms: round(stats(results['quota']!.samples).p50),
      questions_from_bank_pct: round((overall.bank / all.length) * 100),
      bank_audio_prepare_s: round(prepareS),
    };
    console.log(JSON.stringify(figures));
  } finally {
    opened.db?.close();
    app.close();
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
