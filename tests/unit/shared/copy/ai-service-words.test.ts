import { describe, expect, it } from 'vitest';
import { describeAiService } from '../../../../shared/copy/ai-service-words';
import type { AiServiceStatus } from '../../../../shared/domain/ai-service';

const at = '2026-11-25T10:42:00.000Z';
const utcTime = (iso: string) => iso.slice(11, 16);
const down = (reason: AiServiceStatus['reason'], waitingInterviews = 0): AiServiceStatus => ({ available: false, since: at, reason, waitingInterviews });

describe('the AI service line for proctors and staff', () => {
  it('says since when and why it is unavailable, and how many interviews wait', () => {
    expect(describeAiService(down('offline', 2), utcTime)).toBe('AI service unavailable since 10:42 (no network). 2 interviews waiting for transcription.');
    expect(describeAiService(down('outage', 1), utcTime)).toBe('AI service unavailable since 10:42 (service outage). 1 interview waiting for transcription.');
    expect(describeAiService(down('quota_exhausted'), utcTime)).toBe('AI service unavailable since 10:42 (account out of credit).');
    expect(describeAiService(down('not_configured'), utcTime)).toBe('AI service unavailable since 10:42 (not set up).');
  });

  it('says the service is back while answers recorded without it are still transcribed', () => {
    expect(describeAiService({ available: true, since: null, reason: null, waitingInterviews: 2 }, utcTime)).toBe('AI service back; transcribing 2 interviews…');
    expect(describeAiService({ available: true, since: null, reason: null, waitingInterviews: 1 }, utcTime)).toBe('AI service back; transcribing 1 interview…');
  });

  it('says nothing while all is well', () => {
    expect(describeAiService({ available: true, since: null, reason: null, waitingInterviews: 0 }, utcTime)).toBeNull();
  });
});
