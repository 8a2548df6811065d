import type { InputHTMLAttributes, ReactNode } from 'react';

type NativeInputProps = Omit<
  InputHTMLAttributes<HTMLInputElement>,
  'id' | 'value' | 'onChange' | 'aria-describedby' | 'aria-invalid' | 'children'
>;

export interface TextFieldProps extends NativeInputProps {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  /** Shown under the label and read with the field. */
  hint?: ReactNode;
  error?: string | undefined;
  /** Extra content under the input (e.g. the password rules) that describes it. */
  describedBy?: string;
  after?: ReactNode;
  /** Shown next to the label; used for "Managed by IT". */
  badge?: ReactNode;
}

export function TextField({ id, label, value, onChange, hint, error, describedBy, after, badge, ...input }: TextFieldProps) {
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedByIds = [hintId, describedBy, errorId].filter(Boolean).join(' ') || undefined;
  return (
    <div className={error ? 'field field-invalid' : 'field'}>
      <label htmlFor={id} className="field-label">
        {label}
        {badge}
      </label>
      {hint ? (
        <p id={hintId} className="field-hint">
          {hint}
        </p>
      ) : null}
      <input
        {...input}
        id={id}
        className="field-input"
        value={value}
        onChange={(event) => onChange(event.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedByIds}
      />
      {after}
      <FieldError id={errorId} message={error} />
    </div>
  );
}

export function FieldError({ id, message }: { id: string | undefined; message: string | undefined }) {
  if (!message || !id) return null;
  return (
    <p id={id} className="field-error">
      <span aria-hidden="true" className="field-error-icon">
        !
      </span>
      {message}
    </p>
  );
}
