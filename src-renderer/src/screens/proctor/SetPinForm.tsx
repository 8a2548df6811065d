import { useState, type FormEvent } from 'react';
import { PIN_MAX_DIGITS, PIN_RULE } from '../../../../shared/domain/proctoring';
import { FormAlert } from '../../components/FormAlert';
import { SubmitButton } from '../../components/SubmitButton';
import { TextField } from '../../components/TextField';
import { clientFeedback, firstInvalidFieldId, noFeedback, serverFeedback, type FormFeedback } from '../../forms';
import { useFocusRequest } from '../../hooks/useFocusRequest';
import { usePending } from '../../hooks/usePending';
import { useKioskCall } from '../../kiosk-context';
import { EXIT_SEQUENCE_LABEL } from '../sitting/exit-sequence';
import { checkNewPin } from './proctor-forms';

const PREFIX = 'proctor-new-pin';
const ORDER: [string, string][] = [
  ['pin', `${PREFIX}-pin`],
  ['confirmPin', `${PREFIX}-confirm`],
];

/** A proctor's first step: the PIN that brings them back to a sitting once the candidate has the kiosk. */
export function SetPinForm({ onSaved }: { onSaved: () => void }) {
  const call = useKioskCall();
  const { pending, run } = usePending();
  const focus = useFocusRequest();
  const [pin, setPin] = useState('');
  const [confirmPin, setConfirmPin] = useState('');
  const [feedback, setFeedback] = useState<FormFeedback>(noFeedback);
  const alertId = `${PREFIX}-alert`;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void run(async () => {
      const checked = checkNewPin(pin, confirmPin);
      if (!checked.ok) {
        setFeedback(clientFeedback(checked.fields));
        focus(firstInvalidFieldId(ORDER, checked.fields) ?? alertId);
        return;
      }
      const result = await call('proctor.setPin', checked.data);
      if (result.ok) return onSaved();
      const next = serverFeedback(result.error);
      setFeedback(next);
      focus(firstInvalidFieldId(ORDER, next.fields) ?? alertId);
    });
  };

  const field = { type: 'password', inputMode: 'numeric', autoComplete: 'off', spellCheck: false, maxLength: PIN_MAX_DIGITS } as const;
  return (
    <section aria-labelledby="proctor-pin-title" className="panel">
      <h2 id="proctor-pin-title" tabIndex={-1}>
        Set your PIN
      </h2>
      <p>
        Once the candidate has the kiosk, you come back to their sitting by pressing <kbd>{EXIT_SEQUENCE_LABEL}</kbd> and entering this PIN. Keep it to
        yourself.
      </p>
      <form noValidate onSubmit={submit}>
        <FormAlert id={alertId} message={feedback.message} />
        <TextField id={`${PREFIX}-pin`} label="PIN" hint={PIN_RULE} value={pin} onChange={setPin} error={feedback.fields.pin} {...field} />
        <TextField id={`${PREFIX}-confirm`} label="PIN again" value={confirmPin} onChange={setConfirmPin} error={feedback.fields.confirmPin} {...field} />
        <div className="actions">
          <SubmitButton label="Save PIN" pendingLabel="Saving PIN…" pending={pending} />
        </div>
      </form>
    </section>
  );
}
