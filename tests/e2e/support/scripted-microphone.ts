import type { BrowserContext, Page } from 'playwright-core';

/**
 * A microphone a test plays into, and a probe on what the app plays out, both
 * in the page's own clock (performance.now()), so a test can say exactly when
 * the candidate stopped speaking and when the app's next sound began.
 *
 * Installed before any app script runs (context.addInitScript): it replaces
 * navigator.mediaDevices.getUserMedia with a stream from a Web Audio graph of
 * its own, and wraps AudioBufferSourceNode.prototype.start/stop to log the
 * app's playback. The app's code is untouched: it opens "the microphone" and
 * plays PCM exactly as it does on a kiosk.
 *
 *   sources ─┬─ noise floor (always on; a real microphone is never at digital zero)
 *            ├─ play(wav)  the candidate's answer
 *            └─ echo       the app's own playback, attenuated and delayed (kiosk speakers)
 *              └──► bus ──► MediaStreamAudioDestinationNode ──► getUserMedia's stream
 *
 * Every source joins the one bus, so anything added later (another voice, a
 * door slamming) mixes in the same way.
 *
 * Times: for the microphone, the moment a sample enters the stream (its
 * context renders it, i.e. before the output latency); for the app's
 * playback, the moment its AudioContext says the sample leaves the speakers
 * (getOutputTimestamp, output latency included). Both are what the candidate
 * and the app respectively live through.
 */

export interface ScriptedMicrophoneOptions {
  /** RMS of the always-on white noise floor, in dBFS; a quiet room through a kiosk microphone is around -65. */
  noiseFloorDbfs?: number;
}

/** One buffer the app started playing (a chunk of a question's audio). */
export interface PlayedBuffer {
  /** Page time its first sample sounds. */
  at: number;
  durationMs: number;
  /** Page time the app stopped it early, if it did. */
  stoppedAt: number | null;
}

export interface EchoSettings {
  /** Level of the echo relative to what the app plays, in dB (e.g. -20). */
  gainDb: number;
  /** Extra delay from speaker to microphone, in ms (sound travel plus the device's buffering). */
  delayMs: number;
}

/** What the init script puts on `window.__scriptedMic`. */
export interface ScriptedMicApi {
  /** Plays a WAV into the microphone; resolves with the page time its first sample enters the stream. */
  play(wavBase64: string): Promise<number>;
  /** Resolves when everything play() started has finished. */
  idle(): Promise<void>;
  /** Feed the app's playback back into the microphone from now on (null: stop). */
  setEcho(echo: EchoSettings | null): void;
  /** Everything the app has played since the page loaded. */
  played(): PlayedBuffer[];
  /** When the app turned what it plays to its speakers down to silence (muted) or back up, in page time. */
  volumeChanges(): { at: number; audible: boolean }[];
  /** Latencies the two contexts report, in seconds, to put beside the figures. */
  latencies(): { microphone: { base: number; output: number } | null; app: { base: number; output: number } | null };
}

declare global {
  interface Window {
    __scriptedMic?: ScriptedMicApi;
  }
}

/**
 * Runs in the page, before the app. Self-contained: Playwright sends its
 * source text, so it may use nothing from this module.
 */
