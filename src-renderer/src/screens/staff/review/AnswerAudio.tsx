import { useEffect, useRef, useState } from 'react';
import { FormAlert } from '../../../components/FormAlert';
import { usePending } from '../../../hooks/usePending';
import { useKioskCall } from '../../../kiosk-context';
import { base64ToBlob } from './blob';

const NO_ANSWER = 'The app did not answer. Try again in a moment.';

/**
 * "Play answer 3": fetches the recorded answer only when asked (a whole
 * interview's audio is large), then plays it in a native audio player. The
 * object URL is revoked when the player goes away.
 */
export function AnswerAudio({ interviewId, messageId, number }: { interviewId: string; messageId: string; number: number }) {
  const call = useKioskCall();
  const { pending, run } = usePending();
  const [url, setUrl] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const audioRef = useRef<HTMLAudioElement>(null);
  const base = `answer-audio-${number}`;

  useEffect(() => {
    if (!url) return;
    const audio = audioRef.current;
    if (audio) {
      audio.focus();
      // Playback can be refused (no output device, autoplay rules); the controls are there either way.
      audio.play().catch(() => undefined);
    }
    return () => URL.revokeObjectURL(url);
  }, [url]);

  const load = () => {
    setError(null);
    void run(async () => {
      try {
        const result = await call('review.answerAudio', { interviewId, messageId });
        if (result.ok) {
          setUrl(URL.createObjectURL(base64ToBlob(result.data.base64, result.data.mediaType)));
          return;
        }
        setError(`We could not load the recording: ${result.error.message}`);
      } catch {
        setError(NO_ANSWER);
      }
    });
  };

  return (
    <div className="answer-audio">
      {url ? (
        <audio ref={audioRef} controls src={url} aria-label={`Recording of answer ${number}`} className="answer-audio-player" />
      ) : (
        <button type="button" className="button button-secondary" onClick={load} disabled={pending}>
          {pending ? `Loading answer ${number}…` : `Play answer ${number}`}
        </button>
      )}
      <FormAlert id={`${base}-alert`} message={error} />
    </div>
  );
}
