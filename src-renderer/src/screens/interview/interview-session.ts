import { ANSWER_NOT_HEARD, INTERVIEW_ABANDONED } from '../../../../shared/copy/interview-messages';
import { CONTINUE_WINDOW_MS, type AnswerEndDecision, type InterviewPhase, type InterviewView, type RoleType } from '../../../../shared/domain/interview';
import type { KioskApi } from '../../../../shared/ipc/api';
import { within } from '../../../../shared/common/within';
import type { ChannelOutput } from '../../../../shared/ipc/contract';
import type { AppError, Result } from '../../../../shared/ipc/result';
import type { KioskCall } from '../../kiosk-context';
import type { StreamHandle } from '../../voice/audio-streams';
import { LiveAudioSender } from '../../voice/live-audio-sender';
import { SegmentUploader } from '../../voice/segment-uploader';
import { defaultTurnTaking, TurnTaker, type TurnTakingOptions } from '../../voice/turn-taking';
import type { VoiceDetectorHandlers } from '../../voice/voice-detector';
import { ANSWER_SAMPLE_RATE, encodeWav16Base64, splitSamples } from '../../voice/wav';

/**
 * One candidate's interview, from the first question to submission: plays
 * each question, listens, uploads what was said segment by segment, decides
 * when the answer is over and asks for the next question. Plain TypeScript
 * behind injected ports (calls, events, audio, the voice detector), so React
 * only renders its snapshots and the logic can run without a browser.
 */

export type Stage =
  | 'starting'
  | 'asking'
  | 'listening'
  | 'finishing'
  | 'waiting'
  | 'failed'
  | 'ready-to-submit'
  | 'submitting'
  | 'submitted';

/** What "Try again" does after a problem; 'home' means the interview cannot go on here. */
export type RecoveryAction = 'start' | 'listen' | 'end-answer' | 'submit' | 'home';

export interface ShownQuestion {
  messageId: string;
  text: string;
  number: number;
  phase: InterviewPhase | null;
}

export interface SessionSnapshot {
  stage: Stage;
  interview: InterviewView | null;
  question: ShownQuestion | null;
  /** The detector hears speech right now. */
  hearing: boolean;
  segmentsSaved: number;
  segmentsWaiting: number;
  /** A calm, non-blocking note for the candidate ("please read the question"). */
  notice: string | null;
  /** The question on screen was asked after an answer the candidate can still carry on with (“I wasn’t finished”). */
  canCarryOn: boolean;
  /** Something stopped the interview until the candidate (or staff) acts. */
  problem: { message: string; action: RecoveryAction } | null;
  /** Main could not take the answer for now (`unavailable`): the interview waits, retrying by itself, and nothing is lost. */
  providerMessage: string | null;
  /** Saving answers is failing for now (still retrying). */
  savingTrouble: boolean;
  /** The typed answer so far (typed-answer mode): kept here, not in the field, so a failed send or a pause loses none of it. */
  draft: string;
}

export interface DetectorPort {
  listen(): Promise<void>;
  pause(): Promise<void>;
  setHandlers(handlers: VoiceDetectorHandlers | null): void;
}

export interface AudioPort {
  claim(streamId: string): StreamHandle;
  claimNext(): StreamHandle;
  stopAll(): void;
}

export interface SessionPorts {
  call: KioskCall;
  on: KioskApi['on'];
  audio: AudioPort;
  /** Loads (once) the voice detector; rejects with a message for the candidate if the microphone fails. */
  detector: () => Promise<DetectorPort>;
  now?: () => number;
  turnTaking?: Partial<TurnTakingOptions>;
  /** How long to wait for a question's audio to begin before showing it as text only. */
  audioStartTimeoutMs?: number;
  /** Waits between automatic retries of ending an answer while the AI service is unavailable. */
  retryDelaysMs?: readonly number[];
  segmentRetryDelaysMs?: readonly number[];
}

export const MAX_SEGMENT_MS = 60_000;
const TICK_MS = 100;
/** Before any question sounds there is no echo to fear: this much speech is the candidate carrying on. */
const CARRY_ON_CONFIRM_MS = 120;
/**
 * Speech heard while the next question sounds: the question is muted at
 * once and the kiosk listens this long. The question's own echo stops with
 * it (its room tail and the voice detector's 0.2 s hangover end well
 * within this); a candidate who goes on speaking is still speaking.
 */
const CARRY_ON_AFTER_MUTE_MS = 600;
/** Kept before the first word of speech begun over the question: the detector notices a word a frame or two after it starts. */
const TALKED_OVER_LEAD_MS = 80;


export const messages = {
  textOnly: 'We could not play this question aloud. Please read it on the screen, then answer out loud.',
  partlyPlayed: 'Part of this question could not be played aloud. Please read it on the screen, then answer out loud.',
  noAnswerYet: 'We have not heard an answer yet. Please answer out loud; when you have finished, select “I’m finished”.',
  takeYourTime: 'Take your time. Answer out loud when you are ready; when you have finished, select “I’m finished”.',
  notUnderstood: ANSWER_NOT_HEARD,
  typeFirst: 'Type your answer first, then select “Send my answer”.',
  typedCleared: 'Your answer has been cleared. Type it again when you are ready.',
  cleared: 'Your answer has been cleared. Answer the question again when you are ready.',
  carriedOn: 'Go on: we are still listening to your answer. When you have finished, pause or select “I’m finished”.',
  answerKept: 'Your answer so far is kept. Carry on where you left off, or select “I’m finished” if you had finished.',
  // Never about a service (issue 19): the candidate can do nothing about one, and staff see it on their own screens.
  waiting: 'Please wait a moment: your answers are saved, and the interview will carry on by itself.',
  abandoned: INTERVIEW_ABANDONED,
} as const;

