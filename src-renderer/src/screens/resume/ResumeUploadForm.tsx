import { useState, type FormEvent } from 'react';
import type { ResumeView } from '../../../../shared/domain/resume';
import { FormAlert } from '../../components/FormAlert';
import { SubmitButton } from '../../components/SubmitButton';
import { FieldError } from '../../components/TextField';
import { useFocusRequest } from '../../hooks/useFocusRequest';
import { usePending } from '../../hooks/usePending';
import { useKioskCall } from '../../kiosk-context';
import { fileToBase64, MAX_SIZE_LABEL, RESUME_ACCEPT, resumeFileProblem } from './resume-file';

const NO_ANSWER = 'The app did not answer. Try again in a moment.';

interface ResumeUploadFormProps {
  onUploaded: (resume: ResumeView) => void;
  /** Offered when there is already a resume to go back to. */
  onCancel?: () => void;
}

export function ResumeUploadForm({ onUploaded, onCancel }: ResumeUploadFormProps) {
  const call = useKioskCall();
  const { pending, run } = usePending();
  const focus = useFocusRequest();
  const [file, setFile] = useState<File | null>(null);
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [alert, setAlert] = useState<string | null>(null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setAlert(null);
    const problem = file ? resumeFileProblem(file) : 'Choose your resume file first.';
    if (problem || !file) {
      setFieldError(problem);
      focus('resume-file');
      return;
    }
    void run(async () => {
      try {
        const result = await call('resume.upload', { fileName: file.name, fileBase64: await fileToBase64(file) });
        if (result.ok) return onUploaded(result.data);
        setAlert(result.error.message);
      } catch {
        setAlert(NO_ANSWER);
      }
      focus('resume-alert');
    });
  };

  const errorId = fieldError ? 'resume-file-error' : undefined;
  return (
    <form onSubmit={submit} noValidate aria-label="Upload your resume">
      <FormAlert id="resume-alert" message={alert} />
      <div className={fieldError ? 'field field-invalid' : 'field'}>
        <label htmlFor="resume-file" className="field-label">
          Resume file
        </label>
        <p id="resume-file-hint" className="field-hint">
          A PDF or Word (.docx) file, up to {MAX_SIZE_LABEL}.
        </p>
        <input
          id="resume-file"
          type="file"
          className="field-input"
          accept={RESUME_ACCEPT}
          aria-describedby={['resume-file-hint', errorId].filter(Boolean).join(' ')}
          aria-invalid={fieldError ? true : undefined}
          onChange={(event) => {
            const chosen = event.target.files?.[0] ?? null;
            setFile(chosen);
            setAlert(null);
            setFieldError(chosen ? resumeFileProblem(chosen) : null);
          }}
        />
        <FieldError id={errorId} message={fieldError ?? undefined} />
      </div>
      <div className="actions">
        <SubmitButton label="Upload resume" pendingLabel="Uploading…" pending={pending} />
        {onCancel ? (
          <button type="button" className="button button-secondary" onClick={onCancel} disabled={pending}>
            Cancel
          </button>
        ) : null}
      </div>
    </form>
  );
}
