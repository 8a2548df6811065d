import { useState, type FormEvent } from 'react';
import type { SessionUser } from '../../../shared/ipc/contract';
import { FormAlert } from '../components/FormAlert';
import { SignedOutFrame } from '../components/Frame';
import { emptyNewAccount, NewAccountFields, newAccountFieldOrder, validateNewAccount, type NewAccountValues } from '../components/NewAccountFields';
import { ScreenHeading } from '../components/ScreenHeading';
import { SubmitButton } from '../components/SubmitButton';
import { clientFeedback, firstInvalidFieldId, noFeedback, serverFeedback, type FormFeedback } from '../forms';
import { useFocusRequest } from '../hooks/useFocusRequest';
import { usePending } from '../hooks/usePending';
import { useKioskCall } from '../kiosk-context';

interface SetupScreenProps {
  version: string;
  onCreated: (user: SessionUser) => void;
  /** Setup was finished elsewhere meanwhile (main answers `conflict`): move on to sign-in. */
  onAlreadySetUp: () => void;
}

export function SetupScreen({ version, onCreated, onAlreadySetUp }: SetupScreenProps) {
  const call = useKioskCall();
  const { pending, run } = usePending();
  const focus = useFocusRequest();
  const [values, setValues] = useState<NewAccountValues>(emptyNewAccount);
  const [feedback, setFeedback] = useState<FormFeedback>(noFeedback);
  const prefix = 'setup';
  const alertId = `${prefix}-alert`;
  const order = newAccountFieldOrder(prefix);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void run(async () => {
      const checked = validateNewAccount(values);
      if (!checked.ok) {
        setFeedback(clientFeedback(checked.fields));
        focus(firstInvalidFieldId(order, checked.fields) ?? alertId);
        return;
      }
      setFeedback(noFeedback);
      const result = await call('setup.createFirstAdmin', checked.data);
      if (result.ok) {
        onCreated(result.data);
        return;
      }
      const next = serverFeedback(result.error);
      setFeedback(next);
      focus(firstInvalidFieldId(order, next.fields) ?? alertId);
    });
  };

  return (
    <SignedOutFrame version={version}>
      <ScreenHeading>Set up this device</ScreenHeading>
      <p className="lead">
        Create the first administrator account. The administrator adds recruiter accounts and manages this device’s
        settings.
      </p>
      <form noValidate onSubmit={submit}>
        <FormAlert id={alertId} message={feedback.message}>
          {feedback.code === 'conflict' ? (
            <button type="button" className="button button-secondary" onClick={onAlreadySetUp}>
              Continue to sign-in
            </button>
          ) : null}
        </FormAlert>
        <NewAccountFields prefix={prefix} values={values} onChange={setValues} errors={feedback.fields} />
        <div className="actions">
          <SubmitButton label="Create administrator" pendingLabel="Creating administrator…" pending={pending} />
        </div>
      </form>
    </SignedOutFrame>
  );
}
