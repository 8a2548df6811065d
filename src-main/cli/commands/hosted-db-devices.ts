import { describeNewestVersions, type FleetDevice, type FleetView } from '../../../shared/domain/fleet';
import { EXIT, parseArguments, UsageError, type CliCommand } from '../cli-command';
import { databaseUrl, reportFailure } from './hosted-db';

// Loaded when the command runs, as hosted-db.ts loads its admin module.
const fleetAdmin = () => import('../../sync/hosted-db/fleet-admin');

const GB = 1024 ** 3;

function bankAudio(report: NonNullable<FleetDevice['report']>): string {
  const { state, questionsReady, questions } = report.bankAudio;
  return state === 'off' ? 'off' : `${state} ${questionsReady}/${questions}`;
}

/** One device as lines: what it is, what it reports, then what needs attention. */
function deviceLines(device: FleetDevice): string[] {
  const head = `${device.attention.length > 0 ? '!' : ' '} ${device.name} (${device.kind} ${device.deviceId})`;
  const seen = `last sync ${device.lastSeenAt ?? 'never'}`;
  const report = device.report;
  const lines = [head];
  if (!report) lines.push(`    ${seen}; no health report`);
  else {
    const disk = report.disk ? `${(report.disk.freeBytes / GB).toFixed(1)} GB free of ${(report.disk.totalBytes / GB).toFixed(1)} GB` : 'disk unknown';
    lines.push(
      `    app ${report.appVersion}${report.updateChannel ? ` (${report.updateChannel})` : ''}, schema ${report.schemaVersion.hosted}/${report.schemaVersion.local}; ${seen}; last interview ${report.lastInterviewAt ?? 'none'}`,
      `    bank audio ${bankAudio(report)}; ${disk}; pending ${report.pending.outbox} changes, ${report.pending.jobs} jobs; keychain ${report.keychain.state}`,
      `    errors ${report.errors.lastDay} in the last day, ${report.errors.total} kept` +
        (report.errors.dropped ? `, ${report.errors.dropped} dropped unsent when the error file was full` : '') +
        (report.errors.last ? `; last ${report.errors.last.at} ${report.errors.last.process} ${report.errors.last.kind}: ${report.errors.last.message}` : ''),
    );
  }
  for (const item of device.attention) lines.push(`    ATTENTION ${item.kind.replace(/_/g, ' ')}: ${item.text}`);
  return lines;
}

export function formatFleet(fleet: FleetView): string {
  if (fleet.devices.length === 0) return 'No devices are enrolled (hosted-db enrol-device adds one).\n';
  const needing = fleet.devices.filter((device) => device.attention.length > 0).length;
  const newest = describeNewestVersions(fleet.newestVersions);
  const summary =
    `${fleet.devices.length} device${fleet.devices.length === 1 ? '' : 's'}, ${needing} needing attention` +
    `${newest ? `; newest app version ${newest}` : ''} (hosted database time ${fleet.serverTime}).`;
  return `${[summary, ...fleet.devices.flatMap(deviceLines)].join('\n')}\n`;
}

export const hostedDbDevicesCommand: CliCommand = {
  path: ['hosted-db', 'devices'],
  synopsis: '--url URL [--json]',
  summary: 'List every enrolled device with its health report and what needs attention (behind on version, not synced for a day, low disk, keychain missing, refused changes, errors).',
  details:
    'Devices needing attention come first, marked "!". A device reports with each sync: app and schema versions, configuration key, last interview, ' +
    'question-bank audio, free disk, pending changes and jobs, keychain, and its unhandled errors (redacted). --json prints the whole list as JSON.',
  async run(args, output) {
    const { positional, flags, values } = parseArguments(args, ['--json'], ['--url']);
    if (positional.length > 0) throw new UsageError(`Unexpected argument: ${positional[0]}`);
    const url = databaseUrl(values);
    return reportFailure(output, 'Listing devices', async () => {
      const { readFleet } = await fleetAdmin();
      const fleet = await readFleet(url);
      output.out(flags.has('--json') ? `${JSON.stringify(fleet, null, 2)}\n` : formatFleet(fleet));
      return EXIT.ok;
    });
  },
};
