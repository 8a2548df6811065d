import { useCallback, useEffect, useState } from 'react';
import type { ChannelOutput } from '../../../../../shared/ipc/contract';
import type { PackStatus } from '../../../../../shared/domain/explanation-pack';
import { FormAlert, StatusMessage } from '../../../components/FormAlert';
import { Loading, LoadFailed } from '../../../components/LoadStates';
import { useFocusRequest } from '../../../hooks/useFocusRequest';
import { useLoad } from '../../../hooks/useLoad';
import { usePending } from '../../../hooks/usePending';
import { useKioskCall } from '../../../kiosk-context';
import { base64ToBlob, saveBlob } from './blob';
import { formatDateTime } from './format';

const NO_ANSWER = 'The app did not answer. Try again in a moment.';
/** While the email is queued or going out, the state is asked for again this often. */
const POLL_MS = 1500;

type Preview = ChannelOutput<'explanationPack.prepare'>;

/** Where the pack is, in a sentence for staff. */
export function packStatusWords(status: PackStatus): string {
  const approved = `approved by ${status.approvedBy ?? 'someone'} on ${formatDateTime(status.approvedAt)}`;
  switch (status.state) {
    case 'not_approved':
      return 'Not sent: nobody has approved a pack for this candidate yet.';
    case 'queued':
      return `Waiting to be emailed (${approved})${status.error ? `; the last try failed: ${status.error}` : ''}.`;
    case 'sending':
      return `Being emailed now (${approved}).`;
    case 'sent':
      return `Sent to the candidate (${approved}).`;
    case 'failed':
      return `Not sent (${approved}): ${status.error ?? 'the email failed'}`;
  }
}

/**
 * The candidate's access and explanation pack (issue 18, point 5).
 * Everyone on staff sees whether it was approved and sent; recruiters and
 * admins prepare it, read or save its PDF and JSON, and approve exactly
 * what they read, which emails it to the candidate. Nothing sends it
 * without that approval.
 */
export function ExplanationPackPanel({ interviewId, candidateEmail, canApprove }: { interviewId: string; candidateEmail: string; canApprove: boolean }) {
  const call = useKioskCall();
  const load = useCallback(() => call('explanationPack.status', { interviewId }), [call, interviewId]);
  const { state, reload } = useLoad(load);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [alert, setAlert] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const { pending, run } = usePending();
  const focus = useFocusRequest();

  const status = state.status === 'ready' ? state.data : null;
  const inFlight = status?.state === 'queued' || status?.state === 'sending';
  useEffect(() => {
    if (!inFlight) return;
    const timer = setTimeout(reload, POLL_MS);
    return () => clearTimeout(timer);
  }, [inFlight, status, reload]);

  const prepare = () => {
    setAlert(null);
    setNotice(null);
    void run(async () => {
      try {
        const result = await call('explanationPack.prepare', { interviewId });
        if (!result.ok) return setAlert(`We could not prepare the pack: ${result.error.message}`);
        setPreview(result.data);
        focus('explanation-pack-preview-title');
      } catch {
        setAlert(NO_ANSWER);
      }
    });
  };

  const approve = (contentSha256: string) => {
    setAlert(null);
    void run(async () => {
      try {
        const result = await call('explanationPack.approve', { interviewId, contentSha256 });
        if (!result.ok) {
          setAlert(`The pack was not approved: ${result.error.message}`);
          focus('explanation-pack-alert');
          return;
        }
        setPreview(null);
        setNotice(`Approved. The pack is on its way to ${candidateEmail}.`);
        reload();
        focus('explanation-pack-prepare');
      } catch {
        setAlert(NO_ANSWER);
      }
    });
  };

  return (
    <section aria-labelledby="explanation-pack-title" className="panel explanation-pack">
      <h2 id="explanation-pack-title">Explanation pack for the candidate</h2>
      <p>
        What the candidate may ask to see: the transcript, each skill’s score with the rubric and weights, the evidence, which AI models did what, what people decided, and what
        would most have changed the AI’s recommendation. It is emailed only after a named recruiter or admin approves it.
      </p>
      {state.status === 'loading' ? <Loading>Loading the pack’s state…</Loading> : null}
      {state.status === 'error' ? <LoadFailed what="the pack’s state" message={state.message} onRetry={reload} /> : null}
      {status ? <p className="explanation-pack-state">{packStatusWords(status)}</p> : null}
      <StatusMessage message={notice} />
      <FormAlert id="explanation-pack-alert" message={alert} />
      {canApprove ? (
        <button id="explanation-pack-prepare" type="button" className="button button-secondary" onClick={prepare} disabled={pending}>
          {pending && !preview ? 'Preparing the pack…' : preview ? 'Prepare again' : 'Prepare pack'}
        </button>
      ) : null}
      {canApprove && preview ? <PackPreview preview={preview} candidateEmail={candidateEmail} pending={pending} onApprove={approve} /> : null}
    </section>
  );
}

