import { useEffect } from 'react';
import { useKioskCall } from '../../kiosk-context';
import { MicrophoneWatch } from '../../voice/microphone-watch';
import type { MicrophoneSource } from '../../voice/voice-kit';

/**
 * The microphone's integrity signals while an interview is under way: a
 * virtual microphone, or the microphone changing (microphone-watch.ts),
 * across every time the kiosk opens it. Best effort, as the other signals:
 * a signal that fails to send must not disturb the candidate.
 */
export function useMicrophoneSignals(interviewId: string | null, active: boolean, source: MicrophoneSource | null): void {
  const call = useKioskCall();
  useEffect(() => {
    if (!interviewId || !active || !source) return;
    const watch = new MicrophoneWatch(
      (signal) => void call('interview.recordIntegrityEvent', { interviewId, kind: signal.kind, details: signal.details }),
      navigator.mediaDevices ?? null,
    );
    const follow = (stream: MediaStream | null) => {
      const track = stream?.getAudioTracks()[0];
      if (track) watch.watch(track);
    };
    follow(source.stream);
    const unsubscribe = source.onOpened(follow);
    return () => {
      unsubscribe();
      watch.stop();
    };
  }, [call, interviewId, active, source]);
}
