/**
 * A sync with nothing to push or pull (target < 50 ms): the run a kiosk
 * makes every interval when nothing happened, here on a kiosk that has
 * already pushed a complete interview (so its outbox, its file table and
 * the server's change log are not empty, as on a kiosk in use). Every run
 * is checked to have pushed nothing, made one call (sync.exchange) and left
 * the pull cursor where it was.
 *
 *   knob: BENCH_NOCHANGE_RUNS (30)
 */
import { percentile } from '../stats';
import { registerCandidate, writeInterview } from './device-writes';
import { knob, ms, round, SessionTimer, spread, timedSync, verdict, type SyncScenario } from './harness';

const NOCHANGE_RUNS = knob('BENCH_NOCHANGE_RUNS', 30, 3);
const NOCHANGE_TARGET_MS = 50;

export const nochangeScenario: SyncScenario = {
  name: 'nochange',
  heading: `Sync with nothing to push or pull (${NOCHANGE_RUNS} runs on one kiosk)`,
  async run(bench) {
    const url = await bench.hostedDatabase();
    const kiosk = await bench.enrolDevice(url, 'kiosk', 'bench kiosk');
    await timedSync(kiosk, 'the kiosk’s start-up run');
    const candidateId = await registerCandidate(kiosk, 'nochange.candidate@example.com', 'bench-nochange');
    await writeInterview(kiosk, candidateId);
    await timedSync(kiosk, 'pushing the interview');
    // The kiosk's own rows can come back on the run after their push; take them now, so no timed run pulls anything.
    await timedSync(kiosk, 'settling');

    const timer = new SessionTimer();
    kiosk.wrap = timer.wrap;
    const samples: number[] = [];
    const cursorBefore = JSON.stringify(kiosk.app.services.sync.applier.cursor());
    const breakdown = { connect: [] as number[], exchange: [] as number[], close: [] as number[], local: [] as number[] };
    for (let n = 0; n < NOCHANGE_RUNS; n++) {
      const spent = await timedSync(kiosk, `no-change run ${n + 1}`, timer);
      samples.push(spent);
      const { connectMs, calls, localMs } = timer.summary(spent);
      breakdown.connect.push(connectMs);
      breakdown.exchange.push(calls.get('exchange')?.ms ?? 0);
      breakdown.close.push(calls.get('close')?.ms ?? 0);
      breakdown.local.push(localMs);
      if (calls.has('push') || calls.has('putFileChunk')) throw new Error(`no-change run ${n + 1} pushed something`);
      // One round trip (sync.exchange, docs/sync.md); close ends the session.
      const made = [...calls.keys()].filter((name) => name !== 'close');
      if (made.join() !== 'exchange') throw new Error(`no-change run ${n + 1} made the calls ${made.join(', ')}, not one sync.exchange`);
    }
    const cursorAfter = JSON.stringify(kiosk.app.services.sync.applier.cursor());
    if (cursorAfter !== cursorBefore) throw new Error('a no-change run pulled something (the cursor moved)');
    console.log(
      `  ${spread(samples)}; ` +
        `target < ${NOCHANGE_TARGET_MS} ms ${verdict(percentile(samples, 95) < NOCHANGE_TARGET_MS)} (p95)`,
    );
    console.log(
      `  p50 of each part: connect+login ${ms(percentile(breakdown.connect, 50))}, exchange ${ms(percentile(breakdown.exchange, 50))}, ` +
        `close ${ms(percentile(breakdown.close, 50))}, on the device ${ms(percentile(breakdown.local, 50))}`,
    );

    return {
      nochange_runs: NOCHANGE_RUNS,
      nochange_p50_ms: round(percentile(samples, 50)),
      nochange_p95_ms: round(percentile(samples, 95)),
      nochange_target_ms: NOCHANGE_TARGET_MS,
    };
  },
};
