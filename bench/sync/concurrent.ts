/**
 * 50 kiosks with a few local writes each, all syncing at once; then all 50
 * again with nothing to do. One more kiosk with the same writes syncs alone
 * first, for what one of these runs costs without the other 49. All of them
 * are apps in this one Node process, so their local work shares one event loop.
 *
 *   knob: BENCH_DEVICES (50)
 */
import { percentile } from '../stats';
import { registerCandidate, writeShortInterview } from './device-writes';
import { asOwner, knob, ms, round, spread, syncTogether, timedSync, type Device, type FleetRound, type SyncScenario } from './harness';

const DEVICES = knob('BENCH_DEVICES', 50, 2);

/** The few local writes each kiosk makes: a candidate registers at its window, then an interview with one question and one answer. */
async function kioskWrites(device: Device, name: string): Promise<number> {
  const candidateId = await registerCandidate(device, `fleet.${name}@example.com`, `fleet-${name}`);
  writeShortInterview(device, candidateId);
  return device.app.services.sync.status().pendingChanges;
}

function reportRound(label: string, fleetRound: FleetRound): void {
  console.log(
    `  ${label}: ${spread(fleetRound.samples)}; ` +
      `all ${DEVICES} done in ${ms(fleetRound.wallMs)}, this Node process busy ${ms(fleetRound.nodeCpuMs)} of it`,
  );
}

export const concurrentScenario: SyncScenario = {
  name: 'concurrent',
  heading: `${DEVICES} kiosks syncing at once (each its own app, SQLite and connection; one Node process)`,
  async run(bench) {
    const url = await bench.hostedDatabase();
    const enrolStarted = performance.now();
    const alone = await bench.enrolDevice(url, 'kiosk', 'bench kiosk alone');
    await timedSync(alone, 'the lone kiosk’s start-up run');
    const fleet: Device[] = [];
    for (let n = 1; n <= DEVICES; n++) {
      const device = await bench.enrolDevice(url, 'kiosk', `bench kiosk ${n}`);
      fleet.push(device);
      await timedSync(device, `kiosk ${n}’s start-up run`);
    }
    const writesPerDevice = await kioskWrites(alone, 'alone');
    for (const [index, device] of fleet.entries()) await kioskWrites(device, String(index + 1));
    console.log(
      `  enrolled ${DEVICES + 1} and wrote in ${ms(performance.now() - enrolStarted)}; ${writesPerDevice} pending changes on each ` +
        '(a candidate registered through auth.registerCandidate, an interview with a question and an answer)',
    );
    const aloneBusyMs = await timedSync(alone, 'the lone kiosk with changes');
    const aloneNothingMs = await timedSync(alone, 'the lone kiosk with nothing to do');
    console.log(`  one kiosk alone: ${ms(aloneBusyMs)} with those changes, ${ms(aloneNothingMs)} with nothing to do`);

    const busy = await syncTogether(fleet, 'all at once with changes');
    const [onServer] = await asOwner<{ candidates: number; messages: number }>(
      url,
      'SELECT (SELECT count(*)::int FROM candidates) AS candidates, (SELECT count(*)::int FROM interview_messages) AS messages',
    );
    if (onServer?.candidates !== DEVICES + 1 || onServer.messages !== (DEVICES + 1) * 2) throw new Error(`the server has ${JSON.stringify(onServer)} after the fleet pushed`);
    reportRound('with changes', busy);
    // A kiosk's own rows come back to it on a pull, but only once no transaction older than its push is still open (pull
    // reads below the oldest running transaction): with 49 other pushes in flight, many get them on the next run. Drain those first.
    const cursors = fleet.map((device) => JSON.stringify(device.app.services.sync.applier.cursor()));
    for (const device of fleet) await timedSync(device, 'draining echoes');
    const echoed = fleet.filter((device, index) => JSON.stringify(device.app.services.sync.applier.cursor()) !== cursors[index]).length;
    console.log(`  ${echoed} of ${DEVICES} kiosks got their own rows back only on their next run (drained one by one before the next round)`);
    const idle = await syncTogether(fleet, 'all at once with nothing to do');
    reportRound('nothing to do', idle);

    // The keys say 50 whatever BENCH_DEVICES is, so runs stay comparable with earlier ones; concurrent_devices says how many.
    return {
      concurrent_devices: DEVICES,
      single_kiosk_same_changes_ms: round(aloneBusyMs),
      single_kiosk_nochange_ms: round(aloneNothingMs),
      concurrent50_p50_ms: round(percentile(busy.samples, 50)),
      concurrent50_p95_ms: round(percentile(busy.samples, 95)),
      concurrent50_max_ms: round(Math.max(...busy.samples)),
      concurrent50_nochange_p50_ms: round(percentile(idle.samples, 50)),
      concurrent50_nochange_p95_ms: round(percentile(idle.samples, 95)),
      concurrent50_nochange_max_ms: round(Math.max(...idle.samples)),
      concurrent50_wall_ms: round(busy.wallMs),
      concurrent50_node_cpu_ms: round(busy.nodeCpuMs),
    };
  },
};
