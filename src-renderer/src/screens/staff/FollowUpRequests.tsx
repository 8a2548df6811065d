import { useCallback } from 'react';
import type { ConsentFollowUpView } from '../../../../shared/ipc/consent-channels';
import { LoadFailed, Loading } from '../../components/LoadStates';
import { useLoad } from '../../hooks/useLoad';
import { useKioskCall } from '../../kiosk-context';
import { formatDateTime } from './review/format';

const requestWords: Record<ConsentFollowUpView['choice'], string> = {
  decline: 'Declined the AI interview: wants an interview with a person',
  accommodation: 'Asked for an accommodation',
};

/**
 * Candidates who declined the AI interview or asked for an accommodation
 * and have not agreed since (issue 18, point 1): someone has to contact
 * them. On a laptop the list comes from every kiosk by sync; at a kiosk
 * (the proctor's screen) from that kiosk.
 */
export function FollowUpRequests() {
  const call = useKioskCall();
  const load = useCallback(() => call('consent.followUps', {}), [call]);
  const { state, reload } = useLoad(load);

  return (
    <section aria-labelledby="follow-up-title" className="panel">
      <h2 id="follow-up-title">Candidates waiting for a member of staff</h2>
      <div className="actions">
        <button type="button" className="button button-secondary" onClick={reload}>
          Refresh
        </button>
      </div>
      {state.status === 'loading' ? <Loading>Loading requests…</Loading> : null}
      {state.status === 'error' ? <LoadFailed what="the requests to follow up" message={state.message} onRetry={reload} retryLabel="Try again" /> : null}
      {state.status === 'ready' && state.data.requests.length === 0 ? <p>No candidate is waiting for a follow-up.</p> : null}
      {state.status === 'ready' && state.data.requests.length > 0 ? (
        <div className="table-scroll">
          <table className="data-table">
            <caption className="visually-hidden">Candidates waiting for a member of staff, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Candidate</th>
                <th scope="col">Request</th>
                <th scope="col">When</th>
              </tr>
            </thead>
            <tbody>
              {state.data.requests.map((request) => (
                <tr key={request.id}>
                  <td>
                    {request.candidateName}
                    <br />
                    {request.candidateEmail}
                  </td>
                  <td>{requestWords[request.choice]}</td>
                  <td>{formatDateTime(request.answeredAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