function install(options: Required<ScriptedMicrophoneOptions>): void {
  // tsx compiles named functions with esbuild's keepNames, which calls a `__name` helper that only exists in Node.
  (globalThis as unknown as { __name?: (f: unknown) => unknown }).__name ??= (f: unknown) => f;

  interface Mic {
    context: AudioContext;
    bus: GainNode;
    destination: MediaStreamAudioDestinationNode;
  }
  let mic: Mic | null = null;
  let echo: { gain: number; delayMs: number } | null = null;
  let appContext: BaseAudioContext | null = null;
  const playing = new Set<Promise<void>>();
  const played: { at: number; durationMs: number; stoppedAt: number | null }[] = [];
  const entries = new WeakMap<AudioBufferSourceNode, (typeof played)[number]>();
  const volumeChanges: { at: number; audible: boolean }[] = [];
  /** The gain of every node the app connects straight to its speakers: turning one to 0 mutes what it plays. */
  const speakerGains = new WeakSet<AudioParam>();
  /**
   * The echo: what the app's context actually sends to its speakers (taken
   * where it connects to its destination, so a muted or stopped question is
   * a silent echo), delayed and attenuated into the microphone, as a room
   * and a loudspeaker would.
   */
  let tap: { context: BaseAudioContext; output: MediaStreamAudioDestinationNode; delay: DelayNode; gain: GainNode } | null = null;

  /** Page time at which context time `t` is presented at the context's output. */
  function outputPageTime(context: BaseAudioContext, t: number): number {
    const live = context as AudioContext;
    const stamp = typeof live.getOutputTimestamp === 'function' ? live.getOutputTimestamp() : null;
    // A context that has not rendered yet reports zeros; estimate from now and its latency instead.
    if (!stamp?.performanceTime) return performance.now() + (t - context.currentTime + (live.outputLatency || 0)) * 1000;
    return stamp.performanceTime + (t - (stamp.contextTime ?? 0)) * 1000;
  }

  function renderLead(context: AudioContext): number {
    return (context.outputLatency || 0) * 1000;
  }

  function ensureMic(): Mic {
    if (mic) return mic;
    const context = new AudioContext({ latencyHint: 'interactive' });
    const bus = context.createGain();
    const destination = context.createMediaStreamDestination();
    destination.channelCount = 1;
    bus.connect(destination);
    // White noise at the floor's RMS: uniform samples in ±a have RMS a/√3.
    const amplitude = 10 ** (options.noiseFloorDbfs / 20) * Math.sqrt(3);
    const noise = context.createBuffer(1, context.sampleRate * 2, context.sampleRate);
    const data = noise.getChannelData(0);
    for (let i = 0; i < data.length; i++) data[i] = (Math.random() * 2 - 1) * amplitude;
    const floor = context.createBufferSource();
    floor.buffer = noise;
    floor.loop = true;
    floor.connect(bus);
    floor.start();
    mic = { context, bus, destination };
    return mic;
  }

  const original = navigator.mediaDevices?.getUserMedia?.bind(navigator.mediaDevices);
  if (navigator.mediaDevices) {
    navigator.mediaDevices.getUserMedia = async (constraints?: MediaStreamConstraints) => {
      if (!constraints?.audio) {
        if (!original) throw new DOMException('No camera in the scripted microphone.', 'NotFoundError');
        return original(constraints);
      }
      const { context, destination } = ensureMic();
      if (context.state === 'suspended') await context.resume();
      // A copy per call: the app stops its tracks when a candidate signs out, and the next one needs a live one.
      return destination.stream.clone();
    };
  }

  const originalStart = AudioBufferSourceNode.prototype.start;
  const originalStop = AudioBufferSourceNode.prototype.stop;

  AudioBufferSourceNode.prototype.start = function start(this: AudioBufferSourceNode, when?: number, offset?: number, duration?: number) {
    originalStart.call(this, when, offset, duration);
    if (mic && this.context === mic.context) return;
    appContext = this.context;
    const startsAt = Math.max(when ?? 0, this.context.currentTime);
    const entry = { at: outputPageTime(this.context, startsAt), durationMs: (this.buffer?.duration ?? 0) * 1000, stoppedAt: null as number | null };
    played.push(entry);
    entries.set(this, entry);
  };

  AudioBufferSourceNode.prototype.stop = function stop(this: AudioBufferSourceNode, when?: number) {
    originalStop.call(this, when);
    const entry = entries.get(this);
    if (entry) entry.stoppedAt = outputPageTime(this.context, Math.max(when ?? 0, this.context.currentTime));
  };

  function applyEcho(): void {
    if (!tap) return;
    tap.gain.gain.value = echo ? echo.gain : 0;
    tap.delay.delayTime.value = echo ? echo.delayMs / 1000 : 0;
  }

  function tapFor(context: BaseAudioContext): MediaStreamAudioDestinationNode | null {
    if (!(context instanceof AudioContext)) return null;
    if (tap?.context === context) return tap.output;
    const { context: micContext, bus } = ensureMic();
    const output = context.createMediaStreamDestination();
    const delay = micContext.createDelay(1);
    const gain = micContext.createGain();
    micContext.createMediaStreamSource(output.stream).connect(delay).connect(gain).connect(bus);
    tap = { context, output, delay, gain };
    applyEcho();
    return output;
  }

  const originalConnect = AudioNode.prototype.connect as (this: AudioNode, destination: AudioNode | AudioParam, output?: number, input?: number) => AudioNode | void;
  AudioNode.prototype.connect = function connect(this: AudioNode, destination: AudioNode | AudioParam, output?: number, input?: number) {
    const result = originalConnect.call(this, destination, output, input);
    // What the app sends to its speakers is also what the room sends back to its microphone.
    if (destination instanceof AudioDestinationNode && (!mic || this.context !== mic.context)) {
      const speakers = tapFor(this.context);
      if (speakers) originalConnect.call(this, speakers);
      if (this instanceof GainNode) speakerGains.add(this.gain);
    }
    return result;
  } as typeof AudioNode.prototype.connect;

  const originalSetValueAtTime = AudioParam.prototype.setValueAtTime;
  AudioParam.prototype.setValueAtTime = function setValueAtTime(this: AudioParam, value: number, startTime: number) {
    const result = originalSetValueAtTime.call(this, value, startTime);
    if (speakerGains.has(this) && appContext) volumeChanges.push({ at: outputPageTime(appContext, Math.max(startTime, appContext.currentTime)), audible: value > 0 });
    return result;
  };

  const api = {
    async play(wavBase64: string): Promise<number> {
      const { context, bus } = ensureMic();
      if (context.state === 'suspended') await context.resume();
      const bytes = Uint8Array.from(atob(wavBase64), (c) => c.charCodeAt(0));
      const buffer = await context.decodeAudioData(bytes.buffer);
      const source = context.createBufferSource();
      source.buffer = buffer;
      source.connect(bus);
      // A little ahead, so the first sample is not late whatever the render quantum.
      const at = context.currentTime + 0.05;
      const ended = new Promise<void>((resolve) => source.addEventListener('ended', () => resolve(), { once: true }));
      playing.add(ended);
      void ended.then(() => playing.delete(ended));
      originalStart.call(source, at);
      return outputPageTime(context, at) - renderLead(context);
    },
    async idle(): Promise<void> {
      while (playing.size > 0) await Promise.all([...playing]);
    },
    setEcho(settings: { gainDb: number; delayMs: number } | null): void {
      echo = settings ? { gain: 10 ** (settings.gainDb / 20), delayMs: settings.delayMs } : null;
      applyEcho();
    },
    played: () => played.map((entry) => ({ ...entry })),
    volumeChanges: () => volumeChanges.map((change) => ({ ...change })),
    latencies() {
      const of = (context: BaseAudioContext | null) => {
        const live = context as AudioContext | null;
        return live ? { base: live.baseLatency || 0, output: live.outputLatency || 0 } : null;
      };
      return { microphone: of(mic?.context ?? null), app: of(appContext) };
    },
  };
  Object.defineProperty(window, '__scriptedMic', { value: api, configurable: false });
}