function mergeText(previous: string | undefined, next: string): string {
  if (!previous) return next;
  // Events may carry the text so far or just the newest sentence; either way, show it all.
  if (next.startsWith(previous)) return next;
  if (previous.endsWith(next)) return previous;
  return `${previous} ${next}`;
}

export class InterviewSession {
  private snapshot: SessionSnapshot = {
    stage: 'starting',
    interview: null,
    question: null,
    hearing: false,
    segmentsSaved: 0,
    segmentsWaiting: 0,
    notice: null,
    problem: null,
    providerMessage: null,
    savingTrouble: false,
    canCarryOn: false,
    draft: '',
  };
  private readonly listeners = new Set<() => void>();
  private readonly unsubscribe: (() => void)[] = [];
  private readonly now: () => number;
  private readonly turn: TurnTaker;
  private readonly uploader: SegmentUploader;
  private readonly liveText = new Map<string, string>();
  private detector: DetectorPort | null = null;
  private view: InterviewView | null = null;
  /** Bumped whenever what an awaited step was for has changed (replay, re-record, dispose). */
  private epoch = 0;
  private disposed = false;
  private nextSegmentIndex = 0;
  private questionEndedAt: number | null = null;
  /** Where the answer's timeline stands when listening begins: after the part kept from before a restart or reload, else 0. */
  private answerOffsetMs = 0;
  private dropIncomingSpeech = false;
  private ticker: ReturnType<typeof setInterval> | null = null;
  private playback: StreamHandle | null = null;
  private endReason: 'silence' | 'button' = 'silence';
  /** The endAnswer call in flight, if any. */
  private ending: Promise<Result<ChannelOutput<'interview.endAnswer'>>> | null = null;
  /** How the answer being ended was judged over, kept for retries. */
  private endDecision: AnswerEndDecision | null = null;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private retryAttempt = 0;
  private pendingRole: RoleType | null = null;
  private readonly live: LiveAudioSender;
  /** The next question was asked to be written ahead for this many segments; dropped if the candidate speaks again. */
  private speculatedFor: number | null = null;
  /**
   * While the answer has been ended but its turn not yet saved: the answer
   * the candidate can still carry on with, and the view before the next
   * question.
   */
  private continuable: { questionMessageId: string; previous: InterviewView } | null = null;
  /** When the candidate began speaking over the sounding question, for the segment under way (see withoutQuestionBefore). */
  private talkedOverAt: number | null = null;
  /** Speech heard while `continuable`, not yet known to be the candidate's: when it began, and the question muted meanwhile. */
  private overheard: { since: number; timer: ReturnType<typeof setTimeout> | null; muted: StreamHandle | null } | null = null;
  /** When the first key of the typed answer on screen was pressed (typed-answer mode), for the recruiter's timings. */
  private firstKeyAt: number | null = null;
  /** Set while the proctor holds the sitting; `then` is the step stopped for it, taken up again when they let go. */
  private proctorHold: { then: (() => Promise<void>) | null } | null = null;

  constructor(private readonly ports: SessionPorts) {
    this.now = ports.now ?? (() => performance.now());
    this.turn = new TurnTaker({ ...defaultTurnTaking, ...ports.turnTaking });
    this.uploader = new SegmentUploader({
      retryDelaysMs: ports.segmentRetryDelaysMs,
      send: async (segment) => {
        const result = await ports.call('interview.answerSegment', segment);
        return result.ok ? { ok: true } : result;
      },
      onTrouble: (error) => this.update({ savingTrouble: error !== null }),
      onProgress: (saved, waiting) => this.update({ segmentsSaved: saved, segmentsWaiting: waiting }),
      onRefused: (error) => this.fail(error, this.cannotContinueHere(error) ? 'home' : 'listen'),
    });
    this.live = new LiveAudioSender({
      send: (message) => ports.call('interview.liveAudio', message),
      onPause: (segmentIndex) => this.turn.paused(segmentIndex),
      onResume: () => this.onSpeechResumed(),
    });
    this.unsubscribe.push(
      ports.on('interview.segmentTranscript', (event) => {
        if (event.questionMessageId !== this.answeringQuestionId()) return;
        if (event.upToPause) this.turn.heardUpToPause(event.segmentIndex, event.text);
        else if (event.final) this.turn.heard(event.segmentIndex, event.text);
        else return;
        // Judged at once, not at the next tick: the words are often the last thing the end of the answer waits for.
        this.tick();
      }),
      ports.on('interview.questionText', (event) => this.onQuestionText(event)),
    );
  }

