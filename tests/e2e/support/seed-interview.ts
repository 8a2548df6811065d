import type { InterviewReview, ReviewStatus } from '../../../shared/domain/assessment';
import type { InterviewView } from '../../../shared/domain/interview';
import type { ChannelInput, ChannelName, ChannelOutput } from '../../../shared/ipc/contract';
import type { FakeOpenAi, Reply } from '../../fixtures/fake-openai';
import { scoringPassOf, scoringReply, type ScriptedPass } from '../../fixtures/scoring-ai';
import { answerBy, isJudgeRequest, judgementReply, questionNumberOf, questionText, upToLevelThree } from '../../integration/interview/support';
import type { Person } from './flows';
import type { TestHost } from './host';
import { agreeToNotice } from '../../support/consent';

/**
 * A scored interview without the kiosk UI: a candidate "window" of the
 * test's own registers, answers every question with recorded audio and
 * submits, all through main's real dispatcher and services; the fake
 * OpenAI server plays the interviewer, the judge and the four scoring
 * passes.
 */

const KIOSK_WINDOW = 'seed-kiosk';
const STAFF_WINDOW = 'seed-staff';
/** Two short segments per answer, as the renderer's voice detector would send them. */
const SEGMENTS = [
  { durationMs: 700, startedAfterQuestionMs: 1200 },
  { durationMs: 500, startedAfterQuestionMs: 2400 },
] as const;

export const answerTranscript = (k: number) => `Answer part ${k}: I would keep the state in a hook and pass callbacks down.`;

export interface ReviewAiOptions {
  /** This scoring pass answers 400 Bad Request, so the assessment comes out partial (or failed, for 'technical'). */
  failPass?: ScriptedPass;
  /** How long the technical pass takes to answer, so a test can watch scoring under way. */
  technicalPassMs?: number;
}

/** Questions, judgements (strong up to level 3), transcripts, question speech and the scoring passes. */
export function scriptReviewAi(fake: FakeOpenAi, options: ReviewAiOptions = {}): { setFailPass(pass: ScriptedPass | null): void } {
  let segments = 0;
  let failPass = options.failPass ?? null;
  fake.setResponder('chat', (request): Reply => {
    const pass = scoringPassOf(request);
    if (pass !== null && pass === failPass) return { kind: 'fault', fault: 'bad_request' };
    const slow = pass === 'technical' && options.technicalPassMs ? { latency: { firstByteMs: options.technicalPassMs } } : {};
    const reply = scoringReply(request, slow);
    if (reply) return reply;
    if (isJudgeRequest(request)) return judgementReply(request, upToLevelThree);
    return { kind: 'chat', content: questionText(questionNumberOf(request)) };
  });
  fake.setResponder('transcriptions', () => ({ kind: 'transcription', text: answerTranscript(++segments), confidence: 0.9 }));
  fake.setResponder('speech', () => ({ kind: 'speech', durationMs: 300 }));
  return {
    setFailPass(pass) {
      failPass = pass;
    },
  };
}

async function ok<C extends ChannelName>(host: TestHost, windowId: string, channel: C, input: ChannelInput<C>): Promise<ChannelOutput<C>> {
  const result = await host.call(windowId, channel, input);
  if (!result.ok) throw new Error(`seed: ${channel} failed: ${result.error.code}: ${result.error.message}`);
  return result.data;
}

/** Registers the candidate at the "kiosk", answers every question, submits; returns the interview's id and question count. */
export async function seedSubmittedInterview(host: TestHost, candidate: Person): Promise<{ interviewId: string; questions: number }> {
  await ok(host, KIOSK_WINDOW, 'auth.registerCandidate', { email: candidate.email, password: candidate.password, fullName: candidate.fullName });
  await agreeToNotice({ ok: (channel, input) => ok(host, KIOSK_WINDOW, channel, input) });
  let view: InterviewView = await ok(host, KIOSK_WINDOW, 'interview.start', { roleType: 'react' });
  let questions = 0;
  while (view.currentQuestion) {
    if (++questions > 40) throw new Error('seed: the interview never ended');
    view = (await answerBy((channel, input) => ok(host, KIOSK_WINDOW, channel, input as never), view, SEGMENTS)).interview;
  }
  await ok(host, KIOSK_WINDOW, 'interview.submit', { interviewId: view.id });
  await ok(host, KIOSK_WINDOW, 'auth.signOut', {});
  return { interviewId: view.id, questions };
}

const SETTLED: readonly ReviewStatus[] = ['complete', 'partial', 'failed'];

/**
 * Waits, as a staff member signed in on a window of the test's own, until
 * scoring has finished; returns the review. Fails with the passes' errors
 * when it settles on another status than `expected`.
 */
export async function waitForScoring(
  host: TestHost,
  staff: Person,
  interviewId: string,
  expected: ReviewStatus = 'complete',
  timeoutMs = 30_000,
): Promise<InterviewReview> {
  await ok(host, STAFF_WINDOW, 'auth.signIn', { accountKind: 'staff', email: staff.email, password: staff.password });
  try {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const { items } = await ok(host, STAFF_WINDOW, 'review.list', {});
      const item = items.find((candidate) => candidate.interviewId === interviewId);
      if (item && SETTLED.includes(item.reviewStatus)) {
        const review = await ok(host, STAFF_WINDOW, 'review.get', { interviewId });
        if (review.reviewStatus !== expected) {
          const passes = review.assessment?.passes.map((pass) => `${pass.pass}: ${pass.status}${pass.error ? ` (${pass.error})` : ''}`).join('; ');
          throw new Error(`seed: scoring ended ${review.reviewStatus}, expected ${expected}. Passes: ${passes ?? 'none'}; last error: ${review.scoring.lastError ?? 'none'}`);
        }
        return review;
      }
      if (Date.now() > deadline) throw new Error(`seed: scoring did not finish within ${timeoutMs} ms (status ${item?.reviewStatus ?? 'not listed'})`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  } finally {
    await host.call(STAFF_WINDOW, 'auth.signOut', {});
  }
}
