import type { CorpusCategory } from '../../tests/fixtures/audio/conversation-corpus';
import { percentile } from '../stats';
import type { ItemResult } from './series';

const categoryLabels: Record<CorpusCategory, string> = {
  'complete-short': 'complete short',
  'complete-long': 'complete long',
  'pause-1s': 'pause 1 s',
  'pause-2s': 'pause 2 s',
  'pause-3s': 'pause 3 s',
  'pause-4s': 'pause 4 s',
  filler: 'filler',
  'one-word': 'one-word',
  'cough-hmm': 'cough/hmm',
  noisy: 'noisy',
};

const round = (value: number) => Math.round(value);
const p50 = (values: number[]) => (values.length > 0 ? percentile(values, 50) : null);
const ms = (value: number | null) => (value === null ? '—' : value.toFixed(0)).padStart(7);

/** Latencies of the answers that were not cut off (a cut-off answer's "latency" is the app speaking over it). */
function latencies(results: ItemResult[]): number[] {
  return results.filter((result) => !result.cutOff && result.latencyMs !== null).map((result) => result.latencyMs!);
}

/** "2/4  50%": how many of the category, and their share. */
function share(count: number, of: number): string {
  return `${count}/${of}`.padStart(5) + `${Math.round((count / of) * 100)}%`.padStart(5);
}

export function printCategoryTable(results: ItemResult[], log: (line: string) => void): void {
  log('');
  log('  end of final speech → first sound of the next question, ms (cut-off answers left out of the times)');
  log(`  ${'category'.padEnd(15)} ${'n'.padStart(3)} ${'p50'.padStart(7)} ${'p95'.padStart(7)} ${'max'.padStart(7)}  ${'→ turn ends'.padStart(11)}  ${'cut off'.padStart(10)}  ${'stored whole'.padStart(12)}  moved on 2+`);
  const categories = [...new Set(results.map((result) => result.item.category))];
  for (const category of categories) {
    const inCategory = results.filter((result) => result.item.category === category);
    const n = inCategory.length;
    const times = latencies(inCategory);
    // Speech end to the app deciding the answer is over: the hangover plus the end-of-turn silence, as the candidate lives it.
    const detect = inCategory.filter((r) => r.turnEndedAt !== null && !r.cutOff).map((r) => r.turnEndedAt! - r.finalSpeechEndAt);
    log(
      `  ${categoryLabels[category].padEnd(15)} ${String(n).padStart(3)} ${ms(p50(times))} ${ms(times.length ? percentile(times, 95) : null)} ` +
        `${ms(times.length ? Math.max(...times) : null)}  ${ms(p50(detect)).padStart(11)}  ${share(inCategory.filter((r) => r.cutOff).length, n).padStart(10)}  ` +
        `${share(inCategory.filter((r) => r.storedWhole).length, n).padStart(12)}  ${String(inCategory.filter((r) => r.questionsMoved > 1).length).padStart(11)}`,
    );
  }
}

export interface Figures {
  complete_p50_ms: number | null;
  complete_p95_ms: number | null;
  streaming_p50_ms: number | null;
  pause3s_cutoffs: number | null;
  pause4s_recovered_pct: number | null;
  long_vs_short_ratio: number | null;
}

export function figuresOf(results: ItemResult[], streaming: ItemResult[] | null): Figures {
  const complete = latencies(results.filter((r) => r.item.category === 'complete-short' || r.item.category === 'complete-long'));
  const streamed = streaming ? latencies(streaming.filter((r) => r.item.category === 'complete-short' || r.item.category === 'complete-long')) : [];
  const pauses = results.filter((r) => ['pause-1s', 'pause-2s', 'pause-3s'].includes(r.item.category));
  const pause4s = results.filter((r) => r.item.category === 'pause-4s');
  const long = p50(latencies(results.filter((r) => r.item.category === 'complete-long' && r.item.nominalSeconds === 90)));
  const short = p50(latencies(results.filter((r) => r.item.category === 'complete-short' && r.item.nominalSeconds === 5)));
  return {
    complete_p50_ms: complete.length ? round(percentile(complete, 50)) : null,
    complete_p95_ms: complete.length ? round(percentile(complete, 95)) : null,
    streaming_p50_ms: streamed.length ? round(percentile(streamed, 50)) : null,
    pause3s_cutoffs: pauses.length ? pauses.filter((r) => r.cutOff).length : null,
    // Of the 4 s pause answers, how many were stored whole, the words after the pause with those before: whether the
    // app waited out the pause or spoke into it and the candidate carried on (the table's "cut off" column says which).
    pause4s_recovered_pct: pause4s.length ? round((pause4s.filter((r) => r.keptWordsAfterPause).length / pause4s.length) * 100) : null,
    long_vs_short_ratio: long !== null && short !== null ? Math.round((long / short) * 1000) / 1000 : null,
  };
}
