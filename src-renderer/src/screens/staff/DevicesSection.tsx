import { useEffect, useState } from 'react';
import type { FleetScreen } from '../../../../shared/ipc/fleet-channels';
import { FormAlert } from '../../components/FormAlert';
import { ScreenHeading } from '../../components/ScreenHeading';
import { usePending } from '../../hooks/usePending';
import { useKioskCall } from '../../kiosk-context';
import { FleetList } from './FleetList';

const NO_ANSWER = 'The app did not answer. Try again in a moment.';

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
      {fleet ? <FleetList fleet={fleet} /> : null}
    </div>
  );
}
