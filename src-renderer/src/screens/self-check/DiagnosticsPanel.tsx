import { useState } from 'react';
import { FormAlert, StatusMessage } from '../../components/FormAlert';
import { usePending } from '../../hooks/usePending';
import { useKioskCall } from '../../kiosk-context';
import { base64ToBlob, saveBlob } from '../staff/review/blob';

const NO_ANSWER = 'The app did not answer. Try again in a moment.';

/**
 * For admins: the diagnostics bundle (a ZIP) to send to IT or support,
 * saved where the admin chooses (Electron asks; a browser downloads). It
 * holds no passwords, keys, email addresses or candidate content.
 */
export function DiagnosticsPanel() {
  const call = useKioskCall();
  const { pending, run } = usePending();
  const [alert, setAlert] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const save = () => {
    setAlert(null);
    setNotice(null);
    void run(async () => {
      try {
        const result = await call('diagnostics.bundle', {});
        if (!result.ok) {
          setAlert(`We could not make the diagnostics: ${result.error.message}`);
          return;
        }
        saveBlob(base64ToBlob(result.data.base64, 'application/zip'), result.data.fileName);
        setNotice(`The diagnostics ${result.data.fileName} are ready to send to IT or support.`);
      } catch {
        setAlert(NO_ANSWER);
      }
    });
  };

  return (
    <section aria-labelledby="diagnostics-title" className="panel">
      <h2 id="diagnostics-title">Diagnostics for IT</h2>
      <p>
        One file for IT or support: versions, settings and where each comes from, database checks, sync, this self-check and the recent logs. It holds no
        passwords, keys, email addresses or candidate content.
      </p>
      <button id="diagnostics-save" type="button" className="button button-secondary" onClick={save} aria-disabled={pending || undefined}>
        {pending ? 'Making diagnostics…' : 'Save diagnostics'}
      </button>
      <FormAlert id="diagnostics-alert" message={alert} />
      <StatusMessage message={notice} />
    </section>
  );
}
