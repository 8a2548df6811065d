import type { SittingView } from '../../../../shared/domain/proctoring';
import { FormAlert } from '../../components/FormAlert';
import { usePending } from '../../hooks/usePending';
import { EXIT_SEQUENCE_LABEL } from '../sitting/exit-sequence';

interface HandOverProps {
  sitting: SittingView;
  /** Signs the proctor out and leaves the kiosk on the candidate's sign-in; resolves with main's refusal, if any. */
  onHandOver: () => Promise<string | null>;
  error: string | null;
}

/** The last step at the desk: the kiosk goes to the candidate, and the proctor's way back is the exit sequence. */
export function HandOverSection({ sitting, onHandOver, error }: HandOverProps) {
  const { pending, run } = usePending();
  const paused = sitting.status === 'paused';
  return (
    <section aria-labelledby="hand-over-title" className="sitting-section">
      <h3 id="hand-over-title">Hand over</h3>
      <FormAlert id="hand-over-alert" message={error} />
      <p>
        {paused
          ? 'Resume the sitting before you hand the kiosk over.'
          : `You are signed out, and the kiosk shows ${sitting.candidate.fullName}’s sign-in. To come back, press ${EXIT_SEQUENCE_LABEL} and enter your PIN.`}
      </p>
      {paused ? null : (
        <button type="button" className="button button-primary" disabled={pending} onClick={() => void run(async () => void (await onHandOver()))}>
          {pending ? 'Handing over…' : 'Hand over to the candidate'}
        </button>
      )}
    </section>
  );
}
