import { PermanentJobError } from '../jobs/job-runner';
import { isProviderError, type ProviderErrorKind } from '../providers/ai/errors';

/**
 * Why writing feedback gave up, in words a recruiter understands, with what
 * to do next. Staff read it after "Feedback could not be written:"; the
 * provider's own message (status codes, request ids) stays in the log for IT.
 */
const UNAVAILABLE = 'the AI service was unavailable each time it was asked. Try again in a few minutes.';
const UNUSABLE = 'the AI’s answer could not be used. Try again; if it fails again, write to the candidate yourself.';

const byKind: Record<ProviderErrorKind, string> = {
  quota_exhausted: 'the OpenAI account is out of credit. An administrator can add credit at platform.openai.com (Billing); then select Try again.',
  network: 'this device could not reach the AI service (no network). Try again once it is back online.',
  server_error: UNAVAILABLE,
  timeout: UNAVAILABLE,
  circuit_open: UNAVAILABLE,
  rate_limited: UNAVAILABLE,
  budget_exceeded: UNAVAILABLE,
  unauthorized: 'the AI service refused this device’s OpenAI API key. An administrator can check it under Device settings; then select Try again.',
  not_configured: 'no OpenAI API key is set up on this device. An administrator can add one under Device settings; then select Try again.',
  context_length: 'the resume is too long for the AI to write feedback on. Write to the candidate yourself.',
  too_large: 'the resume is too long for the AI to write feedback on. Write to the candidate yourself.',
  schema_mismatch: UNUSABLE,
  malformed_reply: UNUSABLE,
  truncated: UNUSABLE,
  refused: UNUSABLE,
  bad_request: 'the AI service turned the request down. An administrator can check the AI settings under Device settings; then select Try again.',
};

/** The resume has no parsed data (never read, or removed since): trying again cannot help. */
export class NothingToWriteOnError extends PermanentJobError {
  constructor() {
    super('The resume has no parsed data to write feedback on.');
  }
}

export function feedbackFailureReason(error: unknown): string {
  if (isProviderError(error)) return byKind[error.kind];
  if (error instanceof NothingToWriteOnError) {
    return 'the resume’s text could not be read, so there is nothing to write feedback on. Ask the candidate to upload it again.';
  }
  return 'something unexpected went wrong while writing it. Try again; if it fails again, tell IT.';
}
