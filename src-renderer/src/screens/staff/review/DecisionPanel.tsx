import { useState, type FormEvent } from 'react';
import { DECISION_NOTE_MAX, decisionKinds, type DecisionKind, type DecisionView, type InterviewReview } from '../../../../../shared/domain/assessment';
import { FormAlert, StatusMessage } from '../../../components/FormAlert';
import { FieldError } from '../../../components/TextField';
import { useFocusRequest } from '../../../hooks/useFocusRequest';
import { usePending } from '../../../hooks/usePending';
import { useKioskCall } from '../../../kiosk-context';
import { formatDateTime } from './format';
import { decisionDescriptions, decisionLabels } from './labels';
import { useSeenSections } from './useSectionViews';
import { reviewSectionNames, SECTIONS_BEFORE_DECIDING } from '../../../../../shared/domain/review-views';
import {
  describeRecommendation,
  OVERRIDE_REASON_MIN,
  overrideReasonNeeded,
  overridesRecommendation,
  type AiRecommendation,
} from '../../../../../shared/domain/ai-recommendation';

const NO_ANSWER = 'The app did not answer. Try again in a moment.';

interface DecisionPanelProps {
  review: InterviewReview;
  canDecide: boolean;
  onChanged: (review: InterviewReview) => void;
}

/** The hiring decision: recruiters and admins record one; everyone sees the history. */
export function DecisionPanel({ review, canDecide, onChanged }: DecisionPanelProps) {
  return (
    <section aria-labelledby="review-decision-title" className="panel">
      <h2 id="review-decision-title">Decision</h2>
      <RecommendationLine recommendation={review.aiRecommendation} />
      {canDecide ? (
        <DecisionForm review={review} onChanged={onChanged} />
      ) : (
        <p className="alert alert-info">You can read this assessment, but only recruiters and administrators can record a decision.</p>
      )}
      <DecisionHistory decisions={review.decisions} />
    </section>
  );
}

function DecisionForm({ review, onChanged }: { review: InterviewReview; onChanged: (review: InterviewReview) => void }) {
  const call = useKioskCall();
  const { pending, run } = usePending();
  const focus = useFocusRequest();
  const [decision, setDecision] = useState<DecisionKind | null>(null);
  const [note, setNote] = useState('');
  const [fields, setFields] = useState<{ decision?: string; note?: string }>({});
  const [alert, setAlert] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const noteTooLong = note.length > DECISION_NOTE_MAX;
  const recommended = review.aiRecommendation?.decision ?? null;
  const override = decision !== null && overridesRecommendation(decision, recommended);
  const reasonMissing = override && note.trim().length < OVERRIDE_REASON_MIN;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setAlert(null);
    setNotice(null);
    const problems: { decision?: string; note?: string } = {};
    if (!decision) problems.decision = 'Choose advance, hold or reject.';
    if (noteTooLong) problems.note = `Keep the note to ${DECISION_NOTE_MAX} characters.`;
    else if (decision && reasonMissing) problems.note = overrideReasonNeeded(decision, recommended!);
    if (!decision || noteTooLong || reasonMissing) {
      setFields(problems);
      focus(problems.decision ? `decision-${decisionKinds[0]}` : 'decision-note');
      return;
    }
    setFields({});
    void run(async () => {
      try {
        const result = await call('review.decide', { interviewId: review.interviewId, decision, note });
        if (result.ok) {
          onChanged(result.data);
          setDecision(null);
          setNote('');
          setNotice(`Decision recorded: ${decisionLabels[decision]}.`);
          focus('decision-submit');
          return;
        }
        setFields({ decision: result.error.fields?.decision, note: result.error.fields?.note });
        setAlert(result.error.message);
      } catch {
        setAlert(NO_ANSWER);
      }
      focus('decision-alert');
    });
  };

  return (
    <form noValidate onSubmit={submit} aria-labelledby="decision-form-title">
      <h3 id="decision-form-title">Record a decision</h3>
      <OpenedFirst />
      <FormAlert id="decision-alert" message={alert} />
      <StatusMessage message={notice} />
      <fieldset className="fieldset" aria-describedby={fields.decision ? 'decision-error' : undefined}>
        <legend>Your decision</legend>
        {decisionKinds.map((kind) => (
          <div key={kind} className="choice">
            <input
              id={`decision-${kind}`}
              type="radio"
              name="decision"
              value={kind}
              checked={decision === kind}
              onChange={() => setDecision(kind)}
              aria-describedby={`decision-${kind}-description`}
            />
            <label htmlFor={`decision-${kind}`}>{decisionLabels[kind]}</label>
            <p id={`decision-${kind}-description`} className="choice-description">
              {decisionDescriptions[kind]}
            </p>
          </div>
        ))}
        <FieldError id={fields.decision ? 'decision-error' : undefined} message={fields.decision} />
      </fieldset>
      <div className={fields.note || noteTooLong ? 'field field-invalid' : 'field'}>
        <label htmlFor="decision-note" className="field-label">
          {override ? 'Reason for overriding the AI’s recommendation (required)' : 'Note (optional)'}
        </label>
        <p id="decision-note-hint" className="field-hint">
          {override
            ? `You are deciding differently from the AI’s recommendation: say why, in at least ${OVERRIDE_REASON_MIN} characters.`
            : 'Why you decided this, for your colleagues.'}{' '}
          {note.length} of {DECISION_NOTE_MAX} characters.
        </p>
        <textarea
          id="decision-note"
          className="field-input decision-note"
          rows={4}
          value={note}
          onChange={(event) => setNote(event.target.value)}
          aria-invalid={fields.note || noteTooLong ? true : undefined}
          aria-required={override ? true : undefined}
          aria-describedby={fields.note ? 'decision-note-hint decision-note-error' : 'decision-note-hint'}
        />
        <FieldError id={fields.note ? 'decision-note-error' : undefined} message={fields.note} />
      </div>
      <button id="decision-submit" type="submit" className="button button-primary" disabled={pending}>
        {pending ? 'Recording…' : 'Record decision'}
      </button>
    </form>
  );
}

