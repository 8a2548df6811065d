import { FieldError } from './TextField';

export interface SelectFieldProps<V extends string> {
  id: string;
  label: string;
  value: V;
  /** [value, what the person reads], in display order. */
  options: readonly (readonly [V, string])[];
  onChange: (value: V) => void;
  error?: string | undefined;
  /** Extra classes on the field's wrapper (layout in a filter bar). */
  className?: string;
}

/** A labelled drop-down, laid out and described like TextField (label, error read with the field). */
export function SelectField<V extends string>({ id, label, value, options, onChange, error, className }: SelectFieldProps<V>) {
  const errorId = error ? `${id}-error` : undefined;
  const classes = [className, 'field', error ? 'field-invalid' : null].filter(Boolean).join(' ');
  return (
    <div className={classes}>
      <label htmlFor={id} className="field-label">
        {label}
      </label>
      <select
        id={id}
        className="field-input"
        value={value}
        // The options are the only values a select can produce.
        onChange={(event) => onChange(event.target.value as V)}
        aria-invalid={error ? true : undefined}
        aria-describedby={errorId}
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
