import type { ChannelInput } from '../../../shared/ipc/contract';
import { bytesToBase64 } from './base64';
import { speechThresholds } from './speech-thresholds';
import { ANSWER_SAMPLE_RATE } from './wav';

/** One `interview.liveAudio` message: 16-bit little-endian mono PCM at 16 kHz, base64. */
export type LiveAudioMessage = ChannelInput<'interview.liveAudio'>;

/** The IPC call; a result with `ok: false`, or a rejection, counts as a lost message. */
export type SendLiveAudio = (message: LiveAudioMessage) => Promise<{ ok: boolean } | unknown>;

export interface LiveAudioSenderOptions {
  send: SendLiveAudio;
  /** Audio per message; main accepts at most a second. */
  batchMs?: number;
  /** Audio kept from before speech was detected, so the first syllable reaches the stream. */
  preRollMs?: number;
  /** Calls still unanswered past which new audio is dropped rather than queued. */
  maxInFlight?: number;
  /**
   * Silence inside a segment this long (by the detector's frame
   * probabilities; one 32 ms frame by default) commits what was said so
   * far, so its words are transcribed while the detector is still waiting
   * out its own, longer silence before it closes the segment. A pause that
   * turns out to be inside a sentence costs only a split in the stream: the
   * segment's words are its commits' words joined. 0 turns it off.
   */
  pauseCommitMs?: number;
  /**
   * Speech since the last commit before a pause may commit it: a word or
   * two alone is better transcribed with what follows. A dip (speech back
   * within DIP_MS of the commit) does not start the count again, so the
   * last word of an answer, said just after one, still commits at its own
   * pause instead of waiting for the detector to close the segment.
   */
  pauseCommitMinSpeechMs?: number;
  /** A pause in the segment was committed: the candidate has been quiet `pauseCommitMs`. */
  onPause?: (segmentIndex: number) => void;
  /** Speech came back in the same segment after a committed pause. */
  onResume?: (segmentIndex: number) => void;
}

interface Segment {
  interviewId: string;
  questionMessageId: string;
  index: number;
  seq: number;
  batch: Float32Array[];
  batchSamples: number;
  /** A message was lost: main will not trust the stream for this segment, so no more audio is sent for it. */
  broken: boolean;
  /**
   * Speech frames, and silent frames in a row, since the last commit
   * (samples). Not counted while a pause commit holds its frames; reset when
   * speech comes back, unless the pause was a dip.
   */
  speechSamples: number;
  quietSamples: number;
  /**
   * After a pause commit, the frames heard since: sent if speech resumes in
   * the same segment, dropped if the segment ends first (they are the
   * silence the detector waited out, and committing silence alone asks the
   * model to find words in it).
   */
  held: Float32Array[] | null;
  heldSamples: number;
}

/** A pause commit's held frames beyond this are sent anyway (the detector should have closed the segment long before). */
const MAX_HELD_MS = 1000;
/**
 * Speech back this soon after a pause commit means the pause was a dip in
 * the detector's probability between words (about one in every five
 * seconds of the generated answers), not the candidate stopping.
 */
const DIP_MS = 100;

/**
 * Streams the segment being spoken to main, for live transcription. It
 * never blocks the audio path and never queues without bound: a call that
 * fails or a backlog drops the rest of the segment's audio, because the
 * segment's WAV upload is the record and main falls back to it.
 */
export class LiveAudioSender {
  private answer: { interviewId: string; questionMessageId: string } | null = null;
  private segment: Segment | null = null;
  private readonly ring: Float32Array[] = [];
  private ringSamples = 0;
  private inFlight = 0;
  private readonly batchSamples: number;
  private readonly preRollSamples: number;
  private readonly maxInFlight: number;
  private readonly pauseCommitSamples: number;
  private readonly pauseMinSpeechSamples: number;

  constructor(private readonly options: LiveAudioSenderOptions) {
    this.pauseCommitSamples = Math.round(((options.pauseCommitMs ?? 32) / 1000) * ANSWER_SAMPLE_RATE);
    this.pauseMinSpeechSamples = Math.round(((options.pauseCommitMinSpeechMs ?? 500) / 1000) * ANSWER_SAMPLE_RATE);
    this.batchSamples = Math.round(((options.batchMs ?? 160) / 1000) * ANSWER_SAMPLE_RATE);
    this.preRollSamples = Math.round(((options.preRollMs ?? 300) / 1000) * ANSWER_SAMPLE_RATE);
    this.maxInFlight = options.maxInFlight ?? 6;
    if (this.batchSamples <= 0 || this.batchSamples > ANSWER_SAMPLE_RATE) throw new RangeError('batchMs must be between 1 and 1000 (main accepts at most a second a message).');
  }

  /** The question being answered; null between answers (nothing is sent then). */
  setAnswer(answer: { interviewId: string; questionMessageId: string } | null): void {
    if (this.segment && (answer?.questionMessageId !== this.segment.questionMessageId || answer.interviewId !== this.segment.interviewId)) this.abort();
    this.answer = answer;
  }

