import { NOTE_MAX_CHARS } from '../../../../shared/domain/proctoring';
import { FieldError } from '../../components/TextField';

interface NoteFieldProps {
  id: string;
  label: string;
  hint: string;
  value: string;
  onChange: (value: string) => void;
  error: string | undefined;
}

/** A proctor's note: several lines, laid out and described like TextField, with the characters left in its hint. */
export function NoteField({ id, label, hint, value, onChange, error }: NoteFieldProps) {
  const hintId = `${id}-hint`;
  const errorId = error ? `${id}-error` : undefined;
  return (
    <div className={error ? 'field field-invalid' : 'field'}>
      <label htmlFor={id} className="field-label">
        {label}
      </label>
      <p id={hintId} className="field-hint">
        {hint} {value.length} of {NOTE_MAX_CHARS} characters.
      </p>
      <textarea
        id={id}
        className="field-input sitting-note-input"
        rows={3}
        maxLength={NOTE_MAX_CHARS}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={[hintId, errorId].filter(Boolean).join(' ')}
      />
      <FieldError id={errorId} message={error} />
    </div>
  );
}
