import type { KioskApi } from '../../../shared/ipc/api';
import { AudioStreamRouter } from './audio-streams';
import { levelPercent, rmsOf } from './level';
import { openMicrophone } from './microphone';
import { WebAudioSink } from './pcm-player';
import type { VoiceDetector } from './voice-detector';

export const VOICE_DETECTOR_FAILED =
  'The part of the app that listens for your voice could not start on this kiosk. Please ask a member of staff for help.';

/** The microphone stream as it stands, and each one opened after (the microphone reopened after it was lost). */
export interface MicrophoneSource {
  readonly stream: MediaStream | null;
  onOpened(listener: (stream: MediaStream) => void): () => void;
}

/**
 * The audio side of one candidate's visit: one AudioContext, one microphone
 * stream, one voice detector and one router for spoken audio, shared by the
 * equipment check and the interview so the microphone is asked for once.
 * Created on the candidate's first click towards the interview (browsers
 * allow audio only after one); `close()` when they leave (sign out).
 */
export class VoiceKit implements MicrophoneSource {
  readonly router: AudioStreamRouter;
  private context: AudioContext | null = null;
  private opened: MediaStream | null = null;
  private readonly openedListeners = new Set<(stream: MediaStream) => void>();
  private analyser: AnalyserNode | null = null;
  private detectorLoad: Promise<VoiceDetector> | null = null;
  private closed = false;
  private readonly stopListening: () => void;

  constructor(on: KioskApi['on']) {
    this.router = new AudioStreamRouter(() => new WebAudioSink(this.audioContext()));
    // Subscribed at once: a question's first chunks can arrive before the call that asked for it answers.
    this.stopListening = on('interview.audio', (chunk) => {
      if (!this.closed) this.router.receive(chunk);
    });
  }

  /**
   * Browsers start an AudioContext suspended until the page has had a click
   * or key press; call this from one (every button that leads to sound does).
   */
  unlockAudio(): void {
    const context = this.audioContext();
    if (context.state === 'suspended') void context.resume();
  }

  audioContext(): AudioContext {
    this.context ??= new AudioContext({ latencyHint: 'interactive' });
    return this.context;
  }

  get hasMicrophone(): boolean {
    return this.opened !== null && this.opened.getAudioTracks().some((track) => track.readyState === 'live');
  }

  get stream(): MediaStream | null {
    return this.opened;
  }

  onOpened(listener: (stream: MediaStream) => void): () => void {
    this.openedListeners.add(listener);
    return () => this.openedListeners.delete(listener);
  }

  /** Opens the microphone once; throws MicrophoneError with a message for the candidate. */
  async microphone(): Promise<MediaStream> {
    if (this.opened && this.hasMicrophone) return this.opened;
    const stream = await openMicrophone();
    this.opened = stream;
    if (this.closed) this.stopStream();
    else for (const listener of this.openedListeners) listener(stream);
    return stream;
  }

  /** Current microphone level, 0…100, for the equipment check's meter. */
  level(): number {
    if (!this.opened) return 0;
    if (!this.analyser) {
      const context = this.audioContext();
      this.analyser = context.createAnalyser();
      this.analyser.fftSize = 2048;
      context.createMediaStreamSource(this.opened).connect(this.analyser);
    }
    const samples = new Float32Array(this.analyser.fftSize);
    this.analyser.getFloatTimeDomainData(samples);
    return levelPercent(rmsOf(samples));
  }

  /** The voice detector, loaded once (model and runtime are a few megabytes to compile). */
  async detector(): Promise<VoiceDetector> {
    if (!this.detectorLoad) {
      // Loaded on demand: the ONNX runtime is most of the page's script, and sign-in screens never need it.
      const loading = Promise.all([this.microphone(), import('./voice-detector')]).then(async ([stream, module]) => {
        try {
          return await module.VoiceDetector.load(this.audioContext(), stream);
        } catch (error) {
          // The runtime's own error (a WebAssembly or CSP message) means nothing to a candidate; the console keeps it for staff.
          console.error('The voice detector could not start', error);
          throw new Error(VOICE_DETECTOR_FAILED, { cause: error });
        }
      });
      // A failed load (e.g. microphone refused) may be retried after staff fix it.
      loading.catch(() => {
        if (this.detectorLoad === loading) this.detectorLoad = null;
      });
      this.detectorLoad = loading;
    }
    return this.detectorLoad;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.stopListening();
    this.router.stopAll();
    const detector = this.detectorLoad;
    this.detectorLoad = null;
    await detector?.then((loaded) => loaded.destroy()).catch(() => undefined);
    this.stopStream();
    this.analyser = null;
    const context = this.context;
    this.context = null;
    await context?.close().catch(() => undefined);
  }

  private stopStream(): void {
    for (const track of this.opened?.getTracks() ?? []) track.stop();
    this.opened = null;
  }
}
