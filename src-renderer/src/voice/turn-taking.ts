import type { AnswerEndDecision } from '../../../shared/domain/interview';
import { endOfTurnSilenceMs, judgeAnswerEnd, type EndOfTurnJudgement } from './end-of-turn-rules';

/**
 * When is an answer over? A plain state machine over voice-detector events,
 * the words of each segment and the clock, with no DOM, so the rules can be
 * tested with a fake clock.
 *
 * The detector closes a segment after its own short "redemption" silence,
 * so each stretch of speech is uploaded (and transcribed) promptly. The
 * answer ends after a silence counted from the last speech actually heard:
 * a short one when the words so far make a finished answer
 * (end-of-turn-rules.ts), the device's full end-of-turn silence when they
 * do not, or are not known yet, so a pause to think keeps the turn open.
 * Once the words sound finished and the candidate is quiet, `tick` says
 * `speculate` (once per state of the answer): the next question can be
 * written ahead while the short silence runs. With live transcription that
 * can be before the detector closes the segment: the stream commits the
 * words at a pause inside it (`paused`, then `heardUpToPause`), and if
 * they sound finished the speculation counts the open segment too; speech
 * coming back (`resumed`) is the session's cue to drop it.
 */
export interface TurnTakingOptions {
  /** The longest silence after the last speech before the answer ends (IT's setting); a finished-sounding answer ends sooner. */
  endOfTurnSilenceMs: number;
  /**
   * How long after the last speech the detector reports its end (its
   * redemption). Short, so a finished answer's last segment is uploaded and
   * transcribed while the short end-of-turn silence runs; a pause this long
   * only splits the answer into segments, which are joined again.
   */
  vadRedemptionMs: number;
  /** Continuous speech longer than this is closed as a segment and carries on in the next. */
  maxSegmentMs: number;
  /** With nothing said for this long, remind the candidate how to answer (once). */
  promptAfterMs: number;
}

export const defaultTurnTaking: TurnTakingOptions = {
  endOfTurnSilenceMs: 3500,
  vadRedemptionMs: 200,
  maxSegmentMs: 60_000,
  promptAfterMs: 30_000,
};

export type TurnAction = 'end-of-turn' | 'split-segment' | 'prompt' | 'speculate';

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
  /** Each closed segment's finished transcript, by index; a segment not yet here makes the words unknown. */
  private readonly words = new Map<number, string>();
  /** The number of segments a speculation was last asked for: once per state of the answer. */
  private speculatedAt = 0;
  /** A pause inside the segment being spoken, and its words up to it once known; gone when speech resumes or the segment closes. */
  private pause: { segmentIndex: number; words: string | null } | null = null;

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
    this.pause = null;
    this.words.clear();
    this.speculatedAt = 0;
    this.lastSpeechAt = null;
    this.speakingSince = null;
    this.prompted = false;
    this.listeningSince = now;
  }

  /**
   * An answer carried on after a restart or a reload: its first `segments`
   * were said before and count, their words unknown here (so the full
   * end-of-turn silence applies). It ends once the candidate speaks again
   * and falls quiet, or selects “I’m finished”.
   */
  keep(segments: number): void {
    this.segments = segments;
  }

  speechStart(now: number): void {
    if (!this.listening) return;
    this.speakingSince ??= now;
  }

  /** The detector decided the speech was too short to be speech (a cough, a click). */
  misfire(): void {
    this.speakingSince = null;
    this.pause = null;
  }

  /** The live stream committed the open segment (`segmentIndex`) at a pause in it. */
  paused(segmentIndex: number): void {
    if (this.speakingSince !== null) this.pause = { segmentIndex, words: null };
  }

  /** The open segment's words up to its pause. */
  heardUpToPause(segmentIndex: number, text: string): void {
    if (this.pause?.segmentIndex === segmentIndex) this.pause.words = text;
  }

  /** Speech came back inside the open segment: its pause is over, and a speculation made in it is void. */
  resumed(): void {
    this.pause = null;
    if (this.speculatedAt === this.segments + 1) this.speculatedAt = 0;
  }

  /** The detector closed a segment; returns when its speech began and ended. */
  speechEnd(now: number): SpeechSpan {
    const endedAt = Math.max(this.speakingSince ?? now, now - this.options.vadRedemptionMs);
    const span = { startedAt: this.speakingSince ?? endedAt, endedAt };
    this.speakingSince = null;
    this.pause = null;
    this.segments++;
    this.lastSpeechAt = endedAt;
    return span;
  }

  /** A segment's finished transcript arrived (segments are numbered from 0 within the answer). */
  heard(segmentIndex: number, text: string): void {
    this.words.set(segmentIndex, text);
  }

  /** The candidate carried on after the answer was ended: the turn is theirs again, with everything said so far. */
  carryOn(now: number): void {
    this.speculatedAt = 0;
    this.listen(now);
  }

  /**
   * How the words so far sound: unknown until every closed segment's
   * transcript is in. `openWords`: the open segment's words up to its pause,
   * judged as the answer's last.
   */
  judgement(openWords?: string): EndOfTurnJudgement {
    if (this.segments === 0 && openWords === undefined) return { verdict: 'unknown', rule: 'empty' };
    const parts: string[] = [];
    for (let index = 0; index < this.segments; index++) {
      const text = this.words.get(index);
      if (text === undefined) return { verdict: 'unknown', rule: 'empty' };
      parts.push(text);
    }
    if (openWords !== undefined) parts.push(openWords);
    return judgeAnswerEnd(parts.join(' ').trim());
  }

  /** What to store about how the answer ended, at `now`. */
  decision(now: number, button: boolean): AnswerEndDecision {
    const silenceMs = this.lastSpeechAt === null ? 0 : Math.max(0, Math.round(now - this.lastSpeechAt));
    const judged = this.judgement();
    const rule = judged.rule === 'empty' && judged.verdict === 'unknown' ? null : judged.rule;
    if (button) return { decidedBy: 'button', silenceMs, rule };
    const short = endOfTurnSilenceMs(judged.verdict, this.options.endOfTurnSilenceMs) < this.options.endOfTurnSilenceMs;
    return { decidedBy: short ? 'words' : 'silence', silenceMs, rule };
  }

  /** Called every ~100 ms while listening: what, if anything, should happen now. */
  tick(now: number): TurnAction | null {
    if (this.listeningSince === null) return null;
    if (this.speakingSince !== null) {
      return now - this.speakingSince >= this.options.maxSegmentMs ? 'split-segment' : this.speculateAtPause();
    }
    if (this.segments > 0 && this.lastSpeechAt !== null) {
      const { verdict } = this.judgement();
      if (now - this.lastSpeechAt >= endOfTurnSilenceMs(verdict, this.options.endOfTurnSilenceMs)) return 'end-of-turn';
      if (verdict === 'finished' && this.speculatedAt !== this.segments) {
        this.speculatedAt = this.segments;
        return 'speculate';
      }
    }
    if (this.segments === 0 && !this.prompted && now - this.listeningSince >= this.options.promptAfterMs) {
      this.prompted = true;
      return 'prompt';
    }
    return null;
  }

  /** Paused inside a segment, with words that sound finished: speculate counting the open segment (once). */
  private speculateAtPause(): TurnAction | null {
    const words = this.pause?.words;
    if (words === null || words === undefined || this.speculatedAt === this.segments + 1) return null;
    if (this.judgement(words).verdict !== 'finished') return null;
    this.speculatedAt = this.segments + 1;
    return 'speculate';
  }
}
