export type MicrophoneProblem = 'denied' | 'missing' | 'busy' | 'unsupported';

export class MicrophoneError extends Error {
  constructor(
    readonly problem: MicrophoneProblem,
    cause: unknown,
  ) {
    super(microphoneProblemMessage(problem), { cause });
    this.name = 'MicrophoneError';
  }
}

/** Every message ends in what to do; at a proctored kiosk that is always "ask staff". */
export function microphoneProblemMessage(problem: MicrophoneProblem): string {
  switch (problem) {
    case 'denied':
      return 'This kiosk is not allowed to use its microphone, so we cannot hear your answers. Please ask a member of staff for help.';
    case 'missing':
      return 'We could not find a microphone on this kiosk. Please ask a member of staff to check that one is connected.';
    case 'busy':
      return 'The microphone is connected but could not be started (another program may be using it). Please ask a member of staff for help.';
    case 'unsupported':
      return 'This kiosk cannot record audio. Please ask a member of staff for help.';
  }
}

function classify(error: unknown): MicrophoneProblem {
  const name = error instanceof DOMException || error instanceof Error ? error.name : '';
  if (name === 'NotAllowedError' || name === 'SecurityError' || name === 'PermissionDeniedError') return 'denied';
  if (name === 'NotFoundError' || name === 'OverconstrainedError' || name === 'DevicesNotFoundError') return 'missing';
  return 'busy';
}

/**
 * Echo cancellation and noise suppression on: the candidate may hear the
 * question from loudspeakers, and a kiosk room is rarely quiet.
 */
export async function openMicrophone(): Promise<MediaStream> {
  if (!navigator.mediaDevices?.getUserMedia) throw new MicrophoneError('unsupported', null);
  try {
    return await navigator.mediaDevices.getUserMedia({
      audio: { channelCount: 1, echoCancellation: true, noiseSuppression: true, autoGainControl: true },
    });
  } catch (error) {
    throw new MicrophoneError(classify(error), error);
  }
}
