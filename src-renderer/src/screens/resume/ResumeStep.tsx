import { useCallback, useEffect, useState } from 'react';
import type { ResumeView } from '../../../../shared/domain/resume';
import { useFocusRequest } from '../../hooks/useFocusRequest';
import { useLoad } from '../../hooks/useLoad';
import { useKioskCall } from '../../kiosk-context';
import { ResumeSummary } from './ResumeSummary';
import { ResumeUploadForm } from './ResumeUploadForm';

const POLL_MS = 1000;

function isWorking(resume: ResumeView): boolean {
  return resume.parsingStatus === 'pending' || resume.parsingStatus === 'processing';
}

/** Announced through one persistent live region, so each change of status is read out once. */
function statusAnnouncement(resume: ResumeView | null): string {
  if (!resume) return '';
  if (isWorking(resume)) return 'Processing your resume…';
  if (resume.parsingStatus === 'completed') return 'Your resume has been read.';
  return 'We could not read your resume.';
}

/**
 * The resume step of the candidate home: upload, watch it being processed
 * (main does the work in the background, so we poll), then see what was read.
 */
export function ResumeStep() {
  const call = useKioskCall();
  const load = useCallback(() => call('resume.listMine', {}), [call]);
  const { state, reload } = useLoad(load);
  // What the candidate has done on this screen takes precedence over the first load.
  const [latest, setLatest] = useState<ResumeView | null | undefined>(undefined);
  const [choosing, setChoosing] = useState(false);
  // Bumped after every poll so the next one is scheduled whether or not the answer changed anything.
  const [polls, setPolls] = useState(0);
  const focus = useFocusRequest();

  const resume = latest !== undefined ? latest : state.status === 'ready' ? (state.data.resumes[0] ?? null) : null;
  const resumeId = resume?.id;
  const working = resume ? isWorking(resume) : false;

  useEffect(() => {
    if (!working || !resumeId) return;
    let current = true;
    const timer = setTimeout(() => {
      call('resume.listMine', {})
        .then((result) => {
          if (!current) return;
          // A failed poll is simply retried: the resume is still being processed either way.
          const found = result.ok ? result.data.resumes.find((item) => item.id === resumeId) : undefined;
          if (found) setLatest(found);
          setPolls((count) => count + 1);
        })
        .catch(() => {
          if (current) setPolls((count) => count + 1);
        });
    }, POLL_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [call, working, resumeId, polls]);

  if (state.status === 'loading' && latest === undefined) return <p role="status">Checking for a resume you have uploaded…</p>;
  if (state.status === 'error' && latest === undefined) {
    return (
      <div role="alert" className="alert alert-error">
        <p>We could not check for your resume: {state.message}</p>
        <button type="button" className="button button-secondary" onClick={reload}>
          Try again
        </button>
      </div>
    );
  }

  const showForm = choosing || !resume;
  return (
    <div className="resume-step">
      <div id="resume-status" tabIndex={-1} className="resume-status">
        <p role="status" className={showForm ? 'visually-hidden' : undefined}>
          {showForm ? '' : statusAnnouncement(resume)}
        </p>
      </div>
      {showForm ? (
        <ResumeUploadForm
          onUploaded={(uploaded) => {
            setLatest(uploaded);
            setChoosing(false);
            focus('resume-status');
          }}
          onCancel={
            resume
              ? () => {
                  setChoosing(false);
                  focus('resume-status');
                }
              : undefined
          }
        />
      ) : resume ? (
        <ResumeState
          resume={resume}
          onTryAnother={() => {
            setChoosing(true);
            focus('resume-file');
          }}
        />
      ) : null}
    </div>
  );
}

function ResumeState({ resume, onTryAnother }: { resume: ResumeView; onTryAnother: () => void }) {
  if (isWorking(resume)) {
    return (
      <div className="resume-progress">
        <progress aria-label={`Processing ${resume.fileName}`} />
        <p>We are reading {resume.fileName}. This usually takes less than a minute; you can wait here or start your interview.</p>
      </div>
    );
  }
  if (resume.parsingStatus === 'failed') {
    return (
      <div className="alert alert-error">
        <p>
          We could not read {resume.fileName}: {resume.failureReason ?? 'the file could not be processed.'}
        </p>
        <button type="button" className="button button-secondary" onClick={onTryAnother}>
          Try another file
        </button>
      </div>
    );
  }
  return (
    <>
      <p>
        <span className="badge badge-ok">Uploaded</span> {resume.fileName}
      </p>
      {resume.parsed ? <ResumeSummary parsed={resume.parsed} /> : null}
      <button type="button" className="button button-secondary" onClick={onTryAnother}>
        Upload a different file
      </button>
    </>
  );
}
