import { MicVAD } from '@ricky0123/vad-web';
import { speechThresholds } from './speech-thresholds';
import { defaultTurnTaking } from './turn-taking';

/** The detector's events, at 16 kHz mono. */
export interface VoiceDetectorHandlers {
  onSpeechStart(): void;
  onSpeechEnd(audio: Float32Array): void;
  onMisfire(): void;
  /** Every frame the detector processed (16 kHz) and how likely it is speech, before its speech events: what live transcription streams. */
  onFrame?(frame: Float32Array, speechProbability: number): void;
}

export interface VoiceDetectorTuning {
  /** Silence before the detector closes a segment; shorter than the end-of-turn silence. */
  redemptionMs: number;
}

/** The same redemption the turn-taking rules assume when they place the end of speech. */
export const defaultDetectorTuning: VoiceDetectorTuning = { redemptionMs: defaultTurnTaking.vadRedemptionMs };

/**
 * Where the build copies the model, worklet and ONNX runtime (see
 * electron.vite.config.ts). Resolved against the page, so it works from
 * file:// in Electron, the browser host's http://127.0.0.1 and the dev server.
 */
export function voiceAssetBase(): string {
  return new URL('vad/', document.baseURI).href;
}

/**
 * Silero VAD v5 on the kiosk's own microphone stream and AudioContext, so
 * the level meter, the detector and playback share one permission and one
 * device. Pausing keeps the stream open (the default would stop its tracks
 * and ask for the microphone again on resume).
 */
export class VoiceDetector {
  private handlers: VoiceDetectorHandlers | null = null;
  private started = false;
  private destroyed = false;

  private constructor(private readonly vad: MicVAD) {}

  static async load(context: AudioContext, stream: MediaStream, tuning: VoiceDetectorTuning = defaultDetectorTuning): Promise<VoiceDetector> {
    const base = voiceAssetBase();
    let detector: VoiceDetector | null = null;
    const vad = await MicVAD.new({
      model: 'v5',
      baseAssetPath: base,
      onnxWASMBasePath: base,
      ortConfig: (ort) => {
        // One thread needs no SharedArrayBuffer, hence no cross-origin isolation headers.
        ort.env.wasm.numThreads = 1;
        ort.env.wasm.proxy = false;
        ort.env.logLevel = 'error';
      },
      audioContext: context,
      getStream: () => Promise.resolve(stream),
      pauseStream: () => Promise.resolve(),
      resumeStream: () => Promise.resolve(stream),
      startOnLoad: false,
      positiveSpeechThreshold: speechThresholds.speech,
      negativeSpeechThreshold: speechThresholds.silence,
      redemptionMs: tuning.redemptionMs,
      preSpeechPadMs: 500,
      minSpeechMs: 250,
      // "I'm finished" or a forced split mid-sentence must keep the words said so far.
      submitUserSpeechOnPause: true,
      onSpeechStart: () => detector?.handlers?.onSpeechStart(),
      onSpeechEnd: (audio) => detector?.handlers?.onSpeechEnd(audio),
      onVADMisfire: () => detector?.handlers?.onMisfire(),
      onFrameProcessed: (probabilities, frame) => detector?.handlers?.onFrame?.(frame, probabilities.isSpeech),
    });
    detector = new VoiceDetector(vad);
    return detector;
  }

  setHandlers(handlers: VoiceDetectorHandlers | null): void {
    this.handlers = handlers;
  }

  get listening(): boolean {
    return this.vad.listening;
  }

  async listen(): Promise<void> {
    if (this.destroyed) return;
    this.started = true;
    await this.vad.start();
  }

  /** Stops listening; speech in progress is closed as a segment (or a misfire) before this resolves. */
  async pause(): Promise<void> {
    if (!this.started || this.destroyed) return;
    await this.vad.pause();
  }

  async destroy(): Promise<void> {
    if (this.destroyed) return;
    this.destroyed = true;
    this.handlers = null;
    // MicVAD.destroy throws if it never started; the model is released either way.
    if (this.started) await this.vad.destroy().catch(() => undefined);
  }
}
