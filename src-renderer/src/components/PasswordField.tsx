import { PASSWORD_MAX } from '../../../shared/domain/account-rules';
import { passwordRules, unmetPasswordRules } from './password-rules';
import { TextField } from './TextField';

interface PasswordFieldProps {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  error?: string | undefined;
  autoComplete: 'current-password' | 'new-password' | 'off';
  /** Show the live rule checklist (for a new password, not at sign-in). */
  showRules?: boolean;
  maxLength?: number;
}

export function PasswordField({ id, label, value, onChange, error, autoComplete, showRules = false, maxLength = PASSWORD_MAX }: PasswordFieldProps) {
  const rulesId = `${id}-rules`;
  return (
    <TextField
      id={id}
      label={label}
      type="password"
      value={value}
      onChange={onChange}
      error={error}
      autoComplete={autoComplete}
      spellCheck={false}
      autoCapitalize="off"
      maxLength={maxLength}
      describedBy={showRules ? rulesId : undefined}
      after={showRules ? <PasswordRuleList id={rulesId} password={value} /> : null}
    />
  );
}

/**
 * Not a live region: announcing on every keystroke would drown out typing.
 * It is the field's description, so it is read when the field gains focus,
 * and the submit error names any rule still missing.
 */
function PasswordRuleList({ id, password }: { id: string; password: string }) {
  const unmet = unmetPasswordRules(password);
  return (
    <div id={id} className="password-rules">
      <p className="password-rules-title">Your password needs:</p>
      <ul>
        {passwordRules.map((rule) => {
          const met = !unmet.has(rule.key);
          return (
            <li key={rule.key} className={met ? 'rule rule-met' : 'rule rule-unmet'}>
              <span aria-hidden="true" className="rule-icon">
                {met ? '✓' : '○'}
              </span>
              {rule.label}
              <span className="visually-hidden">{met ? ' (done)' : ' (not yet)'}</span>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