  /** Speech started: a new segment, opened with the pre-roll (the ring's frames, or those given). */
  begin(segmentIndex: number, preRoll?: Float32Array[]): void {
    if (this.segment) this.abort();
    const answer = this.answer;
    const frames = preRoll ?? this.ring.splice(0);
    this.ring.length = 0;
    this.ringSamples = 0;
    if (!answer) return;
    this.segment = { ...answer, index: segmentIndex, seq: 0, batch: [], batchSamples: 0, broken: false, speechSamples: 0, quietSamples: 0, held: null, heldSamples: 0 };
    for (const frame of frames) this.push(frame);
  }

  /**
   * Every 16 kHz frame the detector processed, with how likely it is speech
   * (unknown for the pre-roll: no pause is judged from it); kept for the
   * pre-roll when no segment is open.
   */
  push(frame: Float32Array, speechProbability?: number): void {
    const segment = this.segment;
    if (!segment) return this.remember(frame);
    if (segment.broken) return;
    if (segment.held) {
      segment.held.push(frame);
      segment.heldSamples += frame.length;
      const resumed = speechProbability !== undefined && speechProbability >= speechThresholds.speech;
      if (resumed) this.options.onResume?.(segment.index);
      if (resumed || segment.heldSamples >= (MAX_HELD_MS / 1000) * ANSWER_SAMPLE_RATE) this.release(segment);
      return;
    }
    this.add(segment, frame);
    if (speechProbability === undefined || this.pauseCommitSamples === 0) return;
    if (speechProbability >= speechThresholds.speech) segment.speechSamples += frame.length;
    segment.quietSamples = speechProbability < speechThresholds.silence ? segment.quietSamples + frame.length : 0;
    if (segment.quietSamples >= this.pauseCommitSamples && segment.speechSamples >= this.pauseMinSpeechSamples) {
      this.flush(segment, 'pause');
      segment.held = [];
      this.options.onPause?.(segment.index);
    }
  }

  /** Speech ended: the rest of the segment, marked final so main commits it. */
  end(): void {
    const segment = this.segment;
    if (!segment) return;
    this.segment = null;
    // No audio ever reached the sender (no frames from the detector): there is nothing to transcribe live.
    if (segment.seq === 0 && segment.batchSamples === 0) return;
    // After a pause commit with no speech since, the words are all committed: only the end is left to say.
    this.flush(segment, 'final');
  }

  private add(segment: Segment, frame: Float32Array): void {
    segment.batch.push(frame);
    segment.batchSamples += frame.length;
    if (segment.batchSamples >= this.batchSamples) this.flush(segment, null);
  }

  /** Speech came back after a pause commit: what was held goes out, and a new pause can be judged. */
  private release(segment: Segment): void {
    const held = segment.held ?? [];
    const dip = segment.heldSamples <= (DIP_MS / 1000) * ANSWER_SAMPLE_RATE;
    segment.held = null;
    segment.heldSamples = 0;
    if (!dip) segment.speechSamples = 0;
    segment.quietSamples = 0;
    for (const frame of held) this.add(segment, frame);
  }

  /** A misfire or a re-record: nothing more is sent for this segment (main restarts it when its number is used again). */
  abort(): void {
    this.segment = null;
  }

  private remember(frame: Float32Array): void {
    this.ring.push(frame);
    this.ringSamples += frame.length;
    while (this.ring.length > 1 && this.ringSamples - this.ring[0]!.length >= this.preRollSamples) this.ringSamples -= this.ring.shift()!.length;
  }

  /** Sends the batch; `commit` marks it as ending the segment ('final') or a pause in it ('pause'). */
  private flush(segment: Segment, commit: 'final' | 'pause' | null): void {
    const final = commit === 'final';
    const samples = segment.broken ? new Float32Array(0) : concat(segment.batch, segment.batchSamples);
    segment.batch = [];
    segment.batchSamples = 0;
    const seq = segment.seq++;
    // A lost message leaves a gap in the numbering, and a gap is how main learns not to use this segment's stream.
    if (!final && this.inFlight >= this.maxInFlight) {
      segment.broken = true;
      return;
    }
    const message: LiveAudioMessage = {
      interviewId: segment.interviewId,
      questionMessageId: segment.questionMessageId,
      segmentIndex: segment.index,
      seq,
      pcmBase64: bytesToBase64(toPcm16(samples)),
      final,
      ...(commit === 'pause' ? { pause: true } : {}),
    };
    this.inFlight++;
    let sent: Promise<unknown>;
    try {
      sent = Promise.resolve(this.options.send(message));
    } catch (error) {
      sent = Promise.reject(error);
    }
    sent
      .then((result) => {
        if (isRefusal(result)) segment.broken = true;
      })
      .catch(() => {
        segment.broken = true;
      })
      .finally(() => {
        this.inFlight--;
      });
  }
}

function isRefusal(result: unknown): boolean {
  return typeof result === 'object' && result !== null && 'ok' in result && (result as { ok: unknown }).ok === false;
}

function concat(frames: Float32Array[], total: number): Float32Array {
  const out = new Float32Array(total);
  let at = 0;
  for (const frame of frames) {
    out.set(frame, at);
    at += frame.length;
  }
  return out;
}

/** Little-endian 16-bit, clamped, as main reads it. */
function toPcm16(samples: Float32Array): Uint8Array {
  const bytes = new Uint8Array(samples.length * 2);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < samples.length; i++) {
    const s = Math.max(-1, Math.min(1, samples[i]!));
    view.setInt16(i * 2, Math.round(s < 0 ? s * 0x8000 : s * 0x7fff), true);
  }
  return bytes;
}
