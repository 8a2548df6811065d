import { useCallback, useState } from 'react';
import { AI_ACCOUNT_OUT_OF_CREDIT, describeAiService } from '../../../../shared/copy/ai-service-words';
import type { AiServiceCheck, AiServiceStatus } from '../../../../shared/domain/ai-service';
import { useFocusOnMount } from '../../hooks/useFocusOnMount';
import { usePending } from '../../hooks/usePending';
import { useWatchedStatus } from '../../hooks/useWatchedStatus';
import { useKioskCall, useKioskEvents } from '../../kiosk-context';

interface AiServiceStatusLineProps {
  /** Admins are told when the account is out of credit, and may check the service again. */
  canCheckAgain: boolean;
}

function timeOf(iso: string): string {
  return new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}

/** Takes focus when it replaces the notice (and its button) after a good check, so the next Tab is not lost. */
function ServiceAnswered() {
  const ref = useFocusOnMount<HTMLParagraphElement>();
  return (
    <p ref={ref} tabIndex={-1} className="alert alert-success ai-service-notice">
      The AI service answered: interviews use it again.
    </p>
  );
}

/** The admin's notice while the account is out of credit, with "Check again". */
function OutOfCreditNotice({ onChecked }: { onChecked: (status: AiServiceStatus, check: AiServiceCheck) => void }) {
  const call = useKioskCall();
  const { pending, run } = usePending();
  const [problem, setProblem] = useState<string | null>(null);
  const checkAgain = useCallback(
    () =>
      void run(async () => {
        setProblem(null);
        const result = await call('aiService.checkAgain', {});
        if (!result.ok) return setProblem(result.error.message);
        if (!result.data.check.ok) setProblem(result.data.check.message);
        onChecked(result.data.status, result.data.check);
      }),
    [call, run, onChecked],
  );
  return (
    <section aria-label="AI account out of credit" className="alert alert-warning ai-service-notice">
      <p>{AI_ACCOUNT_OUT_OF_CREDIT}</p>
      <button type="button" className="button button-secondary" onClick={checkAgain} disabled={pending}>
        {pending ? 'Checking…' : 'Check again'}
      </button>
      <div role="alert">{problem ? <p className="alert-detail">Still not working: {problem}</p> : null}</div>
    </section>
  );
}

/**
 * The AI service in one line for proctors and staff (issue 19, point 4):
 * live from `aiService.changed`, announced politely, silent while all is
 * well. Never on a candidate's screen.
 */
export function AiServiceStatusLine({ canCheckAgain }: AiServiceStatusLineProps) {
  const call = useKioskCall();
  const on = useKioskEvents();
  const [answered, setAnswered] = useState(false);
  // Asking also subscribes this window to `aiService.changed`.
  const ask = useCallback(() => call('aiService.status', {}), [call]);
  const watch = useCallback(
    (listener: (status: AiServiceStatus) => void) =>
      on('aiService.changed', (next) => {
        listener(next);
        // "It answered" belongs to the outage it ended, not to the next one.
        if (!next.available) setAnswered(false);
      }),
    [on],
  );
  const { status, setStatus, failure } = useWatchedStatus(ask, watch);

  const checked = useCallback(
    (next: AiServiceStatus, check: AiServiceCheck) => {
      setStatus(next);
      setAnswered(check.ok);
    },
    [setStatus],
  );

  if (!status && !failure) return null;
  const text = failure ?? (status ? describeAiService(status, timeOf) : null);
  const outOfCredit = canCheckAgain && status?.reason === 'quota_exhausted';
  const showAnswered = answered && status?.available === true;
  return (
    <div className={text || outOfCredit || showAnswered ? 'ai-service-line' : 'ai-service-line ai-service-line-quiet'}>
      {/* Always in the page, so a change is announced rather than inserted unheard. */}
      <p role="status" aria-live="polite" className="ai-service-text">
        {text}
      </p>
      {outOfCredit ? <OutOfCreditNotice onChecked={checked} /> : null}
      {showAnswered ? <ServiceAnswered /> : null}
    </div>
  );
}
