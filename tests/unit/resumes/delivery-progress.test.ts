import { describe, expect, it } from 'vitest';
import type { JobRecord } from '../../../src-main/repositories/job-repository';
import { deliveryProgress } from '../../../src-main/resumes/feedback-delivery';

const job = (status: JobRecord['status'], lastError: string | null = null) => ({ status, lastError });

describe('deliveryProgress', () => {
  it('calls sent feedback delivered, whatever its job says (the job may be on another device)', () => {
    expect(deliveryProgress('sent', null)).toEqual({ delivery: 'delivered', deliveryError: null });
    expect(deliveryProgress('sent', job('failed', 'SMTP refused'))).toEqual({ delivery: 'delivered', deliveryError: null });
  });

  it('calls feedback without an email job not queued', () => {
    expect(deliveryProgress('pending_approval', null)).toEqual({ delivery: 'not_queued', deliveryError: null });
  });

  it('follows the email job, keeping its last error for staff while it retries', () => {
    expect(deliveryProgress('approved', job('queued'))).toEqual({ delivery: 'queued', deliveryError: null });
    expect(deliveryProgress('approved', job('queued', 'Connection refused'))).toEqual({ delivery: 'queued', deliveryError: 'Connection refused' });
    expect(deliveryProgress('approved', job('running'))).toEqual({ delivery: 'sending', deliveryError: null });
    expect(deliveryProgress('approved', job('succeeded'))).toEqual({ delivery: 'delivered', deliveryError: null });
    expect(deliveryProgress('approved', job('failed', 'Authentication failed'))).toEqual({ delivery: 'failed', deliveryError: 'Authentication failed' });
    expect(deliveryProgress('approved', job('cancelled'))).toEqual({ delivery: 'failed', deliveryError: null });
  });
});
