import { useState, type FormEvent } from 'react';
import type { KioskSitting } from '../../../shared/domain/proctoring';
import type { AccountKind } from '../../../shared/domain/roles';
import { channels, type SessionUser } from '../../../shared/ipc/contract';
import { FormAlert, StatusMessage } from '../components/FormAlert';
import { SignedOutFrame } from '../components/Frame';
import { PasswordField } from '../components/PasswordField';
import { ScreenHeading } from '../components/ScreenHeading';
import { SubmitButton } from '../components/SubmitButton';
import { TextField } from '../components/TextField';
import { clientFeedback, fieldErrorsFromIssues, firstInvalidFieldId, noFeedback, serverFeedback, type FormFeedback } from '../forms';
import { useFocusRequest } from '../hooks/useFocusRequest';
import { usePending } from '../hooks/usePending';
import { useKioskCall } from '../kiosk-context';
import { roleLabels } from './interview/labels';

interface SignInScreenProps {
  accountKind: AccountKind;
  version: string;
  notice: string | null;
  /** The sitting a proctor opened at this kiosk: whose turn it is. */
  sitting?: KioskSitting | null;
  initialEmail: string;
  onSignedIn: (user: SessionUser) => void;
  onCreateAccount?: (() => void) | undefined;
  onStaffSignIn?: (() => void) | undefined;
  onCandidateSignIn?: (() => void) | undefined;
}

const copy = {
  candidate: {
    title: 'Sign in',
    intro: 'Sign in with the email and password you registered with to continue to your interview.',
  },
  staff: {
    title: 'Staff sign-in',
    intro: 'For proctors, recruiters, administrators and viewers.',
  },
} as const;

export function SignInScreen({
  accountKind,
  version,
  notice,
  sitting = null,
  initialEmail,
  onSignedIn,
  onCreateAccount,
  onStaffSignIn,
  onCandidateSignIn,
}: SignInScreenProps) {
  const call = useKioskCall();
  const { pending, run } = usePending();
  const focus = useFocusRequest();
  const [email, setEmail] = useState(initialEmail);
  const [password, setPassword] = useState('');
  const [feedback, setFeedback] = useState<FormFeedback>(noFeedback);
  const prefix = `${accountKind}-sign-in`;
  const alertId = `${prefix}-alert`;
  const order: [string, string][] = [
    ['email', `${prefix}-email`],
    ['password', `${prefix}-password`],
  ];

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void run(async () => {
      const parsed = channels['auth.signIn'].input.safeParse({ accountKind, email, password });
      if (!parsed.success) {
        const fields = fieldErrorsFromIssues(parsed.error.issues);
        setFeedback(clientFeedback(fields));
        focus(firstInvalidFieldId(order, fields) ?? alertId);
        return;
      }
      setFeedback(noFeedback);
      const result = await call('auth.signIn', parsed.data);
      if (result.ok) {
        onSignedIn(result.data);
        return;
      }
      const next = serverFeedback(result.error);
      setFeedback(next);
      // A wrong password is safest retyped from scratch, and is where the person goes next.
      setPassword('');
      focus(firstInvalidFieldId(order, next.fields) ?? alertId);
    });
  };

  return (
    <SignedOutFrame version={version}>
      <ScreenHeading>{copy[accountKind].title}</ScreenHeading>
      <p className="lead">{copy[accountKind].intro}</p>
      <StatusMessage message={notice} tone="info" />
      {sitting ? <SittingFor sitting={sitting} /> : null}
      <form noValidate onSubmit={submit}>
        <FormAlert id={alertId} message={feedback.message} />
        <TextField
          id={`${prefix}-email`}
          label="Email"
          type="email"
          value={email}
          onChange={setEmail}
          error={feedback.fields.email}
          autoComplete="username"
          spellCheck={false}
          autoCapitalize="off"
          maxLength={254}
        />
        <PasswordField
          id={`${prefix}-password`}
          label="Password"
          value={password}
          onChange={setPassword}
          error={feedback.fields.password}
          autoComplete="current-password"
        />
        <div className="actions">
          <SubmitButton label="Sign in" pendingLabel="Signing in…" pending={pending} />
        </div>
      </form>
      {onCreateAccount || onStaffSignIn || onCandidateSignIn ? (
        <div className="secondary-actions">
          {onCreateAccount ? (
            <p>
              New here?{' '}
              <button type="button" className="link-button" onClick={onCreateAccount}>
                Create an account
              </button>
            </p>
          ) : null}
          {onStaffSignIn ? (
            <p>
              Proctor, recruiter or administrator?{' '}
              <button type="button" className="link-button" onClick={onStaffSignIn}>
                Staff sign-in
              </button>
            </p>
          ) : null}
          {onCandidateSignIn ? (
            <p>
              Here for an interview?{' '}
              <button type="button" className="link-button" onClick={onCandidateSignIn}>
                Candidate sign-in
              </button>
            </p>
          ) : null}
        </div>
      ) : null}
    </SignedOutFrame>
  );
}

/** Whose sitting the proctor opened here, so the right person signs in (their email is filled in). */
function SittingFor({ sitting }: { sitting: KioskSitting }) {
  return (
    <section aria-labelledby="sitting-for-title" className="alert alert-info sitting-for">
      <h2 id="sitting-for-title" className="sitting-for-title">
        This kiosk is ready for {sitting.candidateName}
      </h2>
      <p>
        Your proctor has opened a {roleLabels[sitting.roleType].label} interview for <strong>{sitting.candidateEmail}</strong>. Sign in with your
        password to begin.
        {sitting.status === 'paused' ? ' The sitting is paused for now: please wait for your proctor.' : ''}
      </p>
    </section>
  );
}
