import { useState, type FormEvent } from 'react';
import { noteTextSchema, type SittingView } from '../../../../shared/domain/proctoring';
import type { ProctorSittingView } from '../../../../shared/domain/sitting-events';
import { FormAlert } from '../../components/FormAlert';
import { SubmitButton } from '../../components/SubmitButton';
import { useFocusRequest } from '../../hooks/useFocusRequest';
import { NoteField } from './NoteField';
import { useSittingAction } from './useSittingAction';

interface PauseResumeProps {
  sitting: SittingView;
  onChanged: (sitting: ProctorSittingView) => void;
}

// One id for Pause and Resume, which take each other's place: focus stays on the button that did it.
const TOGGLE = 'sitting-pause-resume';
const RESUME_NOTE = 'sitting-resume-note';

/**
 * Pause and resume. A sitting the app locked after a serious violation
 * resumes only with a note saying what the proctor found (main refuses
 * otherwise), so its Resume is a form that asks for one.
 */
export function PauseResumeControl({ sitting, onChanged }: PauseResumeProps) {
  const { pending, failure, setFailure, act } = useSittingAction(onChanged);
  const focus = useFocusRequest();
  const [note, setNote] = useState('');

  if (sitting.status === 'ended') return null;

  if (sitting.lockReason) {
    const submit = (event: FormEvent) => {
      event.preventDefault();
      const parsed = noteTextSchema.safeParse(note);
      if (!parsed.success) {
        setFailure({ code: 'client', message: null, fields: { note: 'Say what you found before resuming.' } });
        focus(RESUME_NOTE);
        return;
      }
      void act('sitting.resume', { note: parsed.data }, () => {
        setNote('');
        focus(TOGGLE);
      });
    };
    return (
      <form noValidate onSubmit={submit} aria-label="Resume the locked sitting">
        <FormAlert id="sitting-resume-alert" message={failure.message} />
        <NoteField
          id={RESUME_NOTE}
          label="What did you find?"
          hint="Needed to resume a locked sitting; it is added to the sitting’s notes."
          value={note}
          onChange={setNote}
          error={failure.fields.note}
        />
        <div className="actions">
          <SubmitButton label="Resume the sitting" pendingLabel="Resuming…" pending={pending} />
        </div>
      </form>
    );
  }

  const paused = sitting.status === 'paused';
  return (
    <div>
      <FormAlert id="sitting-pause-alert" message={failure.message} />
      <p className="field-hint">
        {paused
          ? 'The candidate sees a notice to wait, and the interview is on hold.'
          : 'Pausing puts the interview on hold and shows the candidate a notice to wait.'}
      </p>
      <button
        id={TOGGLE}
        type="button"
        className="button button-primary"
        disabled={pending}
        onClick={() => void act(paused ? 'sitting.resume' : 'sitting.pause', {}, () => focus(TOGGLE))}
      >
        {pending ? (paused ? 'Resuming…' : 'Pausing…') : paused ? 'Resume the sitting' : 'Pause the sitting'}
      </button>
    </div>
  );
}