/** Every page of this context gets the scripted microphone and the playback probe. */
export async function addScriptedMicrophone(context: BrowserContext, options: ScriptedMicrophoneOptions = {}): Promise<void> {
  await context.addInitScript(install, { noiseFloorDbfs: options.noiseFloorDbfs ?? -65 });
}

/** Node-side handle on a page's scripted microphone. */
export function scriptedMicrophone(page: Page) {
  // Each call sends its function's text to the page, so each names the API itself rather than sharing a helper.
  const missing = 'The scripted microphone is not installed: call addScriptedMicrophone(context) before opening the page.';
  return {
    /** Plays the WAV (bytes) into the microphone; returns the page time of its first sample. */
    play: (wav: Uint8Array) =>
      page.evaluate(
        ([base64, message]) => {
          if (!window.__scriptedMic) throw new Error(message);
          return window.__scriptedMic.play(base64);
        },
        [Buffer.from(wav).toString('base64'), missing] as const,
      ),
    idle: () => page.evaluate(() => window.__scriptedMic?.idle()),
    setEcho: (echo: EchoSettings | null) => page.evaluate((settings) => window.__scriptedMic?.setEcho(settings), echo),
    played: () => page.evaluate(() => window.__scriptedMic?.played() ?? []),
    latencies: () => page.evaluate(() => window.__scriptedMic?.latencies() ?? { microphone: null, app: null }),
  };
}
