import { describe, expect, it } from 'vitest';
import { PermanentJobError } from '../../../src-main/jobs/job-runner';
import { ProviderError, type ProviderErrorKind } from '../../../src-main/providers/ai/errors';
import { feedbackFailureReason, NothingToWriteOnError } from '../../../src-main/resumes/feedback-failure-reason';

const kinds: ProviderErrorKind[] = [
  'rate_limited',
  'quota_exhausted',
  'server_error',
  'timeout',
  'circuit_open',
  'unauthorized',
  'bad_request',
  'context_length',
  'schema_mismatch',
  'refused',
  'truncated',
  'too_large',
  'budget_exceeded',
  'network',
  'malformed_reply',
  'not_configured',
];

const providerError = (kind: ProviderErrorKind) =>
  new ProviderError(kind, 'chat', `The AI provider's language model service answered 500 (${kind}); request req_123.`, { retryable: false, status: 500, requestId: 'req_123' });

describe('feedbackFailureReason', () => {
  it('gives every provider failure words for a recruiter, never the provider’s message', () => {
    for (const kind of kinds) {
      const reason = feedbackFailureReason(providerError(kind));
      // Read after "Feedback could not be written:", so a clause ending in a full stop.
      expect(reason, kind).toMatch(/^[a-z].*\.$/);
      expect(reason, kind).not.toMatch(/500|req_123|provider/);
    }
  });

  it('names the cases a recruiter acts on differently', () => {
    expect(feedbackFailureReason(providerError('quota_exhausted'))).toMatch(/^the OpenAI account is out of credit/);
    expect(feedbackFailureReason(providerError('network'))).toMatch(/could not reach the AI service \(no network\)/);
    for (const kind of ['server_error', 'timeout', 'circuit_open', 'rate_limited'] as const) {
      expect(feedbackFailureReason(providerError(kind)), kind).toMatch(/^the AI service was unavailable/);
    }
    expect(feedbackFailureReason(providerError('not_configured'))).toMatch(/no OpenAI API key is set up/);
    expect(feedbackFailureReason(new NothingToWriteOnError())).toMatch(/^the resume’s text could not be read/);
  });

  it('does not take another permanent failure for an unreadable resume', () => {
    expect(feedbackFailureReason(new PermanentJobError('The job was interrupted more times than it may be tried.'))).toMatch(/^something unexpected went wrong/);
    expect(feedbackFailureReason(new Error('SQLITE_BUSY'))).toMatch(/^something unexpected went wrong/);
  });
});
