/**
 * A laptop pulling 10,000 completed interviews (each with its session, its
 * assessment and its 20 messages, and 2,000 candidates: 232,000 rows) seeded
 * as the owner with SQL (target < 60 s). The run timed is a new app's very
 * first, on an empty SQLite; it counts once every row is in SQLite (local
 * counts checked, nothing left waiting for its parent).
 *
 *   knobs: BENCH_PULL_INTERVIEWS (10000), BENCH_PULL_CANDIDATES (2000),
 *          BENCH_PULL_MEMORY_TURNS (10: conversation turns in each seeded session),
 *          BENCH_PULL_MESSAGES (20: interview_messages rows seeded per interview, a whole interview's; 0 leaves them out),
 *          BENCH_PULL_RANDOM_IDS (0; 1 seeds random ids instead of the app's time-ordered UUID v7),
 *          BENCH_PULL_PARENTS_LAST (0; 1 updates every interview and session after seeding, so their
 *            one change-log entry comes after all their children's: the laptop parks ~210,000 rows)
 */
import { createDevice } from '../../src-main/sync/hosted-db/device-admin';
import { asOwner, knob, mib, ms, round, SessionTimer, timedSync, verdict, type Device, type SyncScenario } from './harness';
import { seedCompletedInterviews, type PullSeedShape } from './pull-seed';

const PULL_INTERVIEWS = knob('BENCH_PULL_INTERVIEWS', 10_000, 1);
const SHAPE: PullSeedShape = {
  candidates: Math.min(PULL_INTERVIEWS, knob('BENCH_PULL_CANDIDATES', 2_000, 1)),
  interviews: PULL_INTERVIEWS,
  memoryTurns: knob('BENCH_PULL_MEMORY_TURNS', 10, 0),
  messages: knob('BENCH_PULL_MESSAGES', 20, 0),
  randomIds: process.env.BENCH_PULL_RANDOM_IDS === '1',
  parentsLast: process.env.BENCH_PULL_PARENTS_LAST === '1',
};
const PULL_TARGET_MS = 60_000;

/**
 * Has the server time its PL/pgSQL functions in this database (owner must be a superuser; with
 * TEST_DATABASE_URL it may not be), for the time sync.pull itself takes apart from the wire and the device.
 */
