import { useState, type KeyboardEvent } from 'react';
import type { SittingView } from '../../../../shared/domain/proctoring';
import type { ProctorSittingView } from '../../../../shared/domain/sitting-events';
import { FormAlert } from '../../components/FormAlert';
import { useFocusRequest } from '../../hooks/useFocusRequest';
import { useSittingAction } from './useSittingAction';

interface EndSittingProps {
  sitting: SittingView;
  onChanged: (sitting: ProctorSittingView) => void;
  onEnded: () => void;
}

const END = 'sitting-end';
const CONFIRM = 'sitting-end-confirm';

/** Ending signs the candidate out and cannot be undone, so it asks once more, with the candidate's name. */
export function EndSittingControl({ sitting, onChanged, onEnded }: EndSittingProps) {
  const { pending, failure, act } = useSittingAction(onChanged);
  const focus = useFocusRequest();
  const [confirming, setConfirming] = useState(false);

  if (sitting.status === 'ended') return null;

  const cancel = () => {
    setConfirming(false);
    focus(END);
  };
  // Escape here takes back the question, not the whole panel.
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== 'Escape') return;
    event.stopPropagation();
    cancel();
  };

  if (!confirming) {
    return (
      <div>
        <button
          id={END}
          type="button"
          className="button button-secondary"
          onClick={() => {
            setConfirming(true);
            focus(CONFIRM);
          }}
        >
          End the sitting
        </button>
      </div>
    );
  }
  return (
    <div role="group" aria-labelledby="sitting-end-question" className="sitting-confirm" onKeyDown={onKeyDown}>
      <FormAlert id="sitting-end-alert" message={failure.message} />
      <p id="sitting-end-question">
        <strong>End the sitting for {sitting.candidate.fullName}?</strong> They are signed out at once, and their interview is kept as it stands. This
        cannot be undone.
      </p>
      <div className="actions">
        <button id={CONFIRM} type="button" className="button button-danger" disabled={pending} onClick={() => void act('sitting.end', {}, onEnded)}>
          {pending ? 'Ending…' : 'Yes, end the sitting'}
        </button>
        <button type="button" className="button button-secondary" onClick={cancel}>
          Keep the sitting
        </button>
      </div>
    </div>
  );
}
