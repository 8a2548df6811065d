import { useEffect, useSyncExternalStore } from 'react';
import type { SessionUser } from '../../../../shared/ipc/contract';
import { ScreenHeading } from '../../components/ScreenHeading';
import { useFocusOnMount } from '../../hooks/useFocusOnMount';
import { TYPED_ANSWER_MAX_CHARS } from '../../../../shared/domain/interview';
import { InterviewComplete } from './InterviewComplete';
import type { InterviewSession, SessionSnapshot } from './interview-session';
import { phaseLabels, progressText } from './labels';
import type { MicrophoneSource } from '../../voice/voice-kit';
import { useIntegritySignals } from './useIntegritySignals';
import { useMicrophoneSignals } from './useMicrophoneSignals';

interface InterviewScreenProps {
  session: InterviewSession;
  user: SessionUser;
  /** The sitting is paused or locked: nothing is played or heard until it resumes. */
  held: boolean;
  /** Back to the candidate home (after a problem that cannot be fixed here). */
  onLeave: () => void;
  /** The microphone the interview listens to, watched for the integrity review. */
  microphone: MicrophoneSource | null;
}

/** Said once per change of turn: not on every pause, which would talk over the candidate (and into the recording). */
function announcement(snapshot: SessionSnapshot): string {
  const number = snapshot.question?.number;
  const typed = snapshot.interview?.answerMode === 'typed';
  switch (snapshot.stage) {
    case 'starting':
      return 'Preparing your interview…';
    case 'asking':
      return number ? `Question ${number}. The interviewer is asking the question.` : 'The interviewer is asking the next question.';
    case 'listening':
      return typed
        ? 'Type your answer in the answer box. When you have finished, select “Send my answer”.'
        : 'Listening. Answer out loud. When you have finished, stop talking for a moment or select “I’m finished”.';
    case 'finishing':
      return 'Thinking…';
    case 'waiting':
      return 'Please wait a moment. Your answers are saved.';
    case 'failed':
      return '';
    case 'ready-to-submit':
      return 'You have answered all the questions.';
    case 'submitting':
      return 'Submitting your interview…';
    case 'submitted':
      return 'Your interview has been submitted.';
  }
}

function indicator(snapshot: SessionSnapshot): { text: string; tone: string } | null {
  switch (snapshot.stage) {
    case 'starting':
      return { text: 'Getting ready…', tone: 'waiting' };
    case 'asking':
      return { text: 'The interviewer is speaking', tone: 'speaking' };
    case 'listening':
      if (snapshot.interview?.answerMode === 'typed') return { text: 'Type your answer', tone: 'listening' };
      return snapshot.hearing ? { text: 'Hearing you', tone: 'hearing' } : { text: 'Listening…', tone: 'listening' };
    case 'finishing':
      return { text: 'Thinking…', tone: 'waiting' };
    case 'waiting':
      return { text: 'Waiting for the interviewer…', tone: 'waiting' };
    default:
      return null;
  }
}

export function InterviewScreen({ session, user, held, onLeave, microphone }: InterviewScreenProps) {
  const snapshot = useSyncExternalStore(session.subscribe, session.getSnapshot);
  useEffect(() => session.holdForProctor(held), [session, held]);
  const { stage, interview, question, problem, notice } = snapshot;
  useIntegritySignals(interview?.id ?? null, stage !== 'submitted');
  useMicrophoneSignals(interview?.id ?? null, stage !== 'submitted', microphone);

  if (stage === 'submitted') return <InterviewComplete user={user} />;

  const turn = indicator(snapshot);
  const typed = interview?.answerMode === 'typed';
  const submitting = stage === 'ready-to-submit' || stage === 'submitting';

  return (
    <>
      <ScreenHeading>Your interview</ScreenHeading>
      {interview && question && !submitting ? (
        <p className="interview-progress">
          <span>{progressText(question.number, interview)}</span>
          {question.phase ? <span className="badge badge-muted">{phaseLabels[question.phase]}</span> : null}
        </p>
      ) : null}

      <div role="status" className="visually-hidden">
        {announcement(snapshot)}
      </div>
      <div role="status" className={snapshot.providerMessage ? 'alert alert-info' : 'alert-empty'}>
        {/* Main words this for the candidate ("…your answers are saved; please wait…"): shown as it is. */}
        {snapshot.providerMessage ? <p>{snapshot.providerMessage}</p> : null}
      </div>
      <div role="status" className={notice ? 'alert alert-info' : 'alert-empty'}>
        {notice ? <p>{notice}</p> : null}
      </div>
      <div role="alert" className={problem ? 'alert alert-error' : 'alert-empty'}>
        {problem ? (
          <>
            <p>{problem.message}</p>
            {problem.action === 'home' ? (
              <button type="button" className="button button-secondary" onClick={onLeave}>
                Back to the start
              </button>
            ) : (
              <button type="button" className="button button-secondary" onClick={() => void session.recover()}>
                Try again
              </button>
            )}
          </>
        ) : null}
      </div>

      {submitting ? (
        <SubmitPanel pending={stage === 'submitting'} onSubmit={() => void session.submit()} />
      ) : (
        <>
          <section aria-labelledby="question-title" className="panel question-panel">
            <h2 id="question-title" className="question-title">
              {question ? `Question ${question.number}` : 'Your first question'}
            </h2>
            <p className="question-text">{question?.text || 'The question will appear here in a moment.'}</p>
          </section>

          {turn ? (
            <p className={`turn turn-${turn.tone}`}>
              <span className="turn-light" aria-hidden="true" />
              {turn.text}
            </p>
          ) : null}

          {typed ? (
            <TypedAnswerPanel snapshot={snapshot} session={session} />
          ) : (
            <SpokenAnswerActions snapshot={snapshot} session={session} />
          )}
        </>
      )}
    </>
  );
}

