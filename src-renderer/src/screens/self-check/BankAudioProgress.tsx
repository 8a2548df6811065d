import { useEffect, useState } from 'react';
import type { BankAudioProgress as Progress } from '../../../../shared/ipc/kiosk-channels';
import { useKioskCall } from '../../kiosk-context';

/** Often enough to see it move (a few requests a second at best), rarely enough to cost nothing. */
const POLL_MS = 3000;

/** States after which nothing changes until settings do: no more polling. */
const settled = new Set<Progress['state']>(['complete', 'off', 'unavailable']);

/** "Offline question audio: 212 of 360 ready", or "complete". */
export function bankAudioWords(progress: Progress): string {
  if (progress.state === 'complete') return 'Offline question audio: complete';
  return `Offline question audio: ${progress.questionsReady} of ${progress.questions} ready`;
}

/**
 * For IT (admins): the question bank's audio as it is prepared, in words and
 * as a bar, refreshed while it runs. Not a live region: it changes every few
 * seconds, and the check's own line says where it stands.
 */
export function BankAudioProgress() {
  const call = useKioskCall();
  const [progress, setProgress] = useState<Progress | null>(null);

  useEffect(() => {
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      const result = await call('kiosk.bankAudio', {}).catch(() => null);
      if (!live) return;
      if (result?.ok) setProgress(result.data);
      // A failed call is tried again at the next tick; a settled state is not asked again.
      if (!result?.ok || !settled.has(result.data.state)) timer = setTimeout(() => void poll(), POLL_MS);
    };
    void poll();
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [call]);

  if (!progress || progress.state === 'off' || progress.state === 'unavailable') return null;
  return (
    <div className="bank-audio-progress">
      <p id="bank-audio-progress-words">{bankAudioWords(progress)}</p>
      <progress aria-labelledby="bank-audio-progress-words" max={Math.max(progress.questions, 1)} value={progress.questionsReady} />
    </div>
  );
}
