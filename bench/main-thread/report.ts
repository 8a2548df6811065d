import { HELD_UP_MS, type PhaseFigures } from './phase';
import { PROBE_EVERY_MS, STALL_NOTED_MS } from './loop-watch';
import type { Attribution } from './stall-attribution';

const f = (value: number | null, digits = 0) => (value === null ? '–' : value.toFixed(digits));
export const round1 = (value: number | null) => (value === null ? null : Math.round(value * 10) / 10);

/** The table of phases: one line per phase, the measured loop first, then what a renderer and a candidate notice. */
export function printPhases(phases: PhaseFigures[]): void {
  const withCore = phases.some((phase) => phase.coreLoopMax !== null);
  console.log(`Phases (ms; loop = event-loop delay at 1 ms resolution, timer = a 10 ms timer's lateness, IPC = app.getStatus every ${PROBE_EVERY_MS} ms)`);
  console.log(
    `  ${'phase'.padEnd(26)} ${'loop p99'.padStart(8)} ${'max'.padStart(6)} ${'timer max'.padStart(9)} ${'IPC p50'.padStart(7)} ${'p99'.padStart(6)} ${'max'.padStart(6)} ${'>50'.padStart(4)} ` +
      `${'audio gap max'.padStart(13)} ${'turn p50'.padStart(8)} ${'max'.padStart(6)}${withCore ? ` ${'core loop p99'.padStart(13)} ${'max'.padStart(6)}` : ''}`,
  );
  for (const phase of phases) {
    console.log(
      `  ${phase.name.padEnd(26)} ${f(phase.loopP99, 1).padStart(8)} ${f(phase.loopMax).padStart(6)} ${f(phase.timerLateMax).padStart(9)} ` +
        `${f(phase.ipcP50, 1).padStart(7)} ${f(phase.ipcP99).padStart(6)} ${f(phase.ipcMax).padStart(6)} ${String(phase.ipcOver50).padStart(4)} ` +
        `${f(phase.audioGapMax).padStart(13)} ${f(phase.turnP50).padStart(8)} ${f(phase.turnMax).padStart(6)}` +
        (withCore ? ` ${f(phase.coreLoopP99, 1).padStart(13)} ${f(phase.coreLoopMax).padStart(6)}` : ''),
    );
  }
}

/** The pull and the exports, alone and together. */
export function printWork(pullAlone: PhaseFigures, pdfAlone: PhaseFigures, together: PhaseFigures): void {
  console.log(
    `  pull alone (the first): ${pullAlone.pullRows.toLocaleString('en')} rows in ${pullAlone.pullPages} pages, ${f(pullAlone.pullMs)} ms; ` +
      `applied in ${pullAlone.pullTransactions} transactions, each holding the loop ${f(pullAlone.pullTransactionP50)} ms (p50), ${f(pullAlone.pullTransactionMax)} ms (max)`,
  );
  console.log(
    `  together (pulled again): ${together.pullPages} pages in ${together.pullTransactions} transactions of ${f(together.pullTransactionP50)} ms (p50), ${f(together.pullTransactionMax)} ms (max); ` +
      `${together.pdfs} PDF exports, ${f(together.pdfP50)} ms each (p50; alone ${f(pdfAlone.pdfP50)} ms); ${together.turns} turns`,
  );
  console.log(`  IPC calls held up more than ${HELD_UP_MS} ms together: ${together.ipcOver50} of ${together.probes}; timer stalls over ${HELD_UP_MS} ms: ${together.stallsOver50}`);
}

/** What ran during the profiled run's stalls. */
export function printAttribution(named: Attribution[], heldUp: boolean): void {
  console.log(
    heldUp
      ? `What ran during each stall over ${HELD_UP_MS} ms in the profiled run (share of the stall's CPU samples):`
      : named.length > 0
        ? `No stall over ${HELD_UP_MS} ms in the profiled run; its ${named.length} longest stalls:`
        : `No stall over ${STALL_NOTED_MS} ms in the profiled run.`,
  );
  const totals = new Map<string, number>();
  for (const stall of named) {
    const top = stall.operations.map(([name, pct]) => `${name} ${pct}%`).join(', ') || 'no samples';
    console.log(`  ${stall.lateMs.toFixed(0).padStart(5)} ms  ${top}`);
    if (stall.functions.length > 0) console.log(`           in ${stall.functions.map(([name, pct]) => `${name} ${pct}%`).join('; ')}`);
    const first = stall.operations[0]?.[0];
    if (first) totals.set(first, (totals.get(first) ?? 0) + 1);
  }
  if (totals.size > 0) console.log(`  mostly: ${[...totals].sort((a, b) => b[1] - a[1]).map(([name, n]) => `${name} (${n})`).join(', ')}`);
}

/** The JSON figures of one arrangement's phases (idle, turns, pull, PDFs alone, then together), under `prefix`. */
export function figuresOf(phases: PhaseFigures[], prefix = ''): Record<string, number | null> {
  const [idle, turns, pull, pdf, together] = phases as [PhaseFigures, PhaseFigures, PhaseFigures, PhaseFigures, PhaseFigures];
  const figures: Record<string, number | null> = {
    idle_stall_max_ms: round1(idle.loopMax),
    turns_alone_stall_max_ms: round1(turns.loopMax),
    pull_alone_stall_max_ms: round1(pull.loopMax),
    pdf_alone_stall_max_ms: round1(pdf.loopMax),
    stall_p99_ms: round1(together.loopP99),
    stall_max_ms: round1(together.loopMax),
    timer_late_max_ms: round1(together.timerLateMax),
    stalls_over_50ms: together.stallsOver50,
    ipc_delay_p50_ms: round1(together.ipcP50),
    ipc_delay_p99_ms: round1(together.ipcP99),
    ipc_delay_max_ms: round1(together.ipcMax),
    ipc_calls_over_50ms: together.ipcOver50,
    audio_gap_max_ms: round1(together.audioGapMax),
    audio_gap_alone_max_ms: round1(turns.audioGapMax),
    turn_p50_ms: round1(together.turnP50),
    turn_alone_p50_ms: round1(turns.turnP50),
    pull_apply_max_ms: round1(together.pullTransactionMax),
    pull_apply_p50_ms: round1(together.pullTransactionP50),
    pdf_export_p50_ms: round1(together.pdfP50),
    // Only when the core runs apart: its own loop, where the turns, the pull and the exports now stall.
    ...(together.coreLoopMax === null ? {} : { core_stall_p99_ms: round1(together.coreLoopP99), core_stall_max_ms: round1(together.coreLoopMax) }),
  };
  return Object.fromEntries(Object.entries(figures).map(([key, value]) => [`${prefix}${key}`, value]));
}
