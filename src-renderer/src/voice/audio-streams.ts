import type { EventPayload } from '../../../shared/ipc/contract';
import { ChunkSequencer, PcmStreamDecoder } from './pcm';

export type AudioChunk = EventPayload<'interview.audio'>;

/** Where decoded audio goes: the Web Audio player, or a fake in tests. */
export interface AudioSink {
  play(samples: Float32Array, sampleRate: number): void;
  /** No more audio; resolves once everything played has finished sounding. */
  finish(): Promise<void>;
  stop(): void;
  /** Silences (or restores) what is playing without stopping it: it plays on, unheard. */
  mute?(muted: boolean): void;
}

export interface PlaybackResult {
  /** The stream's `error`, if synthesis failed part-way (or never started). */
  error: string | null;
  /** True when at least some audio was played. */
  played: boolean;
}

export interface StreamHandle {
  readonly started: Promise<void>;
  readonly ended: Promise<PlaybackResult>;
  readonly streamId: string | null;
  cancel(): void;
  /** Silences the stream while it plays on, or lets it be heard again. */
  mute(muted: boolean): void;
}

interface Claim {
  handle: Handle;
}

class Handle implements StreamHandle {
  streamId: string | null = null;
  readonly started: Promise<void>;
  readonly ended: Promise<PlaybackResult>;
  private markStarted!: () => void;
  private markEnded!: (result: PlaybackResult) => void;
  private sink: AudioSink | null = null;
  private readonly decoder = new PcmStreamDecoder();
  private readonly sequencer = new ChunkSequencer<AudioChunk>();
  private played = false;
  private done = false;
  private muted = false;

  constructor(private readonly createSink: () => AudioSink) {
    this.started = new Promise((resolve) => (this.markStarted = resolve));
    this.ended = new Promise((resolve) => (this.markEnded = resolve));
  }

  feed(chunk: AudioChunk): void {
    if (this.done) return;
    const ready = this.sequencer.push(chunk);
    if (chunk.final) ready.push(...this.sequencer.drain());
    for (const next of ready) {
      const samples = this.decoder.decode(next.pcmBase64);
      if (samples.length > 0) {
        if (!this.sink) {
          this.sink = this.createSink();
          if (this.muted) this.sink.mute?.(true);
        }
        this.sink.play(samples, next.sampleRate);
        if (!this.played) {
          this.played = true;
          this.markStarted();
        }
      }
    }
    if (chunk.final) this.finish(chunk.error ?? null);
  }

  private finish(error: string | null): void {
    this.done = true;
    // A stream that failed before any audio still "starts", so waiters move on.
    this.markStarted();
    const sink = this.sink;
    if (!sink) return this.markEnded({ error, played: false });
    void sink.finish().then(() => this.markEnded({ error, played: this.played }));
  }

  mute(muted: boolean): void {
    this.muted = muted;
    this.sink?.mute?.(muted);
  }

  /**
   * Silences the stream, including audio that has all arrived but is still
   * sounding (the candidate speaking over a question stops it at once).
   * Harmless once the stream has ended: its `ended` has already resolved.
   */
  cancel(): void {
    this.done = true;
    this.sink?.stop();
    this.markStarted();
    this.markEnded({ error: 'cancelled', played: this.played });
  }
}

const MAX_UNCLAIMED_STREAMS = 8;

/**
 * Routes `interview.audio` events to whoever is waiting for that stream.
 * A stream is claimed by id (the speaker test and a replayed question get
 * theirs back from the call) or as "the next stream to begin" (a new
 * question, whose audio can start before `interview.start` or
 * `interview.endAnswer` has answered). Chunks that arrive before their claim
 * are kept and replayed to it, so nothing at the start of a question is lost.
 */
export class AudioStreamRouter {
  private readonly streams = new Map<string, { chunks: AudioChunk[]; claim: Claim | null }>();
  private readonly order: string[] = [];
  private nextClaim: Claim | null = null;

  constructor(private readonly createSink: () => AudioSink) {}

  receive(chunk: AudioChunk): void {
    let stream = this.streams.get(chunk.streamId);
    if (!stream) {
      stream = { chunks: [], claim: null };
      if (this.nextClaim) {
        stream.claim = this.nextClaim;
        this.nextClaim.handle.streamId = chunk.streamId;
        this.nextClaim = null;
      }
      this.streams.set(chunk.streamId, stream);
      this.order.push(chunk.streamId);
      this.forgetOldStreams();
    }
    if (stream.claim) stream.claim.handle.feed(chunk);
    else stream.chunks.push(chunk);
  }

  /** The stream with this id, including whatever of it has already arrived. */
  claim(streamId: string): StreamHandle {
    const handle = new Handle(this.createSink);
    handle.streamId = streamId;
    const claim = { handle };
    const stream = this.streams.get(streamId);
    if (stream) {
      stream.claim?.handle.cancel();
      stream.claim = claim;
      for (const chunk of stream.chunks.splice(0)) handle.feed(chunk);
    } else {
      this.streams.set(streamId, { chunks: [], claim });
      this.order.push(streamId);
      this.forgetOldStreams();
    }
    return handle;
  }

  /** The next stream that begins from now on (streams already under way are not it). */
  claimNext(): StreamHandle {
    this.nextClaim?.handle.cancel();
    const handle = new Handle(this.createSink);
    this.nextClaim = { handle };
    return handle;
  }

  /** Silence everything: leaving the screen, or replaying a question. */
  stopAll(): void {
    this.nextClaim?.handle.cancel();
    this.nextClaim = null;
    for (const stream of this.streams.values()) stream.claim?.handle.cancel();
  }

  private forgetOldStreams(): void {
    while (this.order.length > MAX_UNCLAIMED_STREAMS) {
      const oldest = this.order.shift();
      if (oldest !== undefined) this.streams.delete(oldest);
    }
  }
}
