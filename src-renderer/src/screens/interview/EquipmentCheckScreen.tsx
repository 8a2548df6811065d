import { useState } from 'react';
import type { RoleType } from '../../../../shared/domain/interview';
import { ScreenHeading } from '../../components/ScreenHeading';
import type { VoiceKit } from '../../voice/voice-kit';
import { roleLabels } from './labels';
import { MicrophoneCheck } from './MicrophoneCheck';
import { PracticeQuestion } from './PracticeQuestion';
import { SpeakerCheck } from './SpeakerCheck';

interface EquipmentCheckProps {
  kit: VoiceKit;
  role: RoleType;
  /** The proctor granted typed answers: no microphone is needed, so none is checked. */
  typed: boolean;
  /** The proctor granted a practice question: offered before the interview starts. */
  practice: boolean;
  onBack: () => void;
  onStart: () => void;
}

/**
 * Microphone first (the interview cannot work without it), then speakers;
 * start only once we have heard the candidate. A candidate who types their
 * answers checks only the speakers (the questions are still read out).
 */
export function EquipmentCheckScreen({ kit, role, typed, practice, onBack, onStart }: EquipmentCheckProps) {
  const [heard, setHeard] = useState(false);
  const ready = typed || heard;
  const speakerStep = typed ? 1 : 2;
  const startStep = speakerStep + (practice ? 2 : 1);
  return (
    <>
      <ScreenHeading>Check your equipment</ScreenHeading>
      <p className="lead">
        You chose the <strong>{roleLabels[role].label}</strong> interview.{' '}
        {typed
          ? 'You will type your answers; the questions are read out and shown on the screen. First, let’s make sure you can hear us.'
          : 'First, let’s make sure we can hear you and you can hear us.'}
      </p>
      {typed ? null : (
        <section aria-labelledby="microphone-title" className="panel">
          <h2 id="microphone-title">1. Your microphone</h2>
          <MicrophoneCheck kit={kit} onHeard={() => setHeard(true)} />
        </section>
      )}
      <section aria-labelledby="speaker-title" className="panel">
        <h2 id="speaker-title">{speakerStep}. Your speakers or headphones</h2>
        <SpeakerCheck kit={kit} />
      </section>
      {practice ? (
        <section aria-labelledby="practice-title" className="panel">
          <h2 id="practice-title">{speakerStep + 1}. A practice question (not scored)</h2>
          <PracticeQuestion kit={kit} typed={typed} />
        </section>
      ) : null}
      <section aria-labelledby="ready-title" className="panel">
        <h2 id="ready-title">{startStep}. Start the interview</h2>
        {typed ? (
          <p>When you are ready, start the interview. The first question will be read out to you; type your answer below it.</p>
        ) : heard ? (
          <p>Your microphone works. When you are ready, start the interview. The first question will be read out to you.</p>
        ) : (
          <p>Once we have heard you say something in step 1, you can start the interview.</p>
        )}
        <div className="actions">
          {ready ? (
            <button type="button" className="button button-primary" onClick={onStart}>
              Start the interview
            </button>
          ) : null}
          <button type="button" className="button button-secondary" onClick={onBack}>
            Back
          </button>
        </div>
      </section>
    </>
  );
}
