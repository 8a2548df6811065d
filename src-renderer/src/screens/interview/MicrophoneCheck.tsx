import { useEffect, useRef, useState } from 'react';
import type { VoiceDetector } from '../../voice/voice-detector';
import type { VoiceKit } from '../../voice/voice-kit';
import { LevelMeter } from './LevelMeter';

type Mic = { status: 'opening' } | { status: 'ready' } | { status: 'error'; message: string };
type Test = 'idle' | 'loading' | 'listening' | 'hearing' | 'heard' | 'error';

const METER_INTERVAL_MS = 100;
/** A level this high means real sound reached the microphone (room noise stays well below). */
const SOUND_LEVEL = 25;

const testMessages: Record<Test, string | null> = {
  idle: null,
  loading: 'Getting ready to listen…',
  listening: 'Listening… Say a few words, for example your name.',
  hearing: 'Hearing you…',
  heard: 'We heard you. Your microphone works.',
  error: null,
};

export function MicrophoneCheck({ kit, onHeard }: { kit: VoiceKit; onHeard: () => void }) {
  const [mic, setMic] = useState<Mic>({ status: 'opening' });
  const [attempt, setAttempt] = useState(0);
  const [level, setLevel] = useState(0);
  const [soundSeen, setSoundSeen] = useState(false);
  const [test, setTest] = useState<Test>('idle');
  const [testError, setTestError] = useState<string | null>(null);
  const detectorRef = useRef<VoiceDetector | null>(null);

  useEffect(() => {
    let current = true;
    kit.microphone().then(
      () => current && setMic({ status: 'ready' }),
      (error: unknown) => current && setMic({ status: 'error', message: error instanceof Error ? error.message : String(error) }),
    );
    return () => {
      current = false;
    };
  }, [kit, attempt]);

  const micReady = mic.status === 'ready';
  useEffect(() => {
    if (!micReady) return;
    const timer = setInterval(() => {
      const next = kit.level();
      setLevel(next);
      if (next >= SOUND_LEVEL) setSoundSeen(true);
    }, METER_INTERVAL_MS);
    return () => clearInterval(timer);
  }, [kit, micReady]);

  // Leaving the screen stops the test; the detector itself stays loaded for the interview.
  useEffect(
    () => () => {
      const detector = detectorRef.current;
      detector?.setHandlers(null);
      void detector?.pause();
    },
    [],
  );

  const startTest = () => {
    kit.unlockAudio();
    setTest('loading');
    setTestError(null);
    kit
      .detector()
      .then(async (detector) => {
        detectorRef.current = detector;
        detector.setHandlers({
          onSpeechStart: () => setTest('hearing'),
          onMisfire: () => setTest('listening'),
          onSpeechEnd: () => {
            detector.setHandlers(null);
            void detector.pause();
            setTest('heard');
            onHeard();
          },
        });
        await detector.listen();
        setTest((now) => (now === 'loading' ? 'listening' : now));
      })
      .catch((error: unknown) => {
        setTest('error');
        setTestError(error instanceof Error ? error.message : String(error));
      });
  };

  if (mic.status === 'error') {
    return (
      <div role="alert" className="alert alert-error">
        <p>{mic.message}</p>
        <button
          type="button"
          className="button button-secondary"
          onClick={() => {
            setMic({ status: 'opening' });
            setAttempt((count) => count + 1);
          }}
        >
          Try the microphone again
        </button>
      </div>
    );
  }
  if (mic.status === 'opening') {
    return <p role="status">Starting your microphone… If the kiosk asks for permission to use it, please allow it.</p>;
  }

  const testing = test === 'loading' || test === 'listening' || test === 'hearing';
  return (
    <>
      <p>Speak normally. The bar below should move when you talk.</p>
      <LevelMeter id="microphone-level" percent={level} />
      <div role="status" className={soundSeen ? 'alert alert-info' : 'alert-empty'}>
        {soundSeen ? <p>Your microphone is picking up sound.</p> : null}
      </div>
      <p>Now check that we can understand you: select “Say something”, then say a few words.</p>
      <div className="actions">
        <button
          type="button"
          className="button button-secondary"
          onClick={() => !testing && startTest()}
          aria-disabled={testing || undefined}
        >
          {test === 'heard' ? 'Say something again' : 'Say something'}
        </button>
      </div>
      <div role="status" className={testMessages[test] ? `alert ${test === 'heard' ? 'alert-success' : 'alert-info'}` : 'alert-empty'}>
        {testMessages[test] ? <p>{testMessages[test]}</p> : null}
      </div>
      <div role="alert" className={testError ? 'alert alert-error' : 'alert-empty'}>
        {testError ? <p>{testError}</p> : null}
      </div>
    </>
  );
}
