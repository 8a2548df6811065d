import { useState } from 'react';
import { FormAlert, StatusMessage } from '../../../components/FormAlert';
import { useFocusRequest } from '../../../hooks/useFocusRequest';
import { usePending } from '../../../hooks/usePending';
import { useKioskCall } from '../../../kiosk-context';
import { base64ToBlob, saveBlob } from './blob';

const NO_ANSWER = 'The app did not answer. Try again in a moment.';

/** The assessment as a PDF report, saved where the recruiter chooses (Electron asks; a browser downloads). */
export function ExportPdfButton({ interviewId }: { interviewId: string }) {
  const call = useKioskCall();
  const { pending, run } = usePending();
  // The button is disabled while waiting, which drops focus; put it back afterwards.
  const focus = useFocusRequest();
  const [alert, setAlert] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const exportPdf = () => {
    setAlert(null);
    setNotice(null);
    void run(async () => {
      try {
        const result = await call('review.exportPdf', { interviewId });
        if (result.ok) {
          saveBlob(base64ToBlob(result.data.base64, 'application/pdf'), result.data.fileName);
          setNotice(`The report ${result.data.fileName} is ready.`);
          return;
        }
        setAlert(`We could not create the PDF: ${result.error.message}`);
      } catch {
        setAlert(NO_ANSWER);
      }
    }).then(() => focus('export-pdf-button'));
  };

  return (
    <div className="export-pdf">
      <button id="export-pdf-button" type="button" className="button button-secondary" onClick={exportPdf} disabled={pending}>
        {pending ? 'Preparing PDF…' : 'Export PDF'}
      </button>
      <FormAlert id="export-pdf-alert" message={alert} />
      <StatusMessage message={notice} />
    </div>
  );
}
