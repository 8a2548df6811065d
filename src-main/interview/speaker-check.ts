import { SPEAKER_TEST_LIMIT } from '../../shared/domain/interview';
import { AppFailure } from '../common/app-failure';
import type { Clock } from '../common/clock';
import { RateLimiter, retryAfterText } from '../common/rate-limiter';
import { newId } from '../db/ids';
import type { BackgroundWork } from './background-work';
import { splitSentences } from './sentence-stream';
import type { SpeechRelay } from './speech-relay';

export const SPEAKER_TEST_TEXT = 'Hello! This is the speaker check. If you can hear this sentence clearly, your speakers are working.';

/** The equipment check: a fixed sentence through the same text-to-speech and audio events as a question. */
export class SpeakerCheck {
  /** Per candidate: each check is paid text-to-speech. */
  private readonly limiter: RateLimiter;

  constructor(private readonly deps: { relay: SpeechRelay; work: Pick<BackgroundWork, 'track' | 'signal'>; clock: Clock }) {
    this.limiter = new RateLimiter(SPEAKER_TEST_LIMIT, deps.clock);
  }

  testSpeaker(candidateId: string, windowId: string): { streamId: string; text: string } {
    const decision = this.limiter.take(candidateId);
    if (!decision.allowed) {
      const { count, windowMs } = SPEAKER_TEST_LIMIT;
      throw new AppFailure('rate_limited', `The speaker check can be played ${count} times in ${windowMs / 60_000} minutes. Try again ${retryAfterText(decision.retryAfterMs)}.`);
    }
    const streamId = `speaker-test-${newId()}`;
    this.deps.work.track(this.deps.relay.speak({ windowId, streamId, signal: this.deps.work.signal }, splitSentences(SPEAKER_TEST_TEXT)));
    return { streamId, text: SPEAKER_TEST_TEXT };
  }
}