async function trackFunctionTime(url: string): Promise<{ pullMs(calls: number): Promise<number | null> } | null> {
  const database = new URL(url).pathname.slice(1);
  try {
    await asOwner(url, `ALTER DATABASE "${database}" SET track_functions = 'pl'`);
  } catch {
    return null;
  }
  return {
    // Sessions report their statistics when they end, a moment after the device closed its connection.
    async pullMs(calls) {
      for (let attempt = 0; attempt < 50; attempt++) {
        const [row] = await asOwner<{ calls: string; ms: number }>(url, `SELECT calls::text, total_time AS ms FROM pg_stat_user_functions WHERE schemaname = 'sync' AND funcname = 'pull'`);
        if (row && Number(row.calls) >= calls) return row.ms;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      return null;
    },
  };
}

function countRows(device: Device, table: string): number {
  return (device.app.database.sqlite.prepare(`SELECT count(*) AS n FROM "${table}"`).get() as { n: number }).n;
}

export const pullScenario: SyncScenario = {
  name: 'pull',
  heading: `Pull ${PULL_INTERVIEWS.toLocaleString('en')} interviews' rows to an empty laptop`,
  async run(bench) {
    const url = await bench.hostedDatabase();
    const seedingKiosk = await createDevice(url, 'seeding kiosk', 'kiosk');
    const seedStarted = performance.now();
    await seedCompletedInterviews(url, seedingKiosk.deviceId, SHAPE);
    const seedMs = performance.now() - seedStarted;
    const expected = {
      candidates: SHAPE.candidates,
      interviews: SHAPE.interviews,
      interview_sessions: SHAPE.interviews,
      assessment_results: SHAPE.interviews,
      ...(SHAPE.messages > 0 ? { interview_messages: SHAPE.interviews * SHAPE.messages } : {}),
    };
    const pullRows = Object.values(expected).reduce((a, b) => a + b, 0);
    const [sizes] = await asOwner<{ changes: number; bytes: string }>(
      url,
      `SELECT (SELECT count(*)::int FROM sync.changes) AS changes,
              (SELECT (pg_total_relation_size('candidates') + pg_total_relation_size('interviews') + pg_total_relation_size('interview_sessions')
                       + pg_total_relation_size('assessment_results') + pg_total_relation_size('interview_messages'))::text) AS bytes`,
    );
    console.log(
      `  seeded ${pullRows.toLocaleString('en')} rows (${SHAPE.candidates} candidates; each interview with its session of ${SHAPE.memoryTurns} remembered turns, ` +
        `its assessment${SHAPE.messages > 0 ? ` and ${SHAPE.messages} messages` : ''}; ${SHAPE.randomIds ? 'random ids' : 'UUID v7 ids as the app makes them'}` +
        `${SHAPE.parentsLast ? '; interviews and sessions changed last' : ''}) in ${ms(seedMs)}; ` +
        `${sizes!.changes} change-log entries, tables ${mib(Number(sizes!.bytes))} on the server`,
    );

    const timer = new SessionTimer();
    const serverTiming = await trackFunctionTime(url);
    // A new app on an empty SQLite; the run timed is its very first (the one every app starts with).
    const laptop = await bench.enrolDevice(url, 'laptop', 'bench laptop');
    laptop.wrap = timer.wrap;
    const cpuBefore = process.cpuUsage();
    const pullMs = await timedSync(laptop, 'the laptop’s first pull', timer);
    const cpu = process.cpuUsage(cpuBefore);
    const nodeBusyMs = (cpu.user + cpu.system) / 1000;
    laptop.wrap = undefined;
    for (const [table, want] of Object.entries(expected)) {
      const got = countRows(laptop, table);
      if (got !== want) throw new Error(`the laptop has ${got} ${table} rows, not ${want}`);
    }
    const parked = countRows(laptop, 'sync_parked');
    if (parked !== 0) throw new Error(`${parked} rows still wait for their parents`);
    const pulled = timer.summary(pullMs);
    const pullCalls = pulled.calls.get('pull') ?? { calls: 0, ms: 0 };
    const serverPullMs = serverTiming ? await serverTiming.pullMs(pullCalls.calls) : null;
    console.log(
      `  ${ms(pullMs)} until every row was in SQLite: ${round(pullRows / (pullMs / 1000)).toLocaleString('en')} rows/s; ` +
        `local counts match (${Object.entries(expected).map(([t, n]) => `${t} ${n}`).join(', ')})`,
    );
    console.log(
      `  ${pullCalls.calls} pages: the server spent ${serverPullMs === null ? 'an unknown time (track_functions could not be set)' : `${ms(serverPullMs)} (${ms(serverPullMs / Math.max(1, pullCalls.calls))} a page)`} in sync.pull; ` +
        `this Node process was busy ${ms(nodeBusyMs)} (reading replies, applying in SQLite); connect+login ${ms(pulled.connectMs)}`,
    );
    console.log('  the two overlap: the next page is asked for before the current one is applied');
    console.log(`  target < ${PULL_TARGET_MS / 1000} s ${verdict(pullMs < PULL_TARGET_MS)}`);

    return {
      pull_interviews: PULL_INTERVIEWS,
      pull_messages_per_interview: SHAPE.messages,
      pull_random_ids: SHAPE.randomIds,
      pull_parents_last: SHAPE.parentsLast,
      pull_10k_interviews_ms: round(pullMs),
      pull_rows: pullRows,
      pull_rows_per_s: round(pullRows / (pullMs / 1000)),
      pull_pages: pullCalls.calls,
      pull_server_fn_ms: serverPullMs === null ? null : round(serverPullMs),
      pull_node_busy_ms: round(nodeBusyMs),
      pull_target_ms: PULL_TARGET_MS,
    };
  },
};
