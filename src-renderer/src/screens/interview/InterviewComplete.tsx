import type { SessionUser } from '../../../../shared/ipc/contract';
import { ScreenHeading } from '../../components/ScreenHeading';

export function InterviewComplete({ user }: { user: SessionUser }) {
  return (
    <>
      <ScreenHeading>Interview submitted</ScreenHeading>
      <section aria-labelledby="complete-title" className="panel">
        <h2 id="complete-title" className="visually-hidden">
          What happens next
        </h2>
        <p className="lead">Thank you, {user.fullName}. Your interview has been submitted.</p>
        <p>A recruiter will review your answers and be in touch. There is nothing more you need to do here.</p>
        <p>You will be signed out in a moment, so the next person cannot use your account. To leave sooner, select <strong>Sign out now</strong>.</p>
      </section>
    </>
  );
}
