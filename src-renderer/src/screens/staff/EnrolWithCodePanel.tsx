import { useState, type FormEvent } from 'react';
import { FormAlert, StatusMessage } from '../../components/FormAlert';
import { SubmitButton } from '../../components/SubmitButton';
import { TextField } from '../../components/TextField';
import { useFocusRequest } from '../../hooks/useFocusRequest';
import { usePending } from '../../hooks/usePending';
import { useKioskCall } from '../../kiosk-context';

type Field = 'host' | 'code' | 'name';

/**
 * Device settings → Enrol with a code: the address and one-time code IT
 * printed with `hosted-db enrol-device` (a QR code scanner that types can
 * fill the code field with both). Main receives this device's login and
 * keeps its password in the keychain; this window only ever learns the
 * device's name and that it worked.
 */
export function EnrolWithCodePanel({ onEnrolled }: { onEnrolled: () => void }) {
  const call = useKioskCall();
  const { pending, run } = usePending();
  const focus = useFocusRequest();
  const [values, setValues] = useState<Record<Field, string>>({ host: '', code: '', name: '' });
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const alertId = 'enrol-alert';
  const set = (field: Field) => (value: string) => setValues((current) => ({ ...current, [field]: value }));
  const scanned = values.code.trim().toLowerCase().startsWith('teamified-enrol://');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setDone(null);
    void run(async () => {
      setFailure(null);
      if (values.code.trim() === '') {
        setErrors({ code: 'Type the enrolment code IT gave you, or scan its QR code.' });
        focus('enrol-code');
        return;
      }
      if (values.host.trim() === '' && !scanned) {
        setErrors({ host: 'Type the hosted database address IT printed with the code, e.g. db.example.com.' });
        focus('enrol-host');
        return;
      }
      setErrors({});
      const name = values.name.trim();
      const result = await call('sync.enrol', { host: values.host.trim(), code: values.code.trim(), ...(name ? { name } : {}) });
      if (!result.ok) {
        const fields = (result.error.fields ?? {}) as Partial<Record<Field, string>>;
        setErrors(fields);
        // The message once: under its field when it belongs to one, else in the alert.
        setFailure(Object.keys(fields).length > 0 ? null : result.error.message);
        focus(fields.code ? 'enrol-code' : fields.host ? 'enrol-host' : alertId);
        return;
      }
      // The code is spent: cleared so nobody tries it again.
      setValues({ host: '', code: '', name: '' });
      setDone(`Enrolled as “${result.data.name}” (${result.data.kind}). This device now syncs with the hosted database; its password is in the keychain.`);
      focus('enrol-submit');
      onEnrolled();
    });
  };

  return (
    <section aria-labelledby="enrol-title" className="panel">
      <h2 id="enrol-title">Enrol with a code</h2>
      <p>
        IT runs <code>npm run cli -- hosted-db enrol-device</code> and gives you an address and a one-time code (or a QR code). The device
        receives its own login straight into the keychain: no password is shown or typed. A code works once and expires.
      </p>
      <form noValidate onSubmit={submit} aria-labelledby="enrol-title">
        <FormAlert id={alertId} message={failure} />
        <StatusMessage message={done} />
        <TextField
          id="enrol-host"
          label="Hosted database address"
          hint={scanned ? 'Taken from the scanned code.' : 'As IT printed it, e.g. db.example.com or db.example.com:6543/kiosk.'}
          value={values.host}
          onChange={set('host')}
          error={errors.host}
          autoComplete="off"
          spellCheck={false}
          maxLength={2048}
          disabled={scanned}
        />
        <TextField
          id="enrol-code"
          label="Enrolment code"
          hint="10 letters and digits, e.g. 7KQ2M-XH4TD. A QR code scanner can type it here."
          value={values.code}
          onChange={set('code')}
          error={errors.code}
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
          maxLength={300}
        />
        <TextField
          id="enrol-name"
          label="Device name (optional)"
          hint="Used when IT’s code does not name the device; otherwise the computer’s name."
          value={values.name}
          onChange={set('name')}
          error={errors.name}
          autoComplete="off"
          maxLength={200}
        />
        <div className="actions">
          <SubmitButton id="enrol-submit" label="Enrol this device" pendingLabel="Enrolling…" pending={pending} />
        </div>
      </form>
    </section>
  );
}
