import type { SessionUser } from '../../../shared/ipc/contract';
import { FormAlert } from '../components/FormAlert';
import { SignedOutFrame } from '../components/Frame';
import { NewAccountFields } from '../components/NewAccountFields';
import { ScreenHeading } from '../components/ScreenHeading';
import { SubmitButton } from '../components/SubmitButton';
import { useNewAccountForm } from '../hooks/useNewAccountForm';
import { useKioskCall } from '../kiosk-context';

interface SetupScreenProps {
  version: string;
  onCreated: (user: SessionUser) => void;
  /** Setup was finished elsewhere meanwhile (main answers `conflict`): move on to sign-in. */
  onAlreadySetUp: () => void;
}

export function SetupScreen({ version, onCreated, onAlreadySetUp }: SetupScreenProps) {
  const call = useKioskCall();
  const prefix = 'setup';
  const { pending, values, setValues, feedback, alertId, submit } = useNewAccountForm({
    prefix,
    send: (account) => call('setup.createFirstAdmin', account),
    onCreated,
  });

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
