import { useCallback, useState, type FormEvent } from 'react';
import { roleTypes, type InterviewView, type RoleType } from '../../../../shared/domain/interview';
import { FormAlert } from '../../components/FormAlert';
import { useFocusRequest } from '../../hooks/useFocusRequest';
import { useLoad } from '../../hooks/useLoad';
import { useKioskCall } from '../../kiosk-context';
import { numberOfTotal, roleLabels } from './labels';

interface InterviewStepProps {
  onCheckEquipment: (role: RoleType) => void;
  onContinue: (interview: InterviewView) => void;
}

const ROLE_ERROR = 'Choose the role you are interviewing for.';

/**
 * The interview step of the candidate home: carry on an interview already
 * under way, or pick a role and go on to the equipment check.
 */
export function InterviewStep({ onCheckEquipment, onContinue }: InterviewStepProps) {
  const call = useKioskCall();
  const load = useCallback(() => call('interview.getCurrent', {}), [call]);
  const { state, reload } = useLoad(load);

  if (state.status === 'loading') return <p role="status">Checking for an interview in progress…</p>;
  if (state.status === 'error') {
    return (
      <div role="alert" className="alert alert-error">
        <p>We could not check whether you have an interview in progress: {state.message}</p>
        <button type="button" className="button button-secondary" onClick={reload}>
          Try again
        </button>
      </div>
    );
  }
  const current = state.data.interview;
  if (current && (current.status === 'in_progress' || current.status === 'scheduled')) {
    return <ContinueInterview interview={current} onContinue={onContinue} />;
  }
  return <RoleChoice onChosen={onCheckEquipment} />;
}

function ContinueInterview({ interview, onContinue }: { interview: InterviewView; onContinue: (interview: InterviewView) => void }) {
  const question = interview.currentQuestion;
  return (
    <div className="interview-resume">
      <p>
        You have a <strong>{roleLabels[interview.roleType].label}</strong> interview in progress
        {question ? ` (question ${numberOfTotal(question.number, interview)})` : ''}. You can carry on
        where you left off; your earlier answers are kept{question?.answerSoFar ? ', and so is what you had said to this question' : ''}.
      </p>
      <button type="button" className="button button-primary" onClick={() => onContinue(interview)}>
        Continue your interview
      </button>
    </div>
  );
}

function RoleChoice({ onChosen }: { onChosen: (role: RoleType) => void }) {
  const [role, setRole] = useState<RoleType | null>(null);
  const [error, setError] = useState<string | null>(null);
  const focus = useFocusRequest();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!role) {
      setError(ROLE_ERROR);
      focus(`role-${roleTypes[0]}`);
      return;
    }
    onChosen(role);
  };

  return (
    <form onSubmit={submit} noValidate>
      <FormAlert id="role-alert" message={error ?? null} />
      <fieldset className="fieldset" aria-describedby={error ? 'role-alert' : undefined}>
        <legend>Which role are you interviewing for?</legend>
        {roleTypes.map((type) => (
          <div key={type} className="choice">
            <input
              type="radio"
              id={`role-${type}`}
              name="role"
              value={type}
              checked={role === type}
              onChange={() => {
                setRole(type);
                setError(null);
              }}
              aria-describedby={`role-${type}-description`}
              aria-invalid={error ? true : undefined}
            />
            <label htmlFor={`role-${type}`}>{roleLabels[type].label}</label>
            <p id={`role-${type}-description`} className="choice-description">
              {roleLabels[type].description}
            </p>
          </div>
        ))}
      </fieldset>
      <p>Before the interview starts, we will check that your microphone and speakers work.</p>
      <div className="actions">
        <button type="submit" className="button button-primary">
          Check equipment
        </button>
      </div>
    </form>
  );
}
