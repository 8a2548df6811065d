import { useCallback, useState, type FormEvent } from 'react';
import type { ErasedKind, ErasureReceipt } from '../../../../shared/domain/erasure';
import { FormAlert, StatusMessage } from '../../components/FormAlert';
import { LoadFailed, Loading } from '../../components/LoadStates';
import { ScreenHeading } from '../../components/ScreenHeading';
import { TextField } from '../../components/TextField';
import { useLoad } from '../../hooks/useLoad';
import { usePending } from '../../hooks/usePending';
import { useKioskCall } from '../../kiosk-context';

const NO_ANSWER = 'The app did not answer. Try again in a moment.';

const kindLabels: Record<ErasedKind, string> = {
  recordings: 'recordings',
  transcripts: 'transcripts',
  resumes: 'resumes',
  assessments: 'assessments',
  identity: 'identity',
};

interface Found {
  id: string;
  fullName: string;
  email: string;
  interviews: number;
  resumes: number;
}

/**
 * A candidate's erasure, for admins (issue 18, point 4): find the candidate
 * by email, type the email again to confirm, and see the receipts: who
 * asked, when, and what this device, the hosted database and every other
 * device removed as each confirmed. Receipts hold no name or email.
 */
export function ErasureSection() {
  const call = useKioskCall();
  const load = useCallback(() => call('erasure.receipts', {}), [call]);
  const { state, reload } = useLoad(load);

  return (
    <div>
      <ScreenHeading>Erasure requests</ScreenHeading>
      <p className="lead">
        Erasing a candidate removes their recordings, transcripts, resumes, assessments and account from this device now, and from the hosted database and
        every other device when each next syncs. Each confirms on the receipt.
      </p>
      <EraseForm onErased={reload} />
      <section aria-labelledby="receipts-title" className="panel">
        <h2 id="receipts-title">Receipts</h2>
        {state.status === 'loading' ? <Loading>Loading…</Loading> : null}
        {state.status === 'error' ? <LoadFailed what="the receipts" message={state.message} onRetry={reload} /> : null}
        {state.status === 'ready' ? <Receipts receipts={state.data.receipts} /> : null}
      </section>
    </div>
  );
}

function EraseForm({ onErased }: { onErased: () => void }) {
  const call = useKioskCall();
  const { pending, run } = usePending();
  const [email, setEmail] = useState('');
  const [found, setFound] = useState<Found | null>(null);
  const [confirmEmail, setConfirmEmail] = useState('');
  const [alert, setAlert] = useState<string | null>(null);
  const [fieldError, setFieldError] = useState<string | undefined>(undefined);
  const [notice, setNotice] = useState<string | null>(null);

  const attempt = (work: () => Promise<void>) =>
    void run(async () => {
      setAlert(null);
      setFieldError(undefined);
      setNotice(null);
      try {
        await work();
      } catch {
        setAlert(NO_ANSWER);
      }
    });

  const find = (event: FormEvent) => {
    event.preventDefault();
    attempt(async () => {
      const result = await call('erasure.findCandidate', { email });
      if (!result.ok) return setAlert(result.error.message);
      setFound(result.data.candidate);
      setConfirmEmail('');
      if (!result.data.candidate) setAlert('No candidate with that email is on this device.');
    });
  };

  const erase = (event: FormEvent) => {
    event.preventDefault();
    if (!found) return;
    attempt(async () => {
      const result = await call('erasure.request', { candidateId: found.id, confirmEmail });
      if (!result.ok) {
        setAlert(result.error.message);
        setFieldError(result.error.fields?.['confirmEmail']);
        return;
      }
      setFound(null);
      setEmail('');
      setNotice('Erased on this device. The hosted database and the other devices confirm as they sync.');
      onErased();
    });
  };

  return (
    <section aria-labelledby="erase-title" className="panel">
      <h2 id="erase-title">Erase a candidate</h2>
      <FormAlert id="erase-alert" message={alert} />
      <StatusMessage message={notice} />
      <form noValidate onSubmit={find} aria-label="Find the candidate">
        <TextField id="erase-find-email" label="Candidate’s email" type="email" value={email} onChange={setEmail} />
        <button type="submit" className="button button-secondary" disabled={pending}>
          Find
        </button>
      </form>
      {found ? (
        <form noValidate onSubmit={erase} aria-label="Confirm the erasure">
          <p>
            <strong>{found.fullName}</strong> ({found.email}): {found.interviews} interview(s) and {found.resumes} resume(s) on this device.
          </p>
          <TextField
            id="erase-confirm-email"
            label="Type the candidate’s email again to confirm"
            type="email"
            value={confirmEmail}
            onChange={setConfirmEmail}
            error={fieldError}
            hint="This cannot be undone."
          />
          <button type="submit" className="button button-primary" disabled={pending}>
            {pending ? 'Erasing…' : 'Erase this candidate'}
          </button>
        </form>
      ) : null}
    </section>
  );
}

function Receipts({ receipts }: { receipts: ErasureReceipt[] }) {
  if (receipts.length === 0) return <p>No erasure has been requested.</p>;
  return (
    <div className="table-scroll">
      <table className="data-table">
        <caption>Newest first. Counts are items removed: recordings, transcripts, resumes, assessments, identity.</caption>
        <thead>
          <tr>
            <th scope="col">Requested</th>
            <th scope="col">By</th>
            <th scope="col">Candidate id</th>
            <th scope="col">Confirmed by</th>
          </tr>
        </thead>
        <tbody>
          {receipts.map((receipt) => (
            <tr key={receipt.requestId}>
              <td>{receipt.requestedAt}</td>
              <td>{receipt.requestedBy === 'admin' ? 'An admin' : 'The candidate'}</td>
              <td>{receipt.candidateId}</td>
              <td>
                <ul>
                  {receipt.confirmations.map((confirmation) => (
                    <li key={confirmation.deviceId}>
                      {confirmation.deviceId} at {confirmation.confirmedAt}:{' '}
                      {receipt.kinds.map((kind) => `${confirmation.removed[kind]} ${kindLabels[kind]}`).join(', ')}
                    </li>
                  ))}
                </ul>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