function SpokenAnswerActions({ snapshot, session }: { snapshot: SessionSnapshot; session: InterviewSession }) {
  const answering = snapshot.stage === 'listening';
  const saved = snapshot.segmentsSaved;
  return (
    <>
      <div className="actions">
        {snapshot.canCarryOn ? (
          // Only while the question after the answer has just begun: going on takes it back.
          <button type="button" className="button button-primary" onClick={() => session.carryOn()}>
            I wasn’t finished
          </button>
        ) : null}
        <button
          type="button"
          className={snapshot.canCarryOn ? 'button button-secondary' : 'button button-primary'}
          aria-disabled={!answering || undefined}
          onClick={() => answering && session.finish()}
        >
          I’m finished
        </button>
        <button
          type="button"
          className="button button-secondary"
          aria-disabled={!answering || undefined}
          onClick={() => answering && void session.reRecord()}
        >
          Start my answer again
        </button>
        <HearAgainButton answering={answering} session={session} />
        <ReaskButton snapshot={snapshot} session={session} />
      </div>
      <p className="answer-saved">
        {saved === 0 ? 'Nothing recorded for this question yet.' : `Parts of your answer saved: ${saved}.`}
        {snapshot.savingTrouble ? ' Saving is taking longer than usual; please carry on, we keep trying.' : ''}
      </p>
    </>
  );
}

function HearAgainButton({ answering, session }: { answering: boolean; session: InterviewSession }) {
  return (
    <button type="button" className="button button-secondary" aria-disabled={!answering || undefined} onClick={() => answering && session.replay()}>
      Hear the question again
    </button>
  );
}

/** A re-ask (an accommodation): offered only while the candidate has it and a question waits for its answer. */
function ReaskButton({ snapshot, session }: { snapshot: SessionSnapshot; session: InterviewSession }) {
  if (!snapshot.interview?.canReask) return null;
  const answering = snapshot.stage === 'listening';
  return (
    <button
      type="button"
      className="button button-secondary"
      aria-disabled={!answering || undefined}
      aria-describedby="reask-hint"
      onClick={() => answering && void session.reask()}
    >
      Ask this another way
      <span id="reask-hint" className="visually-hidden">
        {' '}
        (once in this interview)
      </span>
    </button>
  );
}

/**
 * Typed answers (an accommodation): the answer box is always on screen, so
 * what was typed stays visible while the next question is written; it can
 * be changed only while the question waits for it. Ctrl+Enter sends, as
 * the button does.
 */
function TypedAnswerPanel({ snapshot, session }: { snapshot: SessionSnapshot; session: InterviewSession }) {
  const answering = snapshot.stage === 'listening';
  const length = snapshot.draft.length;
  return (
    <section aria-labelledby="typed-answer-label" className="panel typed-answer">
      <label id="typed-answer-label" htmlFor="typed-answer" className="field-label">
        Your answer
      </label>
      <p id="typed-answer-hint" className="field-hint">
        Type your answer, then select “Send my answer” (or press Ctrl+Enter). It is saved and assessed like a spoken answer.
      </p>
      <textarea
        id="typed-answer"
        className="field-input typed-answer-field"
        rows={8}
        value={snapshot.draft}
        readOnly={!answering}
        aria-describedby="typed-answer-hint typed-answer-count"
        maxLength={TYPED_ANSWER_MAX_CHARS}
        spellCheck
        onChange={(event) => session.setDraft(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
            event.preventDefault();
            if (answering) session.finish();
          }
        }}
      />
      <p id="typed-answer-count" className="field-hint">
        {length.toLocaleString('en')} of {TYPED_ANSWER_MAX_CHARS.toLocaleString('en')} characters
      </p>
      <div className="actions">
        <button type="button" className="button button-primary" aria-disabled={!answering || undefined} onClick={() => answering && session.finish()}>
          {snapshot.stage === 'finishing' ? 'Sending…' : 'Send my answer'}
        </button>
        <button
          type="button"
          className="button button-secondary"
          aria-disabled={!answering || length === 0 || undefined}
          onClick={() => answering && length > 0 && void session.reRecord()}
        >
          Clear my answer
        </button>
        <HearAgainButton answering={answering} session={session} />
        <ReaskButton snapshot={snapshot} session={session} />
      </div>
    </section>
  );
}

function SubmitPanel({ pending, onSubmit }: { pending: boolean; onSubmit: () => void }) {
  // Keyboard and screen-reader users land on the one thing left to do.
  const heading = useFocusOnMount<HTMLHeadingElement>();
  return (
    <section aria-labelledby="submit-title" className="panel">
      <h2 id="submit-title" ref={heading} tabIndex={-1}>
        You have answered all the questions
      </h2>
      <p>Thank you. When you submit, your interview is sent for review and cannot be changed.</p>
      <div className="actions">
        <button type="button" className="button button-primary" onClick={() => !pending && onSubmit()} aria-disabled={pending || undefined}>
          {pending ? 'Submitting…' : 'Submit interview'}
        </button>
      </div>
    </section>
  );
}
