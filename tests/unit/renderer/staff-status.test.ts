import { createElement as h } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { FeedbackItem } from '../../../shared/domain/resume';
import type { SyncStatusView } from '../../../shared/ipc/sync-channels';
import { KioskCallContext, type KioskCall } from '../../../src-renderer/src/kiosk-context';
import { FeedbackCard } from '../../../src-renderer/src/screens/staff/feedback/FeedbackCard';
import { describeSync } from '../../../src-renderer/src/screens/staff/SyncStatusLine';

/** Two things staff read and act on: the sync line in the header, and a resume feedback email waiting for approval. */

function status(patch: Partial<SyncStatusView> = {}): SyncStatusView {
  return {
    configured: true,
    state: 'idle',
    lastError: null,
    lastSyncAt: null,
    pendingChanges: 0,
    pendingFiles: 0,
    rejected: 0,
    refusals: [],
    waiting: 0,
    waitingRows: [],
    ...patch,
  };
}

describe('the sync line', () => {
  it('says a device without sync keeps its data to itself, and never mentions endpoints or credentials', () => {
    expect(describeSync(status({ configured: false, state: 'not_configured' }))).toBe('Not syncing: this device keeps its data to itself until IT sets up sync.');
  });

  it('counts what is waiting, in words, while syncing and after a failure', () => {
    expect(describeSync(status({ state: 'syncing', pendingChanges: 1 }))).toBe('Syncing… 1 change waiting.');
    expect(describeSync(status({ state: 'syncing', pendingChanges: 12, pendingFiles: 2 }))).toBe('Syncing… 12 changes and 2 files waiting.');
    expect(describeSync(status({ state: 'offline', lastError: 'This device is offline; it will sync when the network is back.', pendingChanges: 3 }))).toBe(
      'This device is offline; it will sync when the network is back. 3 changes waiting.',
    );
    expect(describeSync(status({ state: 'error' }))).toBe('Sync failed; it will try again.');
  });

  it('says when it last synced, and points at refused changes for IT', () => {
    expect(describeSync(status({ lastSyncAt: null }))).toBe('Synced at never.');
    expect(describeSync(status({ lastSyncAt: '2026-11-26T09:30:00.000Z' }))).toMatch(/^Synced at \S+.*\.$/);
    expect(describeSync(status({ rejected: 2 }))).toBe('Synced at never. 2 changes refused by the hosted database; ask IT to look at them (details below).');
    expect(describeSync(status({ configured: false, state: 'not_configured', rejected: 1 }))).toContain('1 change refused by the hosted database');
    expect(describeSync(status({ waiting: 2 }))).toBe('Synced at never. 2 pulled rows wait for rows the hosted database has not sent; ask IT to look (details below).');
    expect(describeSync(status({ state: 'error', lastError: 'Sync failed.', rejected: 1, waiting: 1 }))).toBe(
      'Sync failed. 1 change refused by the hosted database; ask IT to look at them (details below). 1 pulled row waits for rows the hosted database has not sent; ask IT to look (details below).',
    );
  });
});

const refusingCall: KioskCall = () => Promise.reject(new Error('the feedback card called main while rendering'));

function feedback(patch: Partial<FeedbackItem> = {}): FeedbackItem {
  return {
    id: 'feedback-1',
    resumeId: 'resume-1',
    candidateName: 'Casey Candidate',
    candidateEmail: 'casey@example.com',
    status: 'pending_approval',
    feedbackContent: 'Thank you for your resume. Add the results of your projects, not only the tools you used.',
    identifiedGaps: ['Testing', 'Measurable results'],
    recommendedResources: [
      { title: 'Testing JavaScript', url: 'https://example.com/testing', reason: 'No testing experience is listed.' },
      { title: 'Writing a results-first resume', url: null, reason: 'Projects read as task lists.' },
    ],
    generatedAt: '2026-11-26T09:00:00.000Z',
    autoSendAt: '2026-11-27T09:00:00.000Z',
    approvedAt: null,
    approvedByName: null,
    sentAt: null,
    delivery: 'not_queued',
    deliveryError: null,
    ...patch,
  };
}

const NOW = Date.parse('2026-11-26T11:30:00.000Z');

function cardWords(item: FeedbackItem, canApprove: boolean): string {
  const html = renderToStaticMarkup(h(KioskCallContext.Provider, { value: refusingCall }, h(FeedbackCard, { item, canApprove, now: NOW, onChanged: () => undefined })));
  return html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#x27;/g, "'")
    .replace(/\s+/g, ' ')
    .replace(/ ([:.,;)])/g, '$1');
}

describe('a resume feedback card', () => {
  it('shows a recruiter the email, its gaps and resources, when it sends itself, and offers edit and approve', () => {
    const words = cardWords(feedback(), true);
    expect(words).toContain('Feedback for Casey Candidate');
    expect(words).toContain('Status Waiting for approval · Sends automatically in 21 h 30 min');
    expect(words).toContain('Email Thank you for your resume.');
    expect(words).toContain('Identified gaps Testing Measurable results');
    expect(words).toContain('Testing JavaScript (https://example.com/testing): No testing experience is listed.');
    expect(words).toContain('Writing a results-first resume: Projects read as task lists.');
    expect(words).toContain('Edit');
    expect(words).toContain('Approve and send');
    // No delivery yet, so no delivery line.
    expect(words).not.toContain('Delivery');
  });

  it('lets a viewer read it but not change or send it', () => {
    const words = cardWords(feedback(), false);
    expect(words).toContain('Waiting for approval');
    expect(words).not.toContain('Approve and send');
    expect(words).not.toContain('Edit');
  });

  it('after approval, says who approved it and how delivery went, with the error staff need', () => {
    const failed = cardWords(
      feedback({ status: 'approved', approvedAt: '2026-11-26T10:00:00.000Z', approvedByName: 'Riley Recruiter', delivery: 'failed', deliveryError: 'SMTP server refused the login' }),
      true,
    );
    expect(failed).toContain('Status Approved');
    expect(failed).not.toContain('Sends automatically');
    expect(failed).toMatch(/Approved \S.* by Riley Recruiter/);
    expect(failed).toContain('Delivery Delivery failed (SMTP server refused the login)');
    // Approved feedback is no longer editable, whoever looks.
    expect(failed).not.toContain('Approve and send');

    const sent = cardWords(feedback({ status: 'sent', approvedAt: '2026-11-26T10:00:00.000Z', delivery: 'delivered', sentAt: '2026-11-26T10:01:00.000Z', identifiedGaps: [], recommendedResources: [] }), true);
    expect(sent).toMatch(/Delivery Delivered, \S/);
    expect(sent).toContain('Identified gaps None identified.');
    expect(sent).toContain('Recommended resources None recommended.');
  });
});
