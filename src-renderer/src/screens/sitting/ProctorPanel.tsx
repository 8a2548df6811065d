import { useEffect, useState } from 'react';
import type { KioskSitting, SittingView } from '../../../../shared/domain/proctoring';
import { Loading, LoadFailed } from '../../components/LoadStates';
import { useKioskCall } from '../../kiosk-context';
import { Modal } from './Modal';
import { SittingControls } from './SittingControls';

interface ProctorPanelProps {
  /** The kiosk's sitting as events report it: a change (a lock, a pause) reloads the full view. */
  kioskSitting: KioskSitting;
  /** The view `sitting.unlock` answered with, shown until the first load. */
  initial: SittingView | null;
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
  const [view, setView] = useState<SittingView | null>(initial);
  const [failed, setFailed] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  const changed = `${kioskSitting.id}:${kioskSitting.status}:${kioskSitting.lockReason ?? ''}`;

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
  }, [call, changed, attempt]);

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
