/**
 * What the candidate lives through between their last word and the next
 * question: the voice detector's hangover, the end-of-turn silence, then the
 * turn itself (bench:turn measures only that last part).
 *
 * The real renderer in Chromium against the browser host with the real
 * main-process services, the real voice detector (Silero VAD), a scripted
 * microphone (tests/e2e/support/scripted-microphone.ts) playing generated
 * spoken answers (tests/fixtures/audio/conversation-corpus.ts), and the fake
 * OpenAI server paced like the real service (bench/support/paced-ai.ts),
 * whose speech-to-text writes the words actually said in each segment
 * (tests/fixtures/audio/corpus-transcriber.ts) and whose questions sound as
 * long as a real voice makes them. Default device settings, but for how the
 * answers are transcribed: every answer once with a file upload per segment,
 * then the complete answers again with live transcription
 * (gpt-realtime-whisper), both set in the machine settings file.
 *
 * For each answer: the end of its final speech → the first sample of the
 * next question's audio, both in the page's clock. An answer is cut off when
 * question audio starts before its final speech ends, and recovered when the
 * stored answer still holds the words said after the pause.
 *
 *   npm run bench:conversation                       (about 11 minutes)
 *   BENCH_FULL=1 npm run bench:conversation          (every answer of the corpus, about 15 minutes)
 *   BENCH_ITEMS=complete-5s-us,pause-3s-en-gb-165 npm run bench:conversation   (just those answers)
 *   BENCH_SERIES=streaming npm run bench:conversation (only live transcription; or =file)
 *
 * Prints a line per answer, a table per category, then ONE line of JSON.
 */
import type { SettingsPatch } from '../shared/domain/settings';
import { buildConversationCorpus, corpusCategories, type CorpusItem } from '../tests/fixtures/audio/conversation-corpus';
import { makeSpeechWav } from '../tests/fixtures/audio/make-speech-wav';
import { figuresOf, printCategoryTable } from './conversation/report';
import { runSeries, type ItemResult } from './conversation/series';

const log = (line: string) => console.log(line);

/** One of each category in turn, so each interview gets a mix and no category waits for the end of the run. */
function interleave(items: CorpusItem[]): CorpusItem[] {
  const byCategory = corpusCategories.map((category) => items.filter((item) => item.category === category));
  const out: CorpusItem[] = [];
  for (let round = 0; out.length < items.length; round++) {
    for (const group of byCategory) {
      const item = group[round];
      if (item) out.push(item);
    }
  }
  return out;
}

/**
 * The two ways the app can transcribe an answer, as an IT administrator sets
 * them in the machine settings file: a file upload per speech segment, and
 * live transcription by a model that writes words while the audio streams.
 */
const FILE_UPLOADS: SettingsPatch = { provider: { liveTranscription: false } };
const STREAMING: SettingsPatch = { provider: { liveTranscription: true, liveSttModel: 'gpt-realtime-whisper' } };

/**
 * Left out to keep the run near 11 minutes now that every question sounds as
 * long as a real voice makes it (~8 s each): the second 90 s answer (one
 * still measures long against short), the 3 s answer (it is also each
 * series' warm-up) and one of the two answers of each pause length (the
 * other voice and wording stay). BENCH_FULL=1 plays them all (~15 minutes).
 */
const LEFT_OUT_FOR_TIME = ['complete-90s-gb', 'complete-3s', 'pause-1s-en-gb-150', 'pause-2s-en-us-165', 'pause-3s-en-us-150', 'pause-4s-en-us+f3-165'];

async function main(): Promise<void> {
  const started = performance.now();
  const corpus = buildConversationCorpus();
  const wanted = process.env.BENCH_ITEMS?.split(',').map((id) => id.trim()).filter(Boolean);
  if (wanted) {
    const unknown = wanted.filter((id) => !corpus.some((item) => item.id === id));
    if (unknown.length > 0) throw new Error(`BENCH_ITEMS names answers the corpus does not have: ${unknown.join(', ')}. The corpus has: ${corpus.map((item) => item.id).join(', ')}.`);
  }
  const stale = LEFT_OUT_FOR_TIME.filter((id) => !corpus.some((item) => item.id === id));
  if (stale.length > 0) throw new Error(`LEFT_OUT_FOR_TIME names answers the corpus no longer has: ${stale.join(', ')}. Update it in bench/conversation.bench.ts.`);
  const series = new Set(process.env.BENCH_SERIES ? [process.env.BENCH_SERIES] : ['file', 'streaming']);
  if (![...series].every((name) => name === 'file' || name === 'streaming')) throw new Error(`BENCH_SERIES is '${process.env.BENCH_SERIES}'; it may be 'file' or 'streaming' (or unset for both).`);
  const leftOut = process.env.BENCH_FULL ? [] : LEFT_OUT_FOR_TIME;
  const chosen = wanted ? corpus.filter((item) => wanted.includes(item.id)) : corpus.filter((item) => !leftOut.includes(item.id));
  const items = interleave(chosen);
  const warmUp = corpus.find((item) => item.id === 'complete-3s')!;
  const sayWav = makeSpeechWav({ text: 'My name is Bench Candidate.', silenceAfterSeconds: 0.3 });

  log('Conversation latency: end of the candidate\'s final speech → first sound of the next question');
  if (leftOut.length > 0 && !wanted) log(`  left out for time (BENCH_FULL=1 plays them): ${leftOut.join(', ')}`);
  log(`  ${items.length} answers from ${new Set(items.map((item) => item.voice)).size} voices; fake provider paced like the real service; questions as long as a real voice says them`);
  if (series.has('file')) log(`  every answer with a file upload per segment ${JSON.stringify(FILE_UPLOADS)}`);
  const results: ItemResult[] = series.has('file') ? await runSeries({ label: 'file', items, warmUp, sayWav, machineSettings: FILE_UPLOADS, log }) : [];

  let streaming: ItemResult[] | null = null;
  const complete = items.filter((item) => item.category.startsWith('complete'));
  if (complete.length > 0 && series.has('streaming')) {
    log('');
    log(`  the complete answers again with live transcription ${JSON.stringify(STREAMING)}`);
    streaming = await runSeries({ label: 'streaming', items: complete, warmUp, sayWav, machineSettings: STREAMING, log });
  }

  log('');
  if (series.has('file')) {
    log('  file upload per segment:');
    printCategoryTable(results, log);
  }
  if (streaming) {
    log('  live transcription (gpt-realtime-whisper):');
    printCategoryTable(streaming, log);
  }
  const figures = figuresOf(results, streaming);
  log('');
  log(`  "→ turn ends" is speech end → the app last showing "Thinking…" after it, before the next question (detector hangover + end-of-turn silence + its 100 ms tick).`);
  log(`  took ${((performance.now() - started) / 1000).toFixed(0)} s`);
  console.log(JSON.stringify(figures));
}

await main();
