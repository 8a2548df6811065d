import type { InterviewReview } from '../../../shared/domain/assessment';
import type { InterviewView } from '../../../shared/domain/interview';
import type { RecordedRequest, Reply } from '../../fixtures/fake-openai/index';
import { scoringPassOf, scoringReply, type ScoringScript, type ScriptedPass } from '../../fixtures/scoring-ai';
import { strongPassword } from '../../support/test-app';
import { answer, type InterviewHarness } from '../interview/support';

export const STAFF_WINDOW = 'staff-1';

/** Scoring replies as scripted, except the passes `override` answers (a fault, a reply that breaks the schema). */
export function scoringChat(options: { script?: ScoringScript; override?: (pass: ScriptedPass, request: RecordedRequest) => Reply | null } = {}) {
  return (request: RecordedRequest): Reply | null => {
    const pass = scoringPassOf(request);
    if (!pass) return null;
    return options.override?.(pass, request) ?? scoringReply(request, options.script);
  };
}

/** A candidate takes a whole interview, answering every question, and submits it; `beforeStart` runs once they are signed in. */
export async function takeAndSubmitInterview(h: InterviewHarness, email = 'scored@example.com', beforeStart?: () => Promise<unknown>): Promise<InterviewView> {
  await h.signUp(email);
  await beforeStart?.();
  let view: InterviewView = await h.ok('interview.start', { roleType: 'react' });
  while (view.currentQuestion) view = (await answer(h, view)).interview;
  await h.idle();
  return (await h.ok('interview.submit', { interviewId: view.id })).interview;
}

export async function signInAdmin(h: InterviewHarness): Promise<void> {
  await h.ok('setup.createFirstAdmin', { email: 'admin@example.com', password: strongPassword, fullName: 'Ada Admin' }, STAFF_WINDOW);
}

/** The admin again, after a restart: the account exists, so this is a sign-in. */
export async function signInAgain(h: InterviewHarness): Promise<void> {
  await h.ok('auth.signIn', { accountKind: 'staff', email: 'admin@example.com', password: strongPassword }, STAFF_WINDOW);
}

/** Polls the review (as staff) until scoring has stopped and an assessment is stored. */
export async function waitForScoring(h: InterviewHarness, interviewId: string, timeoutMs = 20_000): Promise<InterviewReview> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const review = await h.ok('review.get', { interviewId }, STAFF_WINDOW);
    if (review.scoring.state === 'idle' && review.assessment) return review;
    if (Date.now() > deadline) throw new Error(`scoring did not finish: ${JSON.stringify(review.scoring)}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

export function scoringRequests(requests: readonly RecordedRequest[], pass?: ScriptedPass): RecordedRequest[] {
  return requests.filter((request) => {
    const found = scoringPassOf(request);
    return found !== null && (pass === undefined || found === pass);
  });
}
