import { useEffect, useRef, useState } from 'react';
import { useKioskCall } from '../../kiosk-context';
import type { StreamHandle } from '../../voice/audio-streams';
import type { VoiceDetector } from '../../voice/voice-detector';
import type { VoiceKit } from '../../voice/voice-kit';
import { encodeWav16Base64 } from '../../voice/wav';
import { PracticeRecording } from './practice-recording';

type Practice =
  | { step: 'idle' }
  | { step: 'asking' }
  | { step: 'answering'; question: string; hearing: boolean; heardSome: boolean }
  | { step: 'sending'; question: string }
  | { step: 'heard'; question: string; words: string }
  | { step: 'error'; question: string | null; message: string };

const STAFF = 'If it keeps happening, please ask the proctor.';

/**
 * The practice question (an accommodation the proctor grants): asked aloud
 * like an interview question, answered out loud (or typed), and what was
 * understood shown back. Nothing of it is kept or scored, and it can be
 * tried again as often as the kiosk allows.
 */
export function PracticeQuestion({ kit, typed }: { kit: VoiceKit; typed: boolean }) {
  const call = useKioskCall();
  const [practice, setPractice] = useState<Practice>({ step: 'idle' });
  const [draft, setDraft] = useState('');
  const playing = useRef<StreamHandle | null>(null);
  const listening = useRef<{ detector: VoiceDetector; recording: PracticeRecording } | null>(null);

  const stopListening = () => {
    const current = listening.current;
    listening.current = null;
    current?.detector.setHandlers(null);
    void current?.detector.pause();
  };
  useEffect(
    () => () => {
      playing.current?.cancel();
      stopListening();
    },
    [],
  );

  const ask = async () => {
    kit.unlockAudio();
    playing.current?.cancel();
    stopListening();
    setDraft('');
    setPractice({ step: 'asking' });
    const result = await call('equipment.practiceQuestion', {});
    if (!result.ok) return setPractice({ step: 'error', question: null, message: `${result.error.message} ${STAFF}` });
    const question = result.data.text;
    const handle = kit.router.claim(result.data.streamId);
    playing.current = handle;
    await handle.ended;
    if (playing.current !== handle) return;
    playing.current = null;
    if (typed) return setPractice({ step: 'answering', question, hearing: false, heardSome: false });
    await listen(question);
  };

  const listen = async (question: string) => {
    try {
      const detector = await kit.detector();
      const recording = new PracticeRecording();
      listening.current = { detector, recording };
      detector.setHandlers({
        onSpeechStart: () => setPractice({ step: 'answering', question, hearing: true, heardSome: !recording.isEmpty }),
        onMisfire: () => setPractice({ step: 'answering', question, hearing: false, heardSome: !recording.isEmpty }),
        onSpeechEnd: (audio) => {
          recording.add(audio);
          setPractice({ step: 'answering', question, hearing: false, heardSome: true });
          if (recording.full) void finish(question);
        },
      });
      setPractice({ step: 'answering', question, hearing: false, heardSome: false });
      await detector.listen();
    } catch (error) {
      setPractice({ step: 'error', question, message: error instanceof Error ? error.message : String(error) });
    }
  };

  const finish = async (question: string) => {
    if (typed) {
      if (draft.trim() === '') return setPractice({ step: 'error', question, message: 'Type a practice answer first.' });
      return setPractice({ step: 'heard', question, words: draft.trim() });
    }
    const current = listening.current;
    if (!current) return;
    // Pausing closes the words still being spoken as the last segment.
    await current.detector.pause();
    current.detector.setHandlers(null);
    listening.current = null;
    if (current.recording.isEmpty) return setPractice({ step: 'error', question, message: 'We did not hear anything. Select “Hear the practice question” to try again.' });
    setPractice({ step: 'sending', question });
    const result = await call('equipment.practiceAnswer', { audioWavBase64: encodeWav16Base64(current.recording.joined()) });
    if (!result.ok) return setPractice({ step: 'error', question, message: `${result.error.message}` });
    setPractice({ step: 'heard', question, words: result.data.text });
  };

  const question = 'question' in practice ? practice.question : null;
  const busy = practice.step === 'asking' || practice.step === 'sending';
  return (
    <>
      <p>
        Try one practice question before the interview. It is not scored and nothing of it is kept. {typed ? 'Type' : 'Answer out loud'}, then select “I’ve
        finished practising” to see what we {typed ? 'received' : 'understood'}.
      </p>
      <div className="actions">
        <button type="button" className="button button-secondary" aria-disabled={busy || undefined} onClick={() => !busy && void ask()}>
          {practice.step === 'idle' ? 'Hear the practice question' : 'Hear the practice question again'}
        </button>
      </div>
      {question ? (
        <p className="question-text">
          <span className="visually-hidden">Practice question: </span>
          {question}
        </p>
      ) : null}
      {practice.step === 'answering' && typed ? (
        <div className="field">
          <label htmlFor="practice-answer" className="field-label">
            Your practice answer
          </label>
          <textarea id="practice-answer" className="field-input typed-answer-field" rows={4} value={draft} onChange={(event) => setDraft(event.target.value)} />
        </div>
      ) : null}
      {practice.step === 'answering' ? (
        <div className="actions">
          <button type="button" className="button button-secondary" onClick={() => void finish(practice.question)}>
            I’ve finished practising
          </button>
        </div>
      ) : null}
      <div role="status" className={statusText(practice, typed) ? 'alert alert-info' : 'alert-empty'}>
        {statusText(practice, typed) ? <p>{statusText(practice, typed)}</p> : null}
      </div>
      <div role="alert" className={practice.step === 'error' ? 'alert alert-error' : 'alert-empty'}>
        {practice.step === 'error' ? <p>{practice.message}</p> : null}
      </div>
    </>
  );
}

function statusText(practice: Practice, typed: boolean): string | null {
  switch (practice.step) {
    case 'asking':
      return 'The practice question is being read out…';
    case 'answering':
      if (typed) return 'Type your practice answer.';
      if (practice.hearing) return 'Hearing you…';
      return practice.heardSome
        ? 'We have heard you. Carry on, or select “I’ve finished practising”.'
        : 'Listening… Answer the practice question out loud.';
    case 'sending':
      return 'Working out what you said…';
    case 'heard':
      return `${typed ? 'We received' : 'We heard'}: “${practice.words}” This is how your answers reach the interviewer. Start the interview when you are ready.`;
    default:
      return null;
  }
}
