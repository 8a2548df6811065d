import type { SessionUser } from '../../../shared/ipc/contract';
import { FormAlert } from '../components/FormAlert';
import { SignedOutFrame } from '../components/Frame';
import { NewAccountFields } from '../components/NewAccountFields';
import { ScreenHeading } from '../components/ScreenHeading';
import { SubmitButton } from '../components/SubmitButton';
import { useNewAccountForm } from '../hooks/useNewAccountForm';
import { ALREADY_REGISTERED } from '../../../shared/copy/account-messages';
import { useKioskCall } from '../kiosk-context';

/** Main's own words, minus the sentence the alert already leads with. */
function conflictDetail(message: string | null): string {
  const rest = (message ?? '').replace(ALREADY_REGISTERED, '').trim();
  return rest || 'If this is your email, sign in with your password instead.';
}

interface RegisterScreenProps {
  version: string;
  onRegistered: (user: SessionUser) => void;
  onGoToSignIn: (email: string) => void;
}

export function RegisterScreen({ version, onRegistered, onGoToSignIn }: RegisterScreenProps) {
  const call = useKioskCall();
  const prefix = 'register';
  const { pending, values, setValues, feedback, alertId, submit } = useNewAccountForm({
    prefix,
    send: (account) => call('auth.registerCandidate', account),
    onCreated: onRegistered,
    // Focus the alert, not the email field: the way forward is its sign-in button.
    onRefused: (refused) =>
      refused.code === 'conflict' ? { feedback: { ...refused, fields: { email: ALREADY_REGISTERED, ...refused.fields } }, focusAlert: true } : null,
  });

  const conflict = feedback.code === 'conflict';
  return (
    <SignedOutFrame version={version}>
      <ScreenHeading>Create your account</ScreenHeading>
      <p className="lead">You will use this email and password to sign in to your interview.</p>
      <form noValidate onSubmit={submit}>
        <FormAlert id={alertId} message={conflict ? ALREADY_REGISTERED : feedback.message}>
          {conflict ? (
            <>
              <p className="alert-detail">{conflictDetail(feedback.message)}</p>
              <button type="button" className="button button-secondary" onClick={() => onGoToSignIn(values.email.trim())}>
                Go to sign-in
              </button>
            </>
          ) : null}
        </FormAlert>
        <NewAccountFields prefix={prefix} values={values} onChange={setValues} errors={feedback.fields} />
        <div className="actions">
          <SubmitButton label="Create account" pendingLabel="Creating account…" pending={pending} />
        </div>
      </form>
      <div className="secondary-actions">
        <p>
          Already have an account?{' '}
          <button type="button" className="link-button" onClick={() => onGoToSignIn('')}>
            Sign in
          </button>
        </p>
      </div>
    </SignedOutFrame>
  );
}
