import { useState, type FormEvent } from 'react';
import { PIN_MAX_DIGITS } from '../../../../shared/domain/proctoring';
import type { ProctorSittingView } from '../../../../shared/domain/sitting-events';
import { channels } from '../../../../shared/ipc/contract';
import { FormAlert } from '../../components/FormAlert';
import { SubmitButton } from '../../components/SubmitButton';
import { TextField } from '../../components/TextField';
import { clientFeedback, fieldErrorsFromIssues, noFeedback, serverFeedback, type FormFeedback } from '../../forms';
import { useFocusRequest } from '../../hooks/useFocusRequest';
import { usePending } from '../../hooks/usePending';
import { useKioskCall } from '../../kiosk-context';
import { Modal } from './Modal';

const PIN_FIELD = 'proctor-pin';
const ALERT = 'proctor-pin-alert';

interface PinDialogProps {
  onClose: () => void;
  onUnlocked: (sitting: ProctorSittingView) => void;
}

/**
 * After the exit sequence: the proctor's PIN gives this window the
 * sitting's controls for a few minutes. Main counts wrong PINs per kiosk and
 * says how many tries are left, or until when PINs are refused; its words
 * are shown (and announced) as they come.
 */
export function PinDialog({ onClose, onUnlocked }: PinDialogProps) {
  const call = useKioskCall();
  const { pending, run } = usePending();
  const focus = useFocusRequest();
  const [pin, setPin] = useState('');
  const [feedback, setFeedback] = useState<FormFeedback>(noFeedback);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void run(async () => {
      const parsed = channels['sitting.unlock'].input.safeParse({ pin });
      if (!parsed.success) {
        setFeedback(clientFeedback(fieldErrorsFromIssues(parsed.error.issues)));
        focus(PIN_FIELD);
        return;
      }
      const result = await call('sitting.unlock', parsed.data);
      if (result.ok) return onUnlocked(result.data.sitting);
      setFeedback(serverFeedback(result.error));
      // A wrong PIN is retyped from scratch; the alert has already been announced.
      setPin('');
      focus(PIN_FIELD);
    });
  };

  return (
    <Modal labelledBy="proctor-pin-title" describedBy="proctor-pin-text" onEscape={onClose} backdrop="dim" className="modal-small">
      <h2 id="proctor-pin-title">Proctor PIN</h2>
      <p id="proctor-pin-text">For the proctor: enter your PIN to open this sitting’s controls. Nothing on the candidate’s screen changes.</p>
      <form noValidate onSubmit={submit}>
        <FormAlert id={ALERT} message={feedback.message} />
        <TextField
          id={PIN_FIELD}
          label="PIN"
          type="password"
          inputMode="numeric"
          autoComplete="off"
          spellCheck={false}
          maxLength={PIN_MAX_DIGITS}
          value={pin}
          onChange={setPin}
          error={feedback.fields.pin}
          data-autofocus
        />
        <div className="actions">
          <SubmitButton label="Unlock" pendingLabel="Checking…" pending={pending} />
          <button type="button" className="button button-secondary" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
    </Modal>
  );
}
