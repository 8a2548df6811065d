import type { SessionUser } from '../../../shared/ipc/contract';
import { useNow } from '../hooks/useNow';

/** How long before an idle sign-out the kiosk asks whether the candidate is still there. */
export const STILL_THERE_WARNING_MS = 60_000;

interface SessionEndingNoticeProps {
  user: SessionUser;
  onStillHere: () => void;
  onSignOut: () => void;
  busy: boolean;
}

/**
 * A kiosk signs a candidate out by itself (main decides, on its own
 * clock): after their interview is submitted, with the countdown shown from
 * the start, and after a spell of doing nothing, asked about a minute
 * before. Either way the person in front of the screen sees why and when,
 * and can act: sign out now, or say they are still there.
 */
export function SessionEndingNotice({ user, onStillHere, onSignOut, busy }: SessionEndingNoticeProps) {
  const now = useNow(1000);
  const leftMs = Date.parse(user.expiresAt) - now;
  const seconds = Math.max(0, Math.ceil(leftMs / 1000));
  const unit = seconds === 1 ? 'second' : 'seconds';
  if (user.endingBecause === 'interview-submitted') {
    return (
      <div role="status" className="alert alert-info session-ending">
        <p>
          Your interview is submitted. So that the next person cannot use your account, you will be signed out in <strong>{seconds}</strong> {unit}.
        </p>
        <button type="button" onClick={onSignOut} disabled={busy}>
          Sign out now
        </button>
      </div>
    );
  }
  if (user.endingBecause !== 'inactivity' || leftMs > STILL_THERE_WARNING_MS) return null;
  return (
    <div role="alertdialog" aria-labelledby="still-there-title" aria-describedby="still-there-text" className="alert alert-warning session-ending">
      <p id="still-there-title">
        <strong>Are you still there?</strong>
      </p>
      <p id="still-there-text">
        Nothing has happened for a while, so you will be signed out in <strong>{seconds}</strong> {unit} to keep your account safe. An interview you have started
        will be kept: sign in again to carry on.
      </p>
      <div className="actions">
        {/* Focused at once: the question needs an answer from whoever is at the kiosk, by keyboard too. */}
        <button type="button" onClick={onStillHere} disabled={busy} autoFocus>
          I’m still here
        </button>
        <button type="button" className="button-secondary" onClick={onSignOut} disabled={busy}>
          Sign out now
        </button>
      </div>
    </div>
  );
}
