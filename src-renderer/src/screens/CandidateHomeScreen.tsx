import type { SessionUser } from '../../../shared/ipc/contract';
import { SignedInFrame } from '../components/Frame';
import { ScreenHeading } from '../components/ScreenHeading';

interface HomeProps {
  user: SessionUser;
  version: string;
  onSignOut: () => void;
  signingOut: boolean;
  signOutError: string | null;
}

// These steps arrive in later releases. Showing them as plain, labelled
// upcoming steps (not buttons) tells candidates what to expect without
// offering anything that does not work yet.
const upcomingSteps = [
  {
    title: 'Upload your resume',
    description: 'Your resume helps tailor the interview questions to your experience.',
  },
  {
    title: 'Take your spoken interview',
    description: 'An AI interviewer asks questions out loud and you answer by speaking. You can take your time.',
  },
] as const;

export function CandidateHomeScreen({ user, version, onSignOut, signingOut, signOutError }: HomeProps) {
  return (
    <SignedInFrame user={user} version={version} onSignOut={onSignOut} signingOut={signingOut} signOutError={signOutError}>
      <ScreenHeading>Welcome, {user.fullName}</ScreenHeading>
      <p className="lead">Your account is ready. Here is what comes next.</p>
      <section aria-labelledby="next-steps-title" className="panel">
        <h2 id="next-steps-title">Your next steps</h2>
        <ol className="steps">
          {upcomingSteps.map((step, index) => (
            <li key={step.title} className="step">
              <span className="step-number" aria-hidden="true">
                {index + 1}
              </span>
              <div>
                <h3 className="step-title">{step.title}</h3>
                <p>{step.description}</p>
                <p className="badge badge-muted">Not yet available on this kiosk</p>
              </div>
            </li>
          ))}
        </ol>
        <p>
          These steps are not available on this kiosk yet. Please let the member of staff supervising this kiosk know
          that you have created your account. When you have finished, select <strong>Sign out</strong> at the top of the
          screen so the next person cannot use your account.
        </p>
      </section>
    </SignedInFrame>
  );
}
