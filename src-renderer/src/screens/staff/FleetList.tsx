import { describeNewestVersions, type FleetDevice, type FleetView } from '../../../../shared/domain/fleet';

const GB = 1024 ** 3;

function describeDevice(device: FleetDevice): string[] {
  const report = device.report;
  const seen = `Last sync: ${device.lastSeenAt ?? 'never'}.`;
  if (!report) return [seen, 'No health report yet.'];
  const { bankAudio, disk, pending, keychain, errors } = report;
  return [
    `App ${report.appVersion}${report.updateChannel ? ` on the ${report.updateChannel} channel` : ''} (schema ${report.schemaVersion.hosted}, database ${report.schemaVersion.local}). ${seen}`,
    `Last interview: ${report.lastInterviewAt ?? 'none'}. Question audio: ${bankAudio.state === 'off' ? 'not needed' : `${bankAudio.questionsReady} of ${bankAudio.questions} (${bankAudio.state})`}.`,
    `Free disk: ${disk ? `${(disk.freeBytes / GB).toFixed(1)} GB of ${(disk.totalBytes / GB).toFixed(1)} GB` : 'unknown'}. Waiting: ${pending.outbox} changes, ${pending.jobs} jobs. Keychain: ${keychain.state}.`,
    `Errors: ${errors.lastDay} in the last day, ${errors.total} kept${errors.dropped ? `, ${errors.dropped} dropped unsent when the error file was full` : ''}${errors.last ? `; last: ${errors.last.kind}: ${errors.last.message}` : ''}.`,
  ];
}

/**
 * The fleet as read (live or the last list fetched): a count, the newest
 * version on each update channel, then each device with what needs
 * attention first and what it reported.
 */
export function FleetList({ fleet }: { fleet: FleetView }) {
  const needing = fleet.devices.filter((device) => device.attention.length > 0).length;
  const newest = describeNewestVersions(fleet.newestVersions);
  return (
    <section aria-labelledby="devices-list-title" className="panel">
      <h2 id="devices-list-title">
        {fleet.devices.length} device{fleet.devices.length === 1 ? '' : 's'}, {needing} needing attention
      </h2>
      {fleet.devices.length === 0 ? (
        <p>No device is enrolled with the hosted database yet. IT enrols each kiosk and laptop with a code (README, “Enrolling a device with a code”); they appear here after their first sync.</p>
      ) : null}
      {newest ? <p>Newest app version on each update channel: {newest}.</p> : null}
      <ul className="plain-list">
        {fleet.devices.map((device) => (
          <li key={device.deviceId}>
            <h3>
              {device.name} <span className="badge badge-muted">{device.kind}</span>
            </h3>
            {device.attention.length > 0 ? (
              <ul aria-label={`Needs attention: ${device.name}`}>
                {device.attention.map((item) => (
                  <li key={item.kind} className="alert alert-warning">
                    <strong>Needs attention:</strong> {item.text}
                  </li>
                ))}
              </ul>
            ) : null}
            {describeDevice(device).map((line) => (
              <p key={line}>{line}</p>
            ))}
          </li>
        ))}
      </ul>
    </section>
  );
}