function PackPreview({ preview, candidateEmail, pending, onApprove }: { preview: Preview; candidateEmail: string; pending: boolean; onApprove: (contentSha256: string) => void }) {
  const { pack, pdf, json, status } = preview;
  const call = useKioskCall();
  const saving = usePending();
  const [saveAlert, setSaveAlert] = useState<string | null>(null);
  // Every recording, however large: for staff to hand over themselves, e.g. when the email could not carry them.
  const saveArchive = () => {
    setSaveAlert(null);
    void saving.run(async () => {
      try {
        const result = await call('explanationPack.exportArchive', { interviewId: pack.interview.id });
        if (result.ok) saveBlob(base64ToBlob(result.data.base64, 'application/zip'), result.data.fileName);
        else setSaveAlert(`We could not save the pack with its recordings: ${result.error.message}`);
      } catch {
        setSaveAlert(NO_ANSWER);
      }
    });
  };
  const alreadySent = status.state === 'sent' && status.contentSha256 === pack.contentSha256;
  return (
    <div className="explanation-pack-preview">
      <h3 id="explanation-pack-preview-title" tabIndex={-1}>
        The pack as it stands
      </h3>
      <p>{pack.recommendation ? pack.recommendation.words : 'No scores, so no AI recommendation.'}</p>
      <h4>What would most have changed the outcome</h4>
      {pack.whatWouldHaveChanged.length > 0 ? (
        <ul aria-label="What would most have changed the outcome">
          {pack.whatWouldHaveChanged.map((change) => (
            <li key={`${change.skillId}-${change.neededScore}`}>{change.sentence}</li>
          ))}
        </ul>
      ) : (
        <p>No single skill’s score would have changed the recommendation.</p>
      )}
      <p>
        {pack.skills.length} skill scores with their rubric and weights, {pack.transcript.length} questions, {pack.aiPart.models.length} kinds of AI work,{' '}
        {pack.peoplePart.decisions.length} decisions, {pack.recordings.length} recordings (attached to the email when together under 20 MB; otherwise offered on request).
      </p>
      <div className="actions">
        <button type="button" className="button button-secondary" onClick={() => saveBlob(base64ToBlob(pdf.base64, 'application/pdf'), pdf.fileName)}>
          Download PDF
        </button>
        <button type="button" className="button button-secondary" onClick={() => saveBlob(new Blob([json.text], { type: 'application/json' }), json.fileName)}>
          Download JSON
        </button>
        <button type="button" className="button button-secondary" onClick={saveArchive} disabled={saving.pending}>
          {saving.pending ? 'Saving…' : 'Save all with recordings (ZIP)'}
        </button>
      </div>
      <FormAlert id="explanation-pack-save-alert" message={saveAlert} />
      {alreadySent ? (
        <p>This pack was already sent; nothing has changed since.</p>
      ) : (
        <button type="button" id="explanation-pack-approve" className="button" onClick={() => onApprove(pack.contentSha256)} disabled={pending}>
          {pending ? 'Approving…' : `Approve and send to ${candidateEmail}`}
        </button>
      )}
    </div>
  );
}
