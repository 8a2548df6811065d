import { useCallback, useEffect, useRef, useState } from 'react';
import type { InterviewAuditTrail } from '../../../../../shared/domain/audit';
import { Loading, LoadFailed } from '../../../components/LoadStates';
import { useKioskCall } from '../../../kiosk-context';
import { auditEntryWords } from './audit-words';
import { saveBlob } from './blob';
import { formatDateTime } from './format';

const NO_ANSWER = 'The app did not answer. Try again in a moment.';

type TrailState = { status: 'loading' } | { status: 'error'; message: string } | { status: 'ready'; trail: InterviewAuditTrail };

/**
 * The interview's AI audit trail (issue 18, point 3), for recruiters and
 * admins: every model call and scoring run in plain words, whether the
 * chain of entries still verifies, and the whole trail as JSON to hand to
 * an auditor.
 */
export function AuditTrailPanel({ interviewId }: { interviewId: string }) {
  const call = useKioskCall();
  const [state, setState] = useState<TrailState>({ status: 'loading' });
  const generation = useRef(0);

  const fetchTrail = useCallback(() => {
    const mine = ++generation.current;
    call('audit.trail', { interviewId })
      .then((result) => {
        if (mine !== generation.current) return;
        setState(result.ok ? { status: 'ready', trail: result.data } : { status: 'error', message: result.error.message });
      })
      .catch(() => {
        if (mine === generation.current) setState({ status: 'error', message: NO_ANSWER });
      });
  }, [call, interviewId]);

  /** Drops whatever answer is on its way (the view closed, or a retry asked again). */
  const invalidate = useCallback(() => {
    generation.current++;
  }, []);

  useEffect(() => {
    fetchTrail();
    return invalidate;
  }, [fetchTrail, invalidate]);

  const retry = () => {
    setState({ status: 'loading' });
    fetchTrail();
  };

  return (
    <section aria-labelledby="review-audit-title" className="panel">
      <h2 id="review-audit-title">AI audit trail</h2>
      {state.status === 'loading' ? <Loading>Loading the audit trail…</Loading> : null}
      {state.status === 'error' ? <LoadFailed what="the audit trail" message={state.message} onRetry={retry} /> : null}
      {state.status === 'ready' ? <AuditTrailTable trail={state.trail} /> : null}
    </section>
  );
}

/** The loaded trail: the chain check, the entries and the export. Rendered on its own in tests. */
export function AuditTrailTable({ trail }: { trail: InterviewAuditTrail }) {
  if (trail.entries.length === 0) return <p>No AI activity is recorded for this interview on this device yet.</p>;
  const broken = trail.chains.filter((chain) => !chain.intact);
  return (
    <>
      {broken.length > 0 ? (
        <div role="alert" className="alert alert-error">
          <p>The audit trail does not verify: entries were changed or removed after they were written. Tell IT.</p>
          <ul>
            {broken.map((chain) => (
              <li key={chain.deviceId}>
                Device {chain.deviceId}: {chain.detail}
              </li>
            ))}
          </ul>
        </div>
      ) : (
        <p>The trail verifies: every entry matches its hash and none is missing.</p>
      )}
      <button type="button" id="export-audit-trail" className="button button-secondary" onClick={() => exportTrail(trail)}>
        Export trail (JSON)
      </button>
      <div className="table-scroll">
        <table className="audit-trail">
          <caption>Each step the AI took for this interview, oldest first</caption>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">What the AI did</th>
              <th scope="col">Model</th>
              <th scope="col">Prompt template</th>
              <th scope="col">Usage</th>
              <th scope="col">Outcome</th>
            </tr>
          </thead>
          <tbody>
            {trail.entries.map((entry) => {
              const words = auditEntryWords(entry);
              return (
                <tr key={entry.id}>
                  <td>{formatDateTime(entry.createdAt)}</td>
                  <th scope="row">{words.what}</th>
                  <td>{words.model}</td>
                  <td>{words.template}</td>
                  <td>{words.usage}</td>
                  <td>{words.outcome}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </>
  );
}

function exportTrail(trail: InterviewAuditTrail): void {
  const blob = new Blob([JSON.stringify(trail, null, 2)], { type: 'application/json' });
  saveBlob(blob, `audit-trail-${trail.interviewId}.json`);
}
