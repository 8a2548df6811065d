/**
 * When is an answer over? A plain state machine over voice-detector events
 * and the clock, with no DOM, so the rules can be tested with a fake clock.
 *
 * The detector closes a segment after its own short "redemption" silence
 * (~600 ms), so each stretch of speech is uploaded promptly; the answer
 * ends only after the longer end-of-turn silence, counted from the last
 * speech actually heard, so a pause to think keeps the turn open.
 */
export interface TurnTakingOptions {
  /** Silence after the last speech that ends the answer. */
  endOfTurnSilenceMs: number;
  /** How long after the last speech the detector reports its end. */
  vadRedemptionMs: number;
  /** Continuous speech longer than this is closed as a segment and carries on in the next. */
  maxSegmentMs: number;
  /** With nothing said for this long, remind the candidate how to answer (once). */
  promptAfterMs: number;
}

export const defaultTurnTaking: TurnTakingOptions = {
  endOfTurnSilenceMs: 2000,
  vadRedemptionMs: 600,
  maxSegmentMs: 60_000,
  promptAfterMs: 30_000,
};

export type TurnAction = 'end-of-turn' | 'split-segment' | 'prompt';

export interface SpeechSpan {
  /** Clock times of the first and last speech in the segment. */
  startedAt: number;
  endedAt: number;
}

export class TurnTaker {
  private listeningSince: number | null = null;
  private speakingSince: number | null = null;
  private lastSpeechAt: number | null = null;
  private segments = 0;
  private prompted = false;

  private readonly options: TurnTakingOptions;

  constructor(options: TurnTakingOptions = defaultTurnTaking) {
    this.options = { ...options };
  }

  /** The device's end-of-turn setting, which arrives with the interview. */
  setEndOfTurnSilence(ms: number): void {
    if (Number.isFinite(ms) && ms > 0) this.options.endOfTurnSilenceMs = ms;
  }

  get segmentCount(): number {
    return this.segments;
  }

  get speaking(): boolean {
    return this.speakingSince !== null;
  }

  get listening(): boolean {
    return this.listeningSince !== null;
  }

  /** Start (or resume) listening for this answer. Segments already closed still count. */
  listen(now: number): void {
    this.listeningSince = now;
    // Time spent away (the question replayed, the AI unavailable) is not the candidate's silence.
    if (this.lastSpeechAt !== null) this.lastSpeechAt = now;
  }

  /** Stop listening without ending the turn (question replay, answer being sent). */
  hold(): void {
    this.listeningSince = null;
    this.speakingSince = null;
  }

  /** "Re-record": forget everything about this answer. */
  reset(now: number | null): void {
    this.segments = 0;
    this.lastSpeechAt = null;
    this.speakingSince = null;
    this.prompted = false;
    this.listeningSince = now;
  }

  speechStart(now: number): void {
    if (!this.listening) return;
    this.speakingSince ??= now;
  }

  /** The detector decided the speech was too short to be speech (a cough, a click). */
  misfire(): void {
    this.speakingSince = null;
  }

  /** The detector closed a segment; returns when its speech began and ended. */
  speechEnd(now: number): SpeechSpan {
    const endedAt = Math.max(this.speakingSince ?? now, now - this.options.vadRedemptionMs);
    const span = { startedAt: this.speakingSince ?? endedAt, endedAt };
    this.speakingSince = null;
    this.segments++;
    this.lastSpeechAt = endedAt;
    return span;
  }

  /** Called every ~100 ms while listening: what, if anything, should happen now. */
  tick(now: number): TurnAction | null {
    if (this.listeningSince === null) return null;
    if (this.speakingSince !== null) {
      return now - this.speakingSince >= this.options.maxSegmentMs ? 'split-segment' : null;
    }
    if (this.segments > 0 && this.lastSpeechAt !== null && now - this.lastSpeechAt >= this.options.endOfTurnSilenceMs) {
      return 'end-of-turn';
    }
    if (this.segments === 0 && !this.prompted && now - this.listeningSince >= this.options.promptAfterMs) {
      this.prompted = true;
      return 'prompt';
    }
    return null;
  }
}
