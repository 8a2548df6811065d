import { useEffect, useState } from 'react';
import { describeNewestVersions, type FleetDevice } from '../../../../shared/domain/fleet';
import type { FleetScreen } from '../../../../shared/ipc/fleet-channels';
import { FormAlert } from '../../components/FormAlert';
import { ScreenHeading } from '../../components/ScreenHeading';
import { usePending } from '../../hooks/usePending';
import { useKioskCall } from '../../kiosk-context';

const NO_ANSWER = 'The app did not answer. Try again in a moment.';
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
 * The fleet (issue 20, point 4), for admins: every enrolled device's health
 * report, those needing attention first, read from the hosted database. When
 * it cannot be reached, the last list fetched is shown with its time.
 */
export function DevicesSection() {
  const call = useKioskCall();
  const { pending, run } = usePending();
  const [screen, setScreen] = useState<FleetScreen | null>(null);
  const [alert, setAlert] = useState<string | null>(null);

  const load = () =>
    void run(async () => {
      setAlert(null);
      try {
        const result = await call('fleet.devices', {});
        if (result.ok) setScreen(result.data);
        else setAlert(result.error.message);
      } catch {
        setAlert(NO_ANSWER);
      }
    });
  // eslint-disable-next-line react-hooks/exhaustive-deps -- read once when the section opens; Refresh reads again.
  useEffect(load, []);

  const fleet = screen?.fleet ?? null;
  const needing = fleet?.devices.filter((device) => device.attention.length > 0).length ?? 0;
  return (
    <div>
      <ScreenHeading>Devices</ScreenHeading>
      <p className="lead">Every kiosk and laptop enrolled with the hosted database, as each last reported with its sync. Those needing attention come first.</p>
      <FormAlert id="devices-alert" message={alert} />
      {screen && !screen.live ? (
        <p role="status" className="alert alert-warning">
          {screen.problem}{' '}
          {screen.fetchedAt ? `This is the list as it was at ${screen.fetchedAt}.` : 'No list has been fetched on this device yet.'}
        </p>
      ) : null}
      <button type="button" className="button button-secondary" onClick={load} disabled={pending}>
        {pending ? 'Reading the fleet…' : 'Refresh'}
      </button>
      {fleet ? (
        <section aria-labelledby="devices-list-title" className="panel">
          <h2 id="devices-list-title">
            {fleet.devices.length} device{fleet.devices.length === 1 ? '' : 's'}, {needing} needing attention
          </h2>
          {describeNewestVersions(fleet.newestVersions) ? <p>Newest app version on each update channel: {describeNewestVersions(fleet.newestVersions)}.</p> : null}
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
      ) : null}
    </div>
  );
}
