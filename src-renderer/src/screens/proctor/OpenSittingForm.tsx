import { useState, type FormEvent } from 'react';
import { roleTypes, type RoleType } from '../../../../shared/domain/interview';
import { accommodationKinds, accommodationLabels } from '../../../../shared/domain/proctoring';
import type { SittingView } from '../../../../shared/domain/proctoring';
import { FormAlert } from '../../components/FormAlert';
import { SelectField } from '../../components/SelectField';
import { SubmitButton } from '../../components/SubmitButton';
import { FieldError, TextField } from '../../components/TextField';
import { clientFeedback, firstInvalidFieldId, noFeedback, serverFeedback, type FormFeedback } from '../../forms';
import { useFocusRequest } from '../../hooks/useFocusRequest';
import { usePending } from '../../hooks/usePending';
import { useKioskCall } from '../../kiosk-context';
import { roleLabels } from '../interview/labels';
import { checkOpenSitting, emptyOpenSitting, openSittingFieldOrder, type OpenSittingValues } from './proctor-forms';

const PREFIX = 'open-sitting';
const ORDER = openSittingFieldOrder(PREFIX);
const roleOptions: (readonly [RoleType | '', string])[] = [['', 'Choose an interview'], ...roleTypes.map((type) => [type, roleLabels[type].label] as const)];

/** The proctor opens a sitting: which registered candidate, the identity document they checked, and the interview. */
export function OpenSittingForm({ onOpened }: { onOpened: (sitting: SittingView) => void }) {
  const call = useKioskCall();
  const { pending, run } = usePending();
  const focus = useFocusRequest();
  const [values, setValues] = useState<OpenSittingValues>(emptyOpenSitting);
  const [feedback, setFeedback] = useState<FormFeedback>(noFeedback);
  const alertId = `${PREFIX}-alert`;
  const set = <K extends keyof OpenSittingValues>(key: K) => (value: OpenSittingValues[K]) => setValues((current) => ({ ...current, [key]: value }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void run(async () => {
      const checked = checkOpenSitting(values);
      if (!checked.ok) {
        setFeedback(clientFeedback(checked.fields));
        focus(firstInvalidFieldId(ORDER, checked.fields) ?? alertId);
        return;
      }
      const result = await call('proctor.openSitting', checked.data);
      if (result.ok) return onOpened(result.data.sitting);
      const next = serverFeedback(result.error);
      setFeedback(next);
      focus(firstInvalidFieldId(ORDER, next.fields) ?? alertId);
    });
  };

  const confirmedError = feedback.fields.identityConfirmed;
  return (
    <section aria-labelledby="open-sitting-title" className="panel">
      <h2 id="open-sitting-title" tabIndex={-1}>
        Open a sitting
      </h2>
      <p>The candidate registers first. Check their identity document against them, then open the sitting for the interview they are here for.</p>
      <form noValidate onSubmit={submit}>
        <FormAlert id={alertId} message={feedback.message} />
        <TextField
          id={`${PREFIX}-email`}
          label="Candidate’s email"
          type="email"
          value={values.candidateEmail}
          onChange={set('candidateEmail')}
          error={feedback.fields.candidateEmail}
          autoComplete="off"
          spellCheck={false}
          autoCapitalize="off"
          maxLength={254}
        />
        <TextField
          id={`${PREFIX}-identity`}
          label="Identity document checked"
          hint="For example: passport, or driving licence."
          value={values.identityCheck}
          onChange={set('identityCheck')}
          error={feedback.fields.identityCheck}
          autoComplete="off"
          maxLength={200}
        />
        <div className={confirmedError ? 'choice field-invalid' : 'choice'}>
          <input
            id={`${PREFIX}-confirmed`}
            type="checkbox"
            checked={values.identityConfirmed}
            onChange={(event) => set('identityConfirmed')(event.target.checked)}
            aria-invalid={confirmedError ? true : undefined}
            aria-describedby={confirmedError ? `${PREFIX}-confirmed-error` : undefined}
          />
          <label htmlFor={`${PREFIX}-confirmed`}>I checked this document against the person at the kiosk.</label>
          <FieldError id={confirmedError ? `${PREFIX}-confirmed-error` : undefined} message={confirmedError} />
        </div>
        <SelectField id={`${PREFIX}-role`} label="Interview" value={values.roleType} options={roleOptions} onChange={set('roleType')} error={feedback.fields.roleType} />
        <fieldset className="fieldset">
          <legend>Accommodations (optional)</legend>
          <p className="field-hint">For a candidate who needs them. The recruiter sees what was granted; none changes how answers are scored.</p>
          {accommodationKinds.map((kind) => (
            <div key={kind} className="choice">
              <input
                id={`${PREFIX}-accommodation-${kind}`}
                type="checkbox"
                checked={values.accommodations.includes(kind)}
                onChange={(event) =>
                  set('accommodations')(accommodationKinds.filter((known) => (known === kind ? event.target.checked : values.accommodations.includes(known))))
                }
                aria-describedby={`${PREFIX}-accommodation-${kind}-description`}
              />
              <label htmlFor={`${PREFIX}-accommodation-${kind}`}>{accommodationLabels[kind].label}</label>
              <p id={`${PREFIX}-accommodation-${kind}-description`} className="choice-description">
                {accommodationLabels[kind].hint}
              </p>
            </div>
          ))}
        </fieldset>
        <div className="actions">
          <SubmitButton label="Open the sitting" pendingLabel="Opening the sitting…" pending={pending} />
        </div>
      </form>
    </section>
  );
}
