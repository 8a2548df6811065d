import { useEffect, useState } from 'react';
import type { KioskSitting } from '../../../../shared/domain/proctoring';
import type { ProctorSittingView } from '../../../../shared/domain/sitting-events';
import { Loading, LoadFailed } from '../../components/LoadStates';
import { useKioskCall } from '../../kiosk-context';
import { Modal } from './Modal';
import { SittingControls } from './SittingControls';

interface ProctorPanelProps {
  /**
   * The kiosk's sitting as events report it: each `sitting.changed` brings a
   * new one (a lock, a pause, or an integrity event recorded, which changes
   * nothing the candidate's screen is sent), and each reloads the full view.
   */
  kioskSitting: KioskSitting;
  /** The view `sitting.unlock` answered with, shown until the first load. */
  initial: ProctorSittingView | null;
  /** When this window's controls end by themselves. */
  until: number;
  /** "Back to the candidate" (or Escape): the controls are given back now. */
  onBack: () => void;
  onEnded: () => void;
}

const timeFormat = new Intl.DateTimeFormat(undefined, { timeStyle: 'short' });

/**
 * The sitting's controls over whatever the candidate sees, after the exit
 * sequence and the proctor's PIN. The candidate's screen stays beneath,
 * untouched, for when the proctor goes back to it.
 */
export function ProctorPanel({ kioskSitting, initial, until, onBack, onEnded }: ProctorPanelProps) {
  const call = useKioskCall();
  const [view, setView] = useState<ProctorSittingView | null>(initial);
  const [failed, setFailed] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let live = true;
    void call('sitting.view', {}).then((result) => {
      if (!live) return;
      if (result.ok) {
        setView(result.data.sitting);
        setFailed(null);
      } else {
        setFailed(result.error.message);
      }
    });
    return () => {
      live = false;
    };
  }, [call, kioskSitting, attempt]);

  return (
    <Modal labelledBy="proctor-panel-title" describedBy="proctor-panel-text" onEscape={onBack} backdrop="dim" className="modal-wide">
      <h2 id="proctor-panel-title">Proctor controls</h2>
      <p id="proctor-panel-text" className="field-hint">
        The candidate’s screen is kept as it was beneath this panel. These controls close by themselves at {timeFormat.format(until)}.
      </p>
      {view ? (
        <SittingControls sitting={view} onChanged={setView} onEnded={onEnded} />
      ) : failed ? (
        <LoadFailed what="the sitting" message={failed} onRetry={() => setAttempt((count) => count + 1)} />
      ) : (
        <Loading>Loading the sitting…</Loading>
      )}
      <div className="actions">
        <button type="button" className="button button-primary" onClick={onBack}>
          Back to the candidate
        </button>
      </div>
    </Modal>
  );
}
