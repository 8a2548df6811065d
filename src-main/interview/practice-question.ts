import { PRACTICE_QUESTION } from '../../shared/copy/interview-messages';
import { PRACTICE_ANSWER_MAX_MS, PRACTICE_LIMIT } from '../../shared/domain/interview';
import type { Accommodation } from '../../shared/domain/proctoring';
import { AppFailure } from '../common/app-failure';
import type { Clock } from '../common/clock';
import { RateLimiter, retryAfterText } from '../common/rate-limiter';
import { newId } from '../db/ids';
import type { SpeechToText } from '../providers/ai/types';
import { isProviderError } from '../providers/ai/errors';
import type { BackgroundWork } from './background-work';
import { splitSentences } from './sentence-stream';
import type { SpeechRelay } from './speech-relay';
import { playedSeconds, readPcmWav } from './wav-audio';

export interface PracticeQuestionDeps {
  relay: SpeechRelay;
  stt: Pick<SpeechToText, 'transcribe'>;
  work: Pick<BackgroundWork, 'track' | 'signal'>;
  clock: Clock;
  /** What this kiosk's open sitting for the candidate granted; none outside a sitting. */
  granted: (candidateId: string) => readonly Accommodation[];
}

/**
 * The practice question a proctor may grant (issue 17, point 6): asked
 * aloud like an interview question, the spoken answer transcribed and
 * shown back so the candidate knows they are heard. Nothing is stored:
 * no interview exists yet, and the practice is never scored.
 */
export class PracticeQuestion {
  /** Per candidate, shared by asking and answering: both are paid calls. */
  private readonly limiter: RateLimiter;

  constructor(private readonly deps: PracticeQuestionDeps) {
    this.limiter = new RateLimiter(PRACTICE_LIMIT, deps.clock);
  }

  ask(candidateId: string, windowId: string): { streamId: string; text: string } {
    this.admit(candidateId);
    const streamId = `practice-${newId()}`;
    this.deps.work.track(this.deps.relay.speak({ windowId, streamId, signal: this.deps.work.signal }, splitSentences(PRACTICE_QUESTION)));
    return { streamId, text: PRACTICE_QUESTION };
  }

  async hear(candidateId: string, wav: Buffer): Promise<{ text: string }> {
    let audio: ReturnType<typeof readPcmWav>;
    try {
      audio = readPcmWav(wav);
    } catch (error) {
      throw new AppFailure('invalid_input', `The practice recording could not be read (${(error as Error).message}). Record it again.`);
    }
    if (playedSeconds(audio.pcm.byteLength, audio.format) * 1000 > PRACTICE_ANSWER_MAX_MS) {
      throw new AppFailure('invalid_input', `A practice answer can be at most ${PRACTICE_ANSWER_MAX_MS / 1000} seconds. Record a shorter one.`);
    }
    this.admit(candidateId);
    let heard: Awaited<ReturnType<SpeechToText['transcribe']>>;
    try {
      heard = await this.deps.stt.transcribe({ audio: wav, mediaType: 'audio/wav', language: 'en', task: 'interview', signal: this.deps.work.signal });
    } catch (error) {
      if (!isProviderError(error)) throw error;
      // Practice is optional: without the service it is skipped, and the candidate is told so without being told why (issue 19).
      throw new AppFailure('unavailable', 'The practice answer cannot be played back just now. You can start the interview when you are ready.');
    }
    const text = heard.text.trim();
    if (text === '') throw new AppFailure('answer_not_heard', 'We could not make out any words. Try again a little closer to the microphone.');
    return { text };
  }

  private admit(candidateId: string): void {
    if (!this.deps.granted(candidateId).includes('practice_question')) {
      throw new AppFailure('forbidden', 'The practice question is an accommodation a proctor grants when opening the sitting. Please ask the proctor.');
    }
    const decision = this.limiter.take(candidateId);
    if (!decision.allowed) {
      const { count, windowMs } = PRACTICE_LIMIT;
      throw new AppFailure('rate_limited', `The practice question can be used ${count} times in ${windowMs / 60_000} minutes. Try again ${retryAfterText(decision.retryAfterMs)}, or start the interview.`);
    }
  }
}