  // ---- React glue ----------------------------------------------------------

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): SessionSnapshot => this.snapshot;

  // ---- what the candidate can do -----------------------------------------------

  /** A new interview for this role. */
  async start(roleType: RoleType): Promise<void> {
    this.pendingRole = roleType;
    const epoch = this.epoch;
    this.update({ stage: 'starting', problem: null, notice: null });
    const audio = this.expectQuestionAudio(epoch, 'starting');
    const result = await this.ports.call('interview.start', { roleType });
    if (this.stale(epoch)) return audio.cancel();
    if (!result.ok) {
      audio.cancel();
      return this.fail(result.error, this.cannotContinueHere(result.error) ? 'home' : 'start');
    }
    this.pendingRole = null;
    this.setView(result.data);
    await this.afterQuestionAsked(audio, epoch);
  }

  /**
   * Carry on an interview left in progress (a reload, a crash): hear the
   * current question again. What the candidate had said to it is kept in
   * main: the answer carries on from it, the next segment numbered and
   * timed after it.
   */
  async resume(view: InterviewView): Promise<void> {
    this.setView(view);
    if (this.routeFinished(view)) return;
    const soFar = view.currentQuestion?.answerSoFar;
    if (!soFar) return this.askAgain();
    this.nextSegmentIndex = soFar.segments;
    this.answerOffsetMs = soFar.endedAfterQuestionMs;
    this.turn.keep(soFar.segments);
    this.uploader.newAnswer(soFar.segments);
    this.update({ segmentsSaved: soFar.segments });
    await this.askAgain(messages.answerKept);
  }

  /** "I'm finished" ("Send my answer" when answers are typed). */
  finish(): void {
    void this.endAnswer('button');
  }

  /**
   * “Ask this another way” (an accommodation, once an interview): the
   * question on screen is asked again in other words. What was said to it
   * reaches main first, and is dropped only once the new wording is saved;
   * if it cannot be written, the old wording stands and the answer goes on.
   */
  async reask(): Promise<void> {
    const view = this.view;
    const question = view?.currentQuestion;
    if (!view?.canReask || !question || this.snapshot.stage !== 'listening') return;
    const epoch = ++this.epoch;
    this.stopTicking();
    this.turn.hold();
    this.update({ stage: 'finishing', hearing: false, notice: null });
    await this.detector?.pause();
    await this.uploader.idle();
    if (this.stale(epoch)) return;
    const audio = this.expectQuestionAudio(epoch, 'finishing');
    this.playback = audio;
    const result = await this.ports.call('interview.reaskQuestion', { interviewId: view.id, questionMessageId: question.messageId });
    if (this.stale(epoch)) return audio.cancel();
    if (!result.ok) {
      audio.cancel();
      if (this.cannotContinueHere(result.error)) return this.fail(result.error, 'home');
      return this.listen(epoch, result.error.message);
    }
    this.setView(result.data.interview);
    await this.afterQuestionAsked(audio, epoch);
  }

  /** The typed answer as the candidate edits it (typed-answer mode). */
  setDraft(text: string): void {
    if (this.snapshot.stage !== 'listening' || !this.typing()) return;
    if (text.length > 0 && this.firstKeyAt === null) this.firstKeyAt = this.now();
    const reminder = this.snapshot.notice === messages.typeFirst;
    this.update(reminder ? { draft: text, notice: null } : { draft: text });
  }

  /** “I wasn’t finished”: the question just asked is taken back and the candidate goes on with their answer. */
  carryOn(): void {
    void this.carryOnAnswer(null);
  }

  /** "Hear the question again". */
  replay(): void {
    if (this.snapshot.stage !== 'listening') return;
    void this.askAgain();
  }

  /** "Start my answer again": forget what was said for this question. */
  async reRecord(): Promise<void> {
    const view = this.view;
    const question = view?.currentQuestion;
    if (!view || !question || this.snapshot.stage !== 'listening') return;
    if (this.typing()) {
      this.firstKeyAt = null;
      this.update({ draft: '', notice: messages.typedCleared });
      return;
    }
    const epoch = ++this.epoch;
    this.stopTicking();
    this.turn.hold();
    this.dropIncomingSpeech = true;
    this.update({ stage: 'finishing', hearing: false, notice: null });
    await this.detector?.pause();
    await this.uploader.clear();
    this.dropIncomingSpeech = false;
    if (this.stale(epoch)) return;
    const result = await this.ports.call('interview.discardAnswer', { interviewId: view.id, questionMessageId: question.messageId });
    if (this.stale(epoch)) return;
    if (!result.ok) {
      // Main still has the segments: keep counting from where we were, so none is overwritten.
      this.update({ problem: { message: `Your answer could not be cleared: ${result.error.message}`, action: 'listen' }, stage: 'failed' });
      return;
    }
    this.nextSegmentIndex = 0;
    this.turn.reset(null);
    this.uploader.newAnswer();
    this.update({ segmentsSaved: 0, segmentsWaiting: 0 });
    await this.listen(epoch, messages.cleared);
  }

  /** "Try again" after a problem. */
  async recover(): Promise<void> {
    const problem = this.snapshot.problem;
    if (!problem) return;
    this.update({ problem: null });
    switch (problem.action) {
      case 'start':
        if (this.pendingRole) await this.start(this.pendingRole);
        return;
      case 'listen':
        await this.listen(this.epoch, null);
        return;
      case 'end-answer':
        await this.endAnswer(this.endReason, true);
        return;
      case 'submit':
        await this.submit();
        return;
      case 'home':
        return;
    }
  }

  /**
   * The proctor paused the sitting, or the kiosk locked it: until they let
   * go, no question sounds and nothing is heard. Nothing said is lost: words
   * being spoken are closed as a segment and saved, and listening carries on
   * with the same answer afterwards. A question cut short, or due to sound
   * meanwhile, is asked afresh. Calls already sent to main finish; the steps
   * after them wait where they would play or listen.
   */
  holdForProctor(held: boolean): void {
    if (this.disposed || held === (this.proctorHold !== null)) return;
    if (!held) {
      const then = this.proctorHold?.then;
      this.proctorHold = null;
      void then?.();
      return;
    }
    this.proctorHold = { then: null };
    if (this.snapshot.stage === 'listening') {
      // Listening steps under way are dropped (as for a replay); listening starts afresh on release.
      this.epoch++;
      const notice = this.snapshot.notice;
      this.proctorHold.then = () => this.listen(this.epoch, notice);
    }
    this.stopTicking();
    this.turn.hold();
    this.forgetOverheard();
    this.ports.audio.stopAll();
    void this.detector?.pause();
    this.update({ hearing: false });
  }

  async submit(): Promise<void> {
    const view = this.view;
    if (!view || this.snapshot.stage !== 'ready-to-submit') return;
    this.update({ stage: 'submitting', problem: null });
    const result = await this.ports.call('interview.submit', { interviewId: view.id });
    if (this.disposed) return;
    if (!result.ok) {
      // The answers are all stored; only the submission is to try again, from the same panel.
      this.update({ stage: 'ready-to-submit', problem: { message: result.error.message, action: this.cannotContinueHere(result.error) ? 'home' : 'submit' } });
      return;
    }
    this.setView(result.data.interview);
    this.update({ stage: 'submitted' });
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.epoch++;
    this.stopTicking();
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.forgetOverheard();
    this.live.abort();
    this.playback?.cancel();
    this.detector?.setHandlers(null);
    void this.detector?.pause();
    this.uploader.stop();
    for (const off of this.unsubscribe) off();
    this.listeners.clear();
  }

  // ---- asking ------------------------------------------------------------------

  /** `notice`: what to tell the candidate once the question has been heard. */
  private async askAgain(notice: string | null = null): Promise<void> {
    const view = this.view;
    const question = view?.currentQuestion;
    if (!view || !question) return;
    const epoch = ++this.epoch;
    this.stopTicking();
    this.turn.hold();
    this.update({ stage: 'asking', hearing: false, notice: null, problem: null });
    await this.detector?.pause();
    if (this.stale(epoch)) return;
    const result = await this.ports.call('interview.speakQuestion', { interviewId: view.id, messageId: question.messageId });
    if (this.stale(epoch)) return;
    if (!result.ok) return void this.listen(epoch, messages.textOnly);
    await this.playQuestion(this.ports.audio.claim(result.data.streamId), epoch, undefined, notice);
  }

  /** Claims the next audio stream and shows "asking" as soon as it sounds, while still in `stage`. */
  private expectQuestionAudio(epoch: number, stage: Stage): StreamHandle {
    const audio = this.ports.audio.claimNext();
    // Held for the proctor: it would sound over the pause. Cut, it is asked afresh afterwards (playQuestion).
    if (this.proctorHold) audio.cancel();
    void audio.started.then(() => {
      // A cancelled claim also "starts" (so waiters move on) but never received a stream.
      if (audio.streamId !== null && !this.stale(epoch) && this.snapshot.stage === stage) this.update({ stage: 'asking' });
    });
    return audio;
  }

  /** The view now has the next question; its audio is `audio` (possibly already playing or done). */
  private async afterQuestionAsked(audio: StreamHandle, epoch: number): Promise<void> {
    this.newAnswer();
    if (this.routeFinished(this.view)) return;
    this.update({ stage: 'asking' });
    await this.playQuestion(audio, epoch);
  }

  /** The answer before is done with: counting, segments and words start again for the question on screen. */
  private newAnswer(): void {
    this.nextSegmentIndex = 0;
    this.questionEndedAt = null;
    this.answerOffsetMs = 0;
    this.speculatedFor = null;
    this.turn.reset(null);
    this.uploader.newAnswer();
    this.firstKeyAt = null;
    this.update({ segmentsSaved: 0, segmentsWaiting: 0, notice: null, draft: '' });
  }

  /**
   * Plays the question, then listens for the answer. `meanwhile`, if given,
   * runs once the audio has begun (or failed to begin) and must finish
   * before listening starts: the continue window of a turn not yet kept.
   * `notice` is shown when listening begins, unless the audio had trouble.
   */
  private async playQuestion(audio: StreamHandle, epoch: number, meanwhile?: (began: boolean) => Promise<void>, notice: string | null = null): Promise<void> {
    if (this.proctorHold) audio.cancel();
    this.playback = audio;
    const began = await within(audio.started.then(() => true), this.ports.audioStartTimeoutMs ?? 15_000, false);
    if (this.stale(epoch)) return;
    if (!began) {
      // Audio that turns up after the candidate started answering would talk over them.
      audio.cancel();
      await meanwhile?.(false);
      return this.listen(epoch, messages.textOnly);
    }
    await meanwhile?.(true);
    if (this.stale(epoch)) return;
    const result = await audio.ended;
    if (this.stale(epoch)) return;
    // Only the proctor's hold cancels a question without moving the epoch on: it is asked again once they let go.
    if (result.error === 'cancelled') return this.afterProctorHold(() => this.askAgain(notice));
    if (result.error) notice = result.played ? messages.partlyPlayed : messages.textOnly;
    await this.listen(epoch, notice);
  }

  // ---- listening ---------------------------------------------------------------

  private async listen(epoch: number, notice: string | null): Promise<void> {
    if (this.stale(epoch)) return;
    if (this.typing()) return this.awaitTyping(notice);
    let detector: DetectorPort;
    try {
      detector = this.detector ?? (await this.ports.detector());
    } catch (error) {
      if (this.stale(epoch)) return;
      this.update({ stage: 'failed', problem: { message: error instanceof Error ? error.message : String(error), action: 'listen' } });
      return;
    }
    if (this.stale(epoch)) return;
    this.detector = detector;
    if (this.proctorHold) {
      this.proctorHold.then = () => this.listen(this.epoch, notice);
      return;
    }
    this.attach(detector);
    const now = this.now();
    this.questionEndedAt ??= now - this.answerOffsetMs;
    this.turn.listen(now);
    this.update({ stage: 'listening', notice, hearing: false });
    await detector.listen();
    if (this.stale(epoch)) return;
    this.startTicking();
  }

  /** Typed-answer mode: no microphone at all; the answer is whatever is typed, sent with “Send my answer”. */
  private awaitTyping(notice: string | null): void {
    if (this.proctorHold) {
      this.proctorHold.then = async () => this.awaitTyping(notice);
      return;
    }
    this.questionEndedAt ??= this.now();
    this.update({ stage: 'listening', notice, hearing: false });
  }

  private attach(detector: DetectorPort): void {
    const view = this.view;
    const answering = this.answeringQuestionId();
    this.live.setAnswer(view && answering ? { interviewId: view.id, questionMessageId: answering } : null);
    detector.setHandlers({
      onSpeechStart: () => this.onSpeechStart(),
      onSpeechEnd: (audio) => this.onSpeechEnd(audio),
      onMisfire: () => this.onMisfire(),
      onFrame: (frame, speechProbability) => this.live.push(frame, speechProbability),
    });
  }

  /** The question the segments being spoken belong to: the one on screen, or the one before it while that answer can still be carried on. */
  private answeringQuestionId(): string | null {
    return this.continuable?.questionMessageId ?? this.view?.currentQuestion?.messageId ?? null;
  }

  private onSpeechStart(): void {
    if (this.continuable && !this.overheard) return this.overhear();
    if (this.snapshot.stage !== 'listening') return;
    this.live.begin(this.nextSegmentIndex);
    this.dropSpeculation();
    this.turn.speechStart(this.now());
    // Reminders to speak have done their job; other notices (e.g. "cleared") stay until the turn changes.
    const reminder = this.snapshot.notice === messages.takeYourTime || this.snapshot.notice === messages.noAnswerYet;
    this.update(reminder ? { hearing: true, notice: null } : { hearing: true });
  }

  private onMisfire(): void {
    this.forgetOverheard();
    this.live.abort();
    this.turn.misfire();
    if (this.snapshot.hearing) this.update({ hearing: false });
  }

  private onSpeechEnd(audio: Float32Array): void {
    const overheard = this.overheard;
    if (overheard) {
      this.forgetOverheard();
      // It stopped when the question went quiet: the question's echo, or a cough. The question is unmuted; none of it is kept.
      if (overheard.muted) return this.live.abort();
      void this.carryOnAnswer(overheard.since);
    }
    const view = this.view;
    const questionMessageId = this.answeringQuestionId();
    if (this.dropIncomingSpeech || this.disposed || !view || !questionMessageId || this.continuable) return;
    this.live.end();
    audio = this.withoutQuestionBefore(audio);
    const span = this.turn.speechEnd(this.now());
    const origin = this.questionEndedAt ?? span.startedAt;
    const pieces = splitSamples(audio, (MAX_SEGMENT_MS / 1000) * ANSWER_SAMPLE_RATE);
    const audioMs = (audio.length / ANSWER_SAMPLE_RATE) * 1000;
    let offsetMs = 0;
    for (const piece of pieces) {
      const pieceMs = (piece.length / ANSWER_SAMPLE_RATE) * 1000;
      // One piece: the detector's speech times. Several: share the span out by where each piece lies in the audio.
      const started = pieces.length === 1 ? span.startedAt : span.endedAt - audioMs + offsetMs;
      const ended = pieces.length === 1 ? span.endedAt : started + pieceMs;
      offsetMs += pieceMs;
      this.uploader.add({
        interviewId: view.id,
        questionMessageId,
        segmentIndex: this.nextSegmentIndex++,
        audioWavBase64: encodeWav16Base64(piece),
        startedAfterQuestionMs: Math.max(0, Math.round(started - origin)),
        endedAfterQuestionMs: Math.max(0, Math.round(ended - origin)),
      });
    }
    this.update({ hearing: false, segmentsWaiting: this.uploader.pendingCount });
  }

  /**
   * A segment begun over the sounding question keeps, before the candidate's
   * first word, the detector's padding: the question's echo. Only the
   * candidate's words are kept.
   */
  private withoutQuestionBefore(audio: Float32Array): Float32Array {
    const since = this.talkedOverAt;
    this.talkedOverAt = null;
    if (since === null) return audio;
    const startedAt = this.now() - (audio.length / ANSWER_SAMPLE_RATE) * 1000;
    const skip = Math.floor(((since - TALKED_OVER_LEAD_MS - startedAt) / 1000) * ANSWER_SAMPLE_RATE);
    return skip > 0 && skip < audio.length ? audio.subarray(skip) : audio;
  }

  private startTicking(): void {
    this.stopTicking();
    this.ticker = setInterval(() => this.tick(), TICK_MS);
  }

  private stopTicking(): void {
    if (this.ticker) clearInterval(this.ticker);
    this.ticker = null;
  }

  private tick(): void {
    if (this.snapshot.stage !== 'listening') return;
    const action = this.turn.tick(this.now());
    if (action === 'end-of-turn') void this.endAnswer('silence');
    else if (action === 'prompt') this.update({ notice: messages.takeYourTime });
    else if (action === 'split-segment') void this.splitSegment();
    else if (action === 'speculate') this.speculate();
  }

  /**
   * The words sound finished and the candidate is quiet: the next question
   * is written ahead while the short silence runs. At a pause inside the
   * segment being spoken, that segment (whose file is not sent yet) counts.
   */
  private speculate(): void {
    const view = this.view;
    const question = view?.currentQuestion;
    const segmentCount = this.nextSegmentIndex + (this.turn.speaking ? 1 : 0);
    if (!view || !question || segmentCount === 0) return;
    this.speculatedFor = segmentCount;
    void this.ports.call('interview.speculate', { interviewId: view.id, questionMessageId: question.messageId, segmentCount });
  }

  /** Speech came back inside the segment after a pause: a speculation made at that pause is dropped. */
  private onSpeechResumed(): void {
    this.turn.resumed();
    if (this.speculatedFor === this.nextSegmentIndex + 1) this.dropSpeculation();
  }

  /** They spoke again: what was written ahead is dropped (unheard, unsaved) before it costs more. */
  private dropSpeculation(): void {
    const view = this.view;
    const question = view?.currentQuestion;
    if (this.speculatedFor === null || !view || !question) return;
    this.speculatedFor = null;
    void this.ports.call('interview.continueAnswer', { interviewId: view.id, questionMessageId: question.messageId });
  }

  // ---- carrying on after the answer was ended ------------------------------------

  /**
   * Speech while the answer can still be carried on: the candidate, or the
   * next question's own voice coming back through the microphone (kiosk
   * loudspeakers; echo cancellation removes most of it, not always). While
   * the question sounds it is muted at once, so it stops within a frame or
   * two of the candidate's first word, and the kiosk listens: speech that
   * goes on CARRY_ON_AFTER_MUTE_MS is the candidate (the question is
   * withdrawn, the answer reopened); speech that stops with the question was
   * its echo, and the question is unmuted (the half second it was silent is not
   * played again). Before the question sounds,
   * CARRY_ON_CONFIRM_MS of speech is the candidate.
   */
  private overhear(): void {
    const since = this.now();
    const view = this.view;
    if (view && this.continuable) this.live.setAnswer({ interviewId: view.id, questionMessageId: this.continuable.questionMessageId });
    const sounding = this.snapshot.stage === 'asking' ? this.playback : null;
    // Over a sounding question the frames before the first word are its echo: no pre-roll for the live words either.
    this.live.begin(this.nextSegmentIndex, sounding ? [] : undefined);
    sounding?.mute(true);
    const overheard: NonNullable<typeof this.overheard> = { since, timer: null, muted: sounding };
    overheard.timer = setTimeout(
      () => {
        overheard.timer = null;
        if (this.overheard !== overheard) return;
        this.forgetOverheard();
        if (sounding) this.talkedOverAt = since;
        void this.carryOnAnswer(since);
      },
      sounding ? CARRY_ON_AFTER_MUTE_MS : CARRY_ON_CONFIRM_MS,
    );
    this.overheard = overheard;
  }

  /** No longer judging what was heard: a question muted meanwhile is heard again (a withdrawn one is stopped anyway). */
  private forgetOverheard(): void {
    if (this.overheard?.timer) clearTimeout(this.overheard.timer);
    this.overheard?.muted?.mute(false);
    this.overheard = null;
  }

  /**
   * The candidate carries on with the answer the interviewer took as
   * finished: the next question stops (or never starts), main drops it, and
   * the answer is open again with everything said so far. `speakingSince`
   * is when their speech began, or null for the button.
   */
  private async carryOnAnswer(speakingSince: number | null): Promise<void> {
    const carried = this.continuable;
    const view = this.view;
    if (!carried || !view) return;
    const epoch = ++this.epoch;
    this.continuable = null;
    this.forgetOverheard();
    this.ports.audio.stopAll();
    this.playback = null;
    this.setView(carried.previous);
    const now = this.now();
    this.turn.carryOn(now);
    if (speakingSince !== null) this.turn.speechStart(speakingSince);
    this.update({ stage: 'listening', canCarryOn: false, hearing: speakingSince !== null, notice: messages.carriedOn, problem: null });
    this.startTicking();
    const request = { interviewId: view.id, questionMessageId: carried.questionMessageId };
    let result = await this.ports.call('interview.continueAnswer', request);
    // An endAnswer still on its way could show its turn after this; once it has settled, take that back too.
    const ending = await this.ending;
    if (result.ok && ending?.ok) result = await this.ports.call('interview.continueAnswer', request);
    if (this.stale(epoch) || result.ok) return;
    // Too late: the turn was saved (its backstop ran out). What they say now answers the question asked after it.
    const current = await this.ports.call('interview.getCurrent', {});
    if (this.stale(epoch)) return;
    if (!current.ok || !current.data.interview) return this.fail(result.error, 'home');
    this.setView(current.data.interview);
    this.newAnswer();
    this.attach(this.detector!);
    this.turn.listen(this.now());
    this.update({ notice: null });
  }

  /**
   * The question after the answer plays; for its first CONTINUE_WINDOW_MS the
   * candidate can still carry on with the answer (they speak, or press “I
   * wasn’t finished”), after which the turn is saved and the question is
   * answered as any other.
   */
  private async presentQuestion(audio: StreamHandle, epoch: number): Promise<void> {
    const carried = this.continuable;
    if (!carried) return this.afterQuestionAsked(audio, epoch);
    if (this.routeFinished(this.view)) return this.keepTurn(epoch);
    this.update({ stage: 'asking' });
    await this.playQuestion(audio, epoch, async (began) => {
      if (began) {
        await within(audio.ended.then(() => undefined), CONTINUE_WINDOW_MS, undefined);
        if (this.stale(epoch)) return;
      }
      await this.keepTurn(epoch);
    });
  }

  /** The continue window has passed: main saves the turn, and listening stops until the question has finished playing. */
  private async keepTurn(epoch: number): Promise<void> {
    const carried = this.continuable;
    const view = this.view;
    this.continuable = null;
    this.forgetOverheard();
    this.live.abort();
    this.update({ canCarryOn: false });
    this.newAnswer();
    // Sound still being heard is the question's echo or too short to judge: not the start of the next answer.
    this.dropIncomingSpeech = true;
    await this.detector?.pause();
    this.dropIncomingSpeech = false;
    if (!carried || !view || this.stale(epoch)) return;
    // Refused only if the turn is gone already (saved by its backstop, or dropped): either way nothing is left to keep.
    await this.ports.call('interview.commitAnswer', { interviewId: view.id, questionMessageId: carried.questionMessageId });
  }

  /** Pausing makes the detector close the segment it is in; listening again carries straight on. */
  private async splitSegment(): Promise<void> {
    const detector = this.detector;
    if (!detector) return;
    await detector.pause();
    if (this.snapshot.stage === 'listening' && !this.disposed && !this.proctorHold) await detector.listen();
  }

  // ---- ending the answer -------------------------------------------------------

  private async endAnswer(reason: 'silence' | 'button', retrying = false): Promise<void> {
    const view = this.view;
    const question = view?.currentQuestion;
    if (!view || !question) return;
    if (this.typing()) return this.sendTyped(view, question.messageId, retrying);
    const stage = this.snapshot.stage;
    if (!retrying && stage !== 'listening') return;
    const epoch = this.epoch;
    this.endReason = reason;
    if (!retrying) {
      this.endDecision = this.turn.decision(this.now(), reason === 'button');
      this.stopTicking();
      this.turn.hold();
      this.update({ stage: 'finishing', hearing: false, notice: null });
      // Words still being spoken when "I'm finished" is pressed become the last segment.
      await this.detector?.pause();
      if (this.stale(epoch)) return;
      if (this.nextSegmentIndex === 0) {
        return this.listen(epoch, reason === 'button' ? messages.noAnswerYet : null);
      }
    } else {
      this.update({ stage: 'finishing', problem: null });
    }
    await this.uploader.idle();
    if (this.stale(epoch) || this.snapshot.problem) return;

    // From here until the turn is kept, the candidate can still carry on: listen for them.
    this.continuable = { questionMessageId: question.messageId, previous: view };
    this.update({ canCarryOn: true });
    if (this.detector && !this.proctorHold) {
      this.attach(this.detector);
      void this.detector.listen();
    }
    // The next question's audio usually starts before endAnswer answers: it plays as it comes.
    const audio = this.expectQuestionAudio(epoch, 'finishing');
    this.playback = audio;
    this.ending = this.ports.call('interview.endAnswer', {
      interviewId: view.id,
      questionMessageId: question.messageId,
      segmentCount: this.nextSegmentIndex,
      reason,
      continuable: true,
      ...(this.endDecision ? { decision: this.endDecision } : {}),
    });
    const result = await this.ending;
    this.ending = null;
    if (this.stale(epoch)) return audio.cancel();
    if (!result.ok) {
      audio.cancel();
      this.continuable = null;
      this.forgetOverheard();
      this.update({ canCarryOn: false });
      await this.detector?.pause();
      return this.onEndAnswerFailed(result.error, epoch);
    }
    this.retryAttempt = 0;
    if (this.snapshot.providerMessage !== null) this.update({ providerMessage: null });
    this.setView(result.data.interview);
    await this.presentQuestion(audio, epoch);
  }

  /**
   * Sends the typed answer; the next question plays as it comes, as after a
   * spoken one. The draft stays on screen until main has saved it, so a
   * failure (or the proctor's pause) loses none of it.
   */
  private async sendTyped(view: InterviewView, questionMessageId: string, retrying: boolean): Promise<void> {
    if (!retrying && this.snapshot.stage !== 'listening') return;
    const text = this.snapshot.draft;
    if (text.trim() === '') {
      this.update({ stage: 'listening', problem: null, notice: messages.typeFirst });
      return;
    }
    const epoch = this.epoch;
    const now = this.now();
    const origin = this.questionEndedAt ?? now;
    this.update({ stage: 'finishing', notice: null, problem: null });
    const audio = this.expectQuestionAudio(epoch, 'finishing');
    this.playback = audio;
    const result = await this.ports.call('interview.typedAnswer', {
      interviewId: view.id,
      questionMessageId,
      text,
      startedAfterQuestionMs: this.firstKeyAt === null ? null : Math.max(0, Math.round(this.firstKeyAt - origin)),
      sentAfterQuestionMs: Math.max(0, Math.round(now - origin)),
    });
    if (this.stale(epoch)) return audio.cancel();
    if (!result.ok) {
      audio.cancel();
      return this.onEndAnswerFailed(result.error, epoch);
    }
    this.retryAttempt = 0;
    if (this.snapshot.providerMessage !== null) this.update({ providerMessage: null });
    this.setView(result.data.interview);
    await this.afterQuestionAsked(audio, epoch);
  }

  private async onEndAnswerFailed(error: AppError, epoch: number): Promise<void> {
    const view = this.view;
    const question = view?.currentQuestion;
    if (error.code === 'invalid_input' && this.typing()) {
      // Too long, or empty after all: the draft is still there to change.
      this.update({ stage: 'listening', notice: error.message });
      return;
    }
    if (error.code === 'answer_not_heard' && view && question) {
      const discarded = await this.ports.call('interview.discardAnswer', { interviewId: view.id, questionMessageId: question.messageId });
      if (this.stale(epoch)) return;
      if (discarded.ok) {
        this.nextSegmentIndex = 0;
        this.turn.reset(null);
        this.update({ segmentsSaved: 0, segmentsWaiting: 0 });
      }
      return this.listen(epoch, messages.notUnderstood);
    }
    if (error.code === 'unavailable') {
      const delays = this.ports.retryDelaysMs ?? [2000, 5000, 10_000, 20_000, 30_000];
      const delay = delays[Math.min(this.retryAttempt, delays.length - 1)] ?? 30_000;
      this.retryAttempt++;
      this.update({ stage: 'waiting', providerMessage: messages.waiting });
      this.retryTimer = setTimeout(() => this.retryWaiting(), delay);
      return;
    }
    this.fail(error, this.cannotContinueHere(error) ? 'home' : 'end-answer');
  }

  private retryWaiting(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    if (this.disposed || this.snapshot.stage !== 'waiting') return;
    void this.endAnswer(this.endReason, true);
  }

  // ---- events ------------------------------------------------------------------

  private onQuestionText(event: { interviewId: string; messageId: string; text: string; final: boolean }): void {
    if (this.view && event.interviewId !== this.view.id) return;
    const text = mergeText(this.liveText.get(event.messageId), event.text);
    this.liveText.set(event.messageId, text);
    const shown = this.snapshot.question;
    if (shown?.messageId === event.messageId) {
      this.update({ question: { ...shown, text } });
    } else if (this.snapshot.stage === 'starting' || this.snapshot.stage === 'finishing' || this.snapshot.stage === 'asking' || this.snapshot.stage === 'waiting') {
      // The next question, as it is being written: its number and phase follow when endAnswer answers.
      this.update({ question: { messageId: event.messageId, text, number: (shown?.number ?? 0) + 1, phase: null } });
    }
  }

  // ---- helpers -----------------------------------------------------------------

  private setView(view: InterviewView): void {
    this.view = view;
    // The device setting wins over the default; an explicit test setting (ports.turnTaking) over both.
    if (this.ports.turnTaking?.endOfTurnSilenceMs === undefined) this.turn.setEndOfTurnSilence(view.endOfTurnSilenceMs);
    const question = view.currentQuestion;
    this.update({
      interview: view,
      question: question
        ? {
            messageId: question.messageId,
            // Main's text is complete; live text is only fresher while it is being written.
            text: question.text || this.liveText.get(question.messageId) || '',
            number: question.number,
            phase: question.phase,
          }
        : null,
    });
  }

  /** The candidate types their answers (an accommodation the proctor granted). */
  private typing(): boolean {
    return this.view?.answerMode === 'typed';
  }

  /** Runs `step` now, or once the proctor lets go if the sitting is held. */
  private afterProctorHold(step: () => Promise<void>): Promise<void> | undefined {
    if (!this.proctorHold) return step();
    this.proctorHold.then = step;
    return undefined;
  }

  /** True (and the stage set) when there is no question left to answer here. */
  private routeFinished(view: InterviewView | null): boolean {
    if (!view) return true;
    if (view.status === 'completed') {
      this.update({ stage: 'submitted' });
      return true;
    }
    if (view.status === 'abandoned') {
      this.update({ stage: 'failed', problem: { message: messages.abandoned, action: 'home' } });
      return true;
    }
    if (view.readyToSubmit || !view.currentQuestion) {
      this.update({ stage: 'ready-to-submit' });
      return true;
    }
    return false;
  }

  /** Main says this interview cannot go on from this screen (abandoned, submitted, another in progress): back to the home. */
  private cannotContinueHere(error: AppError): boolean {
    return error.code === 'conflict' || error.code === 'not_found';
  }

  private fail(error: AppError, action: RecoveryAction): void {
    if (this.disposed) return;
    this.stopTicking();
    this.turn.hold();
    void this.detector?.pause();
    this.update({ stage: 'failed', hearing: false, problem: { message: error.message, action } });
  }

  private stale(epoch: number): boolean {
    return this.disposed || epoch !== this.epoch;
  }

  private update(patch: Partial<SessionSnapshot>): void {
    if (this.disposed) return;
    this.snapshot = { ...this.snapshot, ...patch };
    for (const listener of this.listeners) listener();
  }
}
