import { useCallback, useState, type FormEvent } from 'react';
import { secretNames, type SecretName } from '../../../../shared/domain/settings';
import { FormAlert, StatusMessage } from '../../components/FormAlert';
import { PasswordField } from '../../components/PasswordField';
import { SubmitButton } from '../../components/SubmitButton';
import { useFocusRequest } from '../../hooks/useFocusRequest';
import { useLoad } from '../../hooks/useLoad';
import { usePending } from '../../hooks/usePending';
import { useKioskCall } from '../../kiosk-context';
import { SecretStorageStatus } from './SecretStorageStatus';

const secretLabels: Record<SecretName, { label: string; inSentence: string; description: string }> = {
  'openai-api-key': { label: 'OpenAI API key', inSentence: 'OpenAI API key', description: 'Used to run interviews and read resumes.' },
  'smtp-password': { label: 'SMTP password', inSentence: 'SMTP password', description: 'Used with the SMTP username to send email.' },
  'sync-device-credential': {
    label: 'Sync device credential',
    inSentence: 'sync device credential',
    description: 'Identifies this device to the sync endpoint.',
  },
  'proxy-password': {
    label: 'Proxy password',
    inSentence: 'proxy password',
    description: 'Sent with the proxy username (Network settings) when the proxy asks for one.',
  },
};

/**
 * Secrets are write-only from here: the status says whether one is stored,
 * and nothing ever reads a value back into this window.
 */
export function SecretsPanel() {
  const call = useKioskCall();
  const load = useCallback(() => call('secrets.getStatus', {}), [call]);
  const { state, reload } = useLoad(load);

  return (
    <section aria-labelledby="secrets-title" className="panel">
      <h2 id="secrets-title">Stored secrets</h2>
      {state.status === 'loading' ? (
        <p role="status">Checking stored secrets…</p>
      ) : state.status === 'error' ? (
        <div role="alert" className="alert alert-error">
          <p>Could not check stored secrets: {state.message}</p>
          <button type="button" className="button button-secondary" onClick={reload}>
            Try again
          </button>
        </div>
      ) : (
        <>
          <SecretStorageStatus backend={state.data.backend} problem={state.data.problem} />
          <p>
            A stored secret can be replaced here, but it is never shown again, not even to administrators.
          </p>
          <div className="secret-list">
            {secretNames.map((name) => (
              <SecretForm key={name} name={name} stored={state.data.stored[name] === true} onStored={reload} />
            ))}
          </div>
        </>
      )}
    </section>
  );
}

function SecretForm({ name, stored, onStored }: { name: SecretName; stored: boolean; onStored: () => void }) {
  const call = useKioskCall();
  const { pending, run } = usePending();
  const focus = useFocusRequest();
  const [value, setValue] = useState('');
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const { label, inSentence, description } = secretLabels[name];
  const inputId = `secret-${name}`;
  const alertId = `${inputId}-alert`;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setDone(null);
    void run(async () => {
      setFailure(null);
      if (value.length === 0) {
        setFieldError(`Type the new ${inSentence} first.`);
        focus(inputId);
        return;
      }
      setFieldError(null);
      const result = await call('secrets.set', { name, value });
      if (!result.ok) {
        setFailure(result.error.message);
        setFieldError(result.error.fields?.value ?? null);
        focus(result.error.fields?.value ? inputId : alertId);
        return;
      }
      // Cleared at once so the value does not linger in the page.
      setValue('');
      setDone(`${label} stored.`);
      focus(`${inputId}-submit`);
      onStored();
    });
  };

  return (
    <form noValidate onSubmit={submit} className="secret" aria-labelledby={`${inputId}-title`}>
      <h3 id={`${inputId}-title`} className="secret-title">
        {label}
      </h3>
      <p id={`${inputId}-description`}>{description}</p>
      <p className={stored ? 'badge badge-ok' : 'badge badge-muted'}>
        {stored ? 'Stored' : 'Not stored'}
      </p>
      <FormAlert id={alertId} message={failure} />
      <StatusMessage message={done} />
      <PasswordField
        id={inputId}
        label={`New ${inSentence}`}
        value={value}
        onChange={setValue}
        error={fieldError ?? undefined}
        autoComplete="off"
        maxLength={4096}
      />
      <div className="actions">
        <SubmitButton id={`${inputId}-submit`} label={stored ? `Replace ${inSentence}` : `Store ${inSentence}`} pendingLabel="Storing…" pending={pending} />
      </div>
    </form>
  );
}
