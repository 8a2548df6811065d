import { useCallback } from 'react';
import { useLoad } from '../../../hooks/useLoad';
import { useKioskCall } from '../../../kiosk-context';
import { formatTime } from './time-left';
import { LoadFailed } from '../../../components/LoadStates';

/** Resumes the system could not read: a person needs to follow up with the candidate. */
export function FailedResumes() {
  const call = useKioskCall();
  const load = useCallback(() => call('resume.listForReview', { status: 'failed' }), [call]);
  const { state, reload } = useLoad(load);

  return (
    <section aria-labelledby="failed-resumes-title" className="panel">
      <h2 id="failed-resumes-title">Resumes needing attention</h2>
      {state.status === 'loading' ? <p role="status">Loading resumes…</p> : null}
      {state.status === 'error' ? <LoadFailed what="the resumes" message={state.message} onRetry={reload} retryLabel="Try again" /> : null}
      {state.status === 'ready' && state.data.resumes.length === 0 ? <p>Every uploaded resume has been read.</p> : null}
      {state.status === 'ready' && state.data.resumes.length > 0 ? (
        <div className="table-scroll">
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">Candidate</th>
                <th scope="col">File</th>
                <th scope="col">Uploaded</th>
                <th scope="col">Reason</th>
              </tr>
            </thead>
            <tbody>
              {state.data.resumes.map((resume) => (
                <tr key={resume.id}>
                  <td>
                    {resume.candidateName}
                    <br />
                    {resume.candidateEmail}
                  </td>
                  <td>{resume.fileName}</td>
                  <td>{formatTime(resume.uploadedAt)}</td>
                  <td>{resume.failureReason ?? 'Unknown'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