/** The AI's advance/hold/reject, shown as advice beside the decision it informs. */
function RecommendationLine({ recommendation }: { recommendation: AiRecommendation | null }) {
  return (
    <p className="alert alert-info" id="ai-recommendation">
      <strong>AI recommendation: {recommendation ? decisionLabels[recommendation.decision] : 'none'}.</strong>{' '}
      {recommendation
        ? `${describeRecommendation(recommendation)} It is advice from the scores alone (integrity flags never change it); you decide.`
        : 'There are no scores to recommend from. You decide from the transcript.'}
    </p>
  );
}

/** What main asks before a decision, and how far this person is: the same rule its refusal names. */
function OpenedFirst() {
  const seen = useSeenSections();
  const missing = SECTIONS_BEFORE_DECIDING.filter((section) => !seen.includes(section));
  return (
    <p className="field-hint" id="decision-opened">
      A person decides, after seeing the evidence: scroll through {SECTIONS_BEFORE_DECIDING.map((section) => reviewSectionNames[section]).join(' and ')} before
      deciding.{' '}
      {missing.length === 0 ? 'You have seen them.' : `Still to see: ${missing.map((section) => reviewSectionNames[section]).join(' and ')}.`}
    </p>
  );
}

function DecisionHistory({ decisions }: { decisions: readonly DecisionView[] }) {
  const newestFirst = [...decisions].sort((a, b) => Date.parse(b.decidedAt) - Date.parse(a.decidedAt));
  return (
    <section aria-labelledby="decision-history-title" className="decision-history">
      <h3 id="decision-history-title">Decision history</h3>
      {newestFirst.length === 0 ? (
        <p>No decision has been recorded yet.</p>
      ) : (
        <ol className="decision-list">
          {newestFirst.map((entry) => (
            <li key={entry.id} className="decision-entry">
              <p>
                <strong className={`decision-badge decision-${entry.decision}`}>{decisionLabels[entry.decision]}</strong> by {entry.decidedByName},{' '}
                <time dateTime={entry.decidedAt}>{formatDateTime(entry.decidedAt)}</time>
              </p>
              {entry.aiRecommendation && overridesRecommendation(entry.decision, entry.aiRecommendation) ? (
                <p>Overrode the AI’s recommendation ({decisionLabels[entry.aiRecommendation]}). Reason:</p>
              ) : null}
              {entry.note ? <p className="decision-note-text">{entry.note}</p> : null}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
