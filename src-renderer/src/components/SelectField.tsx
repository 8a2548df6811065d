import type { ReactNode } from 'react';
import { FieldError } from './TextField';

export interface SelectFieldProps<V extends string> {
  id: string;
  label: string;
  value: V;
  /** [value, what the person reads], in display order. */
  options: readonly (readonly [V, string])[];
  onChange: (value: V) => void;
  error?: string | undefined;
  /** Shown under the label and read with the field, as TextField's hint. */
  hint?: ReactNode;
  /** Shown next to the label; used for "Set by IT policy". */
  badge?: ReactNode;
  /** A value IT fixes: shown, not changeable. */
  disabled?: boolean;
  /** Extra classes on the field's wrapper (layout in a filter bar). */
  className?: string;
}

/** A labelled drop-down, laid out and described like TextField (label, hint and error read with the field). */
export function SelectField<V extends string>({ id, label, value, options, onChange, error, hint, badge, disabled, className }: SelectFieldProps<V>) {
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined;
  const classes = [className, 'field', error ? 'field-invalid' : null].filter(Boolean).join(' ');
  return (
    <div className={classes}>
      <label htmlFor={id} className="field-label">
        {label}
        {badge}
      </label>
      {hint ? (
        <p id={hintId} className="field-hint">
          {hint}
        </p>
      ) : null}
      <select
        id={id}
        className="field-input"
        value={value}
        disabled={disabled}
        // The options are the only values a select can produce.
        onChange={(event) => onChange(event.target.value as V)}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
      >
        {options.map(([optionValue, optionLabel]) => (
          <option key={optionValue} value={optionValue}>
            {optionLabel}
          </option>
        ))}
      </select>
      <FieldError id={errorId} message={error} />
    </div>
  );
}
