import type { AiServiceReason, AiServiceStatus } from '../domain/ai-service';

/*
 * What proctors and staff read about the AI service (issue 19, point 4).
 * Kept here once so main's tests, the screens and the README say the same;
 * none of it is ever shown to a candidate.
 */

const reasonWords: Record<AiServiceReason, string> = {
  offline: 'no network',
  outage: 'service outage',
  quota_exhausted: 'account out of credit',
  not_configured: 'not set up',
};

function interviews(count: number): string {
  return `${count} interview${count === 1 ? '' : 's'}`;
}

/**
 * "AI service unavailable since 10:42 (no network). 2 interviews waiting for
 * transcription." while it is down; "AI service back; transcribing 2
 * interviews…" while answers recorded during an outage are still being
 * transcribed; null when there is nothing to say. `timeOf` turns the ISO
 * time into the reader's clock time.
 */
export function describeAiService(status: AiServiceStatus, timeOf: (iso: string) => string): string | null {
  const { waitingInterviews } = status;
  if (!status.available) {
    const since = status.since ? ` since ${timeOf(status.since)}` : '';
    const why = status.reason ? ` (${reasonWords[status.reason]})` : '';
    const waiting = waitingInterviews > 0 ? ` ${interviews(waitingInterviews)} waiting for transcription.` : '';
    return `AI service unavailable${since}${why}.${waiting}`;
  }
  if (waitingInterviews > 0) return `AI service back; transcribing ${interviews(waitingInterviews)}…`;
  return null;
}

/** Admins only, while the account is out of credit: what it means for interviews and what to do. */
export const AI_ACCOUNT_OUT_OF_CREDIT =
  'The OpenAI account is out of credit. Interviews carry on from the question bank and answers are kept for transcription; add credit at platform.openai.com (Billing), then select Check again.';
