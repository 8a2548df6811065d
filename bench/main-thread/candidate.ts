import type { InterviewView } from '../../shared/domain/interview';
import { realSleep as sleep } from '../../src-main/common/clock';
import type { ChannelName, ChannelOutput } from '../../shared/ipc/contract';
import { toneWav } from '../../tests/fixtures/audio/tone-wav';
import type { SegmentSpec } from '../../tests/integration/interview/support';
import { strongPassword } from '../../tests/support/test-app';
import { callOk, type KioskDriver } from './kiosk-driver';
import { agreeToNotice } from '../../tests/support/consent';

/** The windows the benchmark calls from: the candidate's screen, a staff member's, and the probe's. */
export const CANDIDATE = 'kiosk-candidate';
export const STAFF = 'kiosk-staff';
export const PROBE = 'kiosk-probe';

/** Different answers made up front; more than all the phases' turns together. */
export const ANSWER_VARIANTS = 120;

/** A 5 s answer in two segments, as the voice detector closes them. */
const SEGMENTS: SegmentSpec[] = [
  { durationMs: 3000, startedAfterQuestionMs: 800 },
  { durationMs: 2000, startedAfterQuestionMs: 4500 },
];

/** A kiosk as a renderer sees it, plus the times each question's audio arrived (per stream). */
export class Kiosk {
  readonly audio = new Map<string, number[]>();

  constructor(readonly driver: KioskDriver) {
    driver.onEvent((_windowId, event, payload) => {
      if (event !== 'interview.audio') return;
      const chunk = payload as { streamId: string; pcmBase64: string };
      if (chunk.pcmBase64.length === 0) return;
      const times = this.audio.get(chunk.streamId) ?? [];
      times.push(performance.now());
      this.audio.set(chunk.streamId, times);
    });
  }

  call<C extends ChannelName>(channel: C, input: unknown, windowId = CANDIDATE): Promise<ChannelOutput<C>> {
    return callOk(this.driver, channel, input, windowId);
  }
}

/** One candidate, turn after turn; a new candidate and interview whenever one ends. */
export class Candidate {
  private view: InterviewView | null = null;
  private registered = 0;
  private answered = 0;
  private readonly audioByPitch = new Map<number, string[]>();

  constructor(private readonly kiosk: Kiosk) {}

  /** Answers the current question; the time from the end of the answer to the next question's first audio, or null when the interview ended. */
  async turn(): Promise<number | null> {
    if (!this.view?.currentQuestion) await this.newInterview();
    const view = this.view!;
    // The candidate hears the question out before answering: its audio and judgements settle first.
    await this.kiosk.driver.idle();
    const question = view.currentQuestion!;
    const audio = this.nextAnswerAudio();
    for (const [segmentIndex, segment] of SEGMENTS.entries()) {
      await this.kiosk.call('interview.answerSegment', {
        interviewId: view.id,
        questionMessageId: question.messageId,
        segmentIndex,
        audioWavBase64: audio[segmentIndex],
        startedAfterQuestionMs: segment.startedAfterQuestionMs,
        endedAfterQuestionMs: segment.startedAfterQuestionMs + segment.durationMs,
      });
    }
    const endedAt = performance.now();
    const { interview } = await this.kiosk.call('interview.endAnswer', {
      interviewId: view.id,
      questionMessageId: question.messageId,
      segmentCount: SEGMENTS.length,
      reason: 'silence',
    });
    this.view = interview;
    const next = interview.currentQuestion;
    if (!next) return null;
    for (let i = 0; i < 5000 && !this.kiosk.audio.has(next.messageId); i++) await sleep(2);
    const heard = this.kiosk.audio.get(next.messageId)?.[0];
    if (heard === undefined) throw new Error(`no audio arrived for question ${next.number}`);
    return heard - endedAt;
  }

  /** Ends the interview under way, if any (submitted and scored, as at the end of a real one). */
  async finish(): Promise<string | null> {
    if (!this.view) return null;
    const id = this.view.id;
    while (this.view.currentQuestion) await this.turn();
    await this.kiosk.driver.idle();
    await this.kiosk.call('interview.submit', { interviewId: id });
    this.view = null;
    return id;
  }

  /** Makes the answers of the next `count` turns now, off the measured stretch. */
  prepareAnswers(count: number): void {
    const answered = this.answered;
    for (let i = 0; i < count; i++) this.nextAnswerAudio();
    this.answered = answered;
  }

  /**
   * The answer's segments as base64 WAV. The renderer records and encodes them, not main, so they are
   * made before the phases start (making a tone on the measured loop showed up in its stalls); each
   * answer is different, as real ones are (the content store keeps one copy of identical files).
   */
  private nextAnswerAudio(): string[] {
    const pitch = 150 + (this.answered++ % ANSWER_VARIANTS);
    let audio = this.audioByPitch.get(pitch);
    if (!audio) {
      audio = SEGMENTS.map((segment, index) => toneWav(segment.durationMs, { pitchHz: pitch + index / 2, amplitude: 2000 }).toString('base64'));
      this.audioByPitch.set(pitch, audio);
    }
    return audio;
  }

  private async newInterview(): Promise<void> {
    await this.kiosk.driver.idle();
    if (this.registered > 0) await this.kiosk.call('auth.signOut', {});
    const email = `kiosk.candidate.${++this.registered}@example.com`;
    await this.kiosk.call('auth.registerCandidate', { email, password: strongPassword, fullName: 'Bench Candidate' });
    await agreeToNotice({ ok: (channel, input) => this.kiosk.call(channel, input) });
    this.view = await this.kiosk.call('interview.start', { roleType: 'react' });
  }
}

export async function waitForAssessment(kiosk: Kiosk, interviewId: string): Promise<void> {
  for (let i = 0; i < 600; i++) {
    const review = await kiosk.call('review.get', { interviewId }, STAFF);
    if (review.scoring.state === 'idle' && review.assessment) {
      if (review.assessment.status !== 'complete') throw new Error(`scoring ended ${review.assessment.status}`);
      return;
    }
    await sleep(100);
  }
  throw new Error('scoring did not finish');
}
