import { useEffect, useRef, useState } from 'react';
import { useKioskCall } from '../../kiosk-context';
import type { StreamHandle } from '../../voice/audio-streams';
import type { VoiceKit } from '../../voice/voice-kit';

type Speaker =
  | { status: 'idle' }
  | { status: 'requesting' }
  | { status: 'playing'; text: string }
  | { status: 'played'; text: string }
  | { status: 'error'; message: string };

const STAFF = 'If it keeps happening, please ask a member of staff.';

/** Speaks a short sentence through the same text-to-speech and player the interview uses. */
export function SpeakerCheck({ kit }: { kit: VoiceKit }) {
  const call = useKioskCall();
  const [speaker, setSpeaker] = useState<Speaker>({ status: 'idle' });
  const playing = useRef<StreamHandle | null>(null);

  useEffect(() => () => playing.current?.cancel(), []);

  const play = async () => {
    kit.unlockAudio();
    playing.current?.cancel();
    setSpeaker({ status: 'requesting' });
    const result = await call('equipment.testSpeaker', {});
    if (!result.ok) return setSpeaker({ status: 'error', message: `We could not play the test sentence: ${result.error.message} ${STAFF}` });
    const handle = kit.router.claim(result.data.streamId);
    playing.current = handle;
    await handle.started;
    if (playing.current !== handle) return;
    setSpeaker({ status: 'playing', text: result.data.text });
    const ended = await handle.ended;
    if (playing.current !== handle) return;
    if (ended.error && !ended.played) {
      setSpeaker({ status: 'error', message: `We could not play the test sentence: ${ended.error} ${STAFF}` });
    } else {
      setSpeaker({ status: 'played', text: result.data.text });
    }
  };

  const busy = speaker.status === 'requesting' || speaker.status === 'playing';
  let message: string | null = null;
  if (speaker.status === 'requesting') message = 'Preparing the test sentence…';
  if (speaker.status === 'playing') message = `Playing the test sentence: “${speaker.text}”`;
  if (speaker.status === 'played') {
    message = `The test sentence has finished playing: “${speaker.text}” If you did not hear it, turn up the volume or ask a member of staff.`;
  }

  return (
    <>
      <p>Select “Play a test sentence” and listen. You should hear a short sentence.</p>
      <div className="actions">
        <button type="button" className="button button-secondary" onClick={() => !busy && void play()} aria-disabled={busy || undefined}>
          {speaker.status === 'played' ? 'Play it again' : 'Play a test sentence'}
        </button>
      </div>
      <div role="status" className={message ? 'alert alert-info' : 'alert-empty'} data-playback={speaker.status}>
        {message ? <p>{message}</p> : null}
      </div>
      <div role="alert" className={speaker.status === 'error' ? 'alert alert-error' : 'alert-empty'}>
        {speaker.status === 'error' ? <p>{speaker.message}</p> : null}
      </div>
    </>
  );
}
