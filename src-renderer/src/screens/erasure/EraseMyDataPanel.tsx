import { useState } from 'react';
import { FormAlert } from '../../components/FormAlert';
import { usePending } from '../../hooks/usePending';
import { useKioskCall } from '../../kiosk-context';

const NO_ANSWER = 'The app did not answer. Try again in a moment.';

/**
 * The candidate's right to erasure, at the kiosk (issue 18, point 4). Two
 * steps, so a stray touch erases nothing. Once main has erased them it
 * signs them out, and the kiosk returns to its start screen.
 */
export function EraseMyDataPanel() {
  const call = useKioskCall();
  const { pending, run } = usePending();
  const [confirming, setConfirming] = useState(false);
  const [alert, setAlert] = useState<string | null>(null);

  const erase = () => {
    setAlert(null);
    void run(async () => {
      try {
        const result = await call('erasure.requestMine', { confirm: true });
        if (!result.ok) setAlert(result.error.message);
      } catch {
        setAlert(NO_ANSWER);
      }
    });
  };

  return (
    <section aria-labelledby="erase-mine-title" className="panel">
      <h2 id="erase-mine-title">Erase my data</h2>
      <p>
        You can ask us to erase everything you gave us here: your recorded answers, the transcript, your resume and what was read from it, your assessment
        and your account. It is removed from this kiosk now, and from every other device and our database the next time each one connects.
      </p>
      <FormAlert id="erase-mine-alert" message={alert} />
      {confirming ? (
        <div role="group" aria-labelledby="erase-mine-confirm">
          <p id="erase-mine-confirm">
            <strong>This cannot be undone.</strong> You will be signed out, and an interview you have taken will no longer be considered.
          </p>
          <div className="actions">
            <button type="button" className="button button-primary" disabled={pending} onClick={erase}>
              {pending ? 'Erasing…' : 'Yes, erase my data'}
            </button>
            <button type="button" className="button button-secondary" disabled={pending} onClick={() => setConfirming(false)}>
              Keep my data
            </button>
          </div>
        </div>
      ) : (
        <button type="button" className="button button-secondary" onClick={() => setConfirming(true)}>
          Erase my data…
        </button>
      )}
    </section>
  );
}
