import { useCallback, useEffect, useState } from 'react';
import type { InterviewView, RoleType } from '../../../shared/domain/interview';
import { answerModeOf, type Accommodation } from '../../../shared/domain/proctoring';
import type { SessionUser } from '../../../shared/ipc/contract';
import { SignedInFrame } from '../components/Frame';
import { ScreenHeading } from '../components/ScreenHeading';
import { useKioskCall, useKioskEvents } from '../kiosk-context';
import { VoiceKit } from '../voice/voice-kit';
import { EquipmentCheckScreen } from './interview/EquipmentCheckScreen';
import { InterviewScreen } from './interview/InterviewScreen';
import { InterviewStep } from './interview/InterviewStep';
import { NoticeScreen } from './interview/NoticeScreen';
import { InterviewSession } from './interview/interview-session';
import { SelfIdentificationPanel } from './fairness/SelfIdentificationPanel';
import { EraseMyDataPanel } from './erasure/EraseMyDataPanel';
import { ResumeStep } from './resume/ResumeStep';

interface HomeProps {
  user: SessionUser;
  version: string;
  onSignOut: () => void;
  signingOut: boolean;
  signOutError: string | null;
  /** The proctor paused the sitting, or the kiosk locked it: the interview holds until it resumes. */
  sittingHeld: boolean;
  /** What the proctor granted the candidate in the sitting (none outside one). */
  accommodations: readonly Accommodation[];
}

/** The notice comes before anything that can hear the candidate: the equipment check (it opens the microphone) and their interview. */
type AfterNotice = { kind: 'equipment'; role: RoleType } | { kind: 'continue'; interview: InterviewView };
type Journey = { view: 'home' } | { view: 'notice'; then: AfterNotice } | { view: 'equipment'; role: RoleType } | { view: 'interview' };

export function CandidateHomeScreen({ user, version, onSignOut, signingOut, signOutError, sittingHeld, accommodations }: HomeProps) {
  const typed = answerModeOf(accommodations) === 'typed';
  const call = useKioskCall();
  const on = useKioskEvents();
  const [journey, setJourney] = useState<Journey>({ view: 'home' });
  // Created on the first click towards the interview (audio needs one) and
  // released when the candidate leaves: signing out stops the microphone.
  const [kit, setKit] = useState<VoiceKit | null>(null);
  const [session, setSession] = useState<InterviewSession | null>(null);

  useEffect(() => {
    if (!kit) return;
    return () => void kit.close();
  }, [kit]);
  useEffect(() => {
    if (!session) return;
    return () => session.dispose();
  }, [session]);

  const ensureKit = (): VoiceKit => {
    const ready = kit ?? new VoiceKit(on);
    if (!kit) setKit(ready);
    ready.unlockAudio();
    return ready;
  };

  const newSession = (): InterviewSession => {
    const voice = ensureKit();
    const created = new InterviewSession({ call, on, audio: voice.router, detector: () => voice.detector() });
    setSession(created);
    setJourney({ view: 'interview' });
    return created;
  };

  const frame = { user, version, onSignOut, signingOut, signOutError };
  const then = journey.view === 'notice' ? journey.then : null;
  const afterNotice = useCallback(() => {
    if (!then) return;
    if (then.kind === 'equipment') setJourney({ view: 'equipment', role: then.role });
    else void newSession().resume(then.interview);
    // newSession is rebuilt each render; what it reads (kit, call, on) is set before the notice shows.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [then]);

  if (journey.view === 'notice') {
    return (
      <SignedInFrame {...frame}>
        <NoticeScreen onAgreed={afterNotice} onBack={() => setJourney({ view: 'home' })} />
      </SignedInFrame>
    );
  }

  if (journey.view === 'equipment' && kit) {
    return (
      <SignedInFrame {...frame}>
        <EquipmentCheckScreen
          kit={kit}
          role={journey.role}
          typed={typed}
          practice={accommodations.includes('practice_question')}
          onBack={() => setJourney({ view: 'home' })}
          onStart={() => void newSession().start(journey.role)}
        />
      </SignedInFrame>
    );
  }
  if (journey.view === 'interview' && session) {
    return (
      <SignedInFrame {...frame}>
        <InterviewScreen
          session={session}
          user={user}
          held={sittingHeld}
          microphone={kit}
          onLeave={() => {
            setSession(null);
            setJourney({ view: 'home' });
          }}
        />
      </SignedInFrame>
    );
  }

  return (
    <SignedInFrame {...frame}>
      <ScreenHeading>Welcome, {user.fullName}</ScreenHeading>
      <p className="lead">Your account is ready. Here is what comes next.</p>
      <section aria-labelledby="next-steps-title" className="panel">
        <h2 id="next-steps-title">Your next steps</h2>
        <ol className="steps">
          <li className="step">
            <span className="step-number" aria-hidden="true">
              1
            </span>
            <div className="step-body">
              <h3 className="step-title">Upload your resume (optional)</h3>
              <p>Your resume helps tailor the interview questions to your experience. You can start the interview without one.</p>
              <ResumeStep />
            </div>
          </li>
          <li className="step">
            <span className="step-number" aria-hidden="true">
              2
            </span>
            <div className="step-body">
              <h3 className="step-title">{typed ? 'Take your interview' : 'Take your spoken interview'}</h3>
              <p>
                {typed
                  ? 'An AI interviewer asks questions out loud and on the screen, and you type your answers. You can take your time.'
                  : 'An AI interviewer asks questions out loud and you answer by speaking. You can take your time.'}
              </p>
              <InterviewStep
                onCheckEquipment={(role) => {
                  // Audio is unlocked on this click (browsers need one); the kit opens no microphone until the equipment check.
                  ensureKit();
                  setJourney({ view: 'notice', then: { kind: 'equipment', role } });
                }}
                onContinue={(view: InterviewView) => {
                  ensureKit();
                  setJourney({ view: 'notice', then: { kind: 'continue', interview: view } });
                }}
              />
            </div>
          </li>
        </ol>
        <p>
          When you have finished, select <strong>Sign out</strong> at the top of the screen so the next person cannot use
          your account.
        </p>
      </section>
      <SelfIdentificationPanel />
      <EraseMyDataPanel />
    </SignedInFrame>
  );
}
