import { createElement as h } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { AuditEntryView, InterviewAuditTrail } from '../../../shared/domain/audit';
import { auditEntryWords } from '../../../src-renderer/src/screens/staff/review/audit-words';
import { AuditTrailTable } from '../../../src-renderer/src/screens/staff/review/AuditTrailPanel';

const HASH = 'a'.repeat(64);

function entry(kind: string, payload: Record<string, unknown>, sequence = 1): AuditEntryView {
  return { id: `e${sequence}`, deviceId: 'kiosk-1', sequence, kind, createdAt: '2026-11-25T09:00:00.000Z', entryHash: HASH, prevHash: HASH, payload };
}

const judged = entry('ai_call', {
  purpose: 'interview', endpoint: 'chat', model: 'gpt-4o-mini', snapshot: 'gpt-4o-mini-2024-07-18', template: { id: 'interview/v1/judge', version: 'b'.repeat(64) },
  promptTokens: 420, completionTokens: 35, outcome: 'ok', errorKind: null,
});
const spoken = entry('ai_call', { purpose: 'interview', endpoint: 'speech', model: 'tts-1', snapshot: null, template: null, characters: 88, outcome: 'error', errorKind: 'timeout' }, 2);
const scored = entry('assessment', { status: 'partial', questionBank: { version: 1, sha256: 'c'.repeat(64) }, passes: [{ status: 'succeeded' }, { status: 'failed' }] }, 3);

describe('the audit trail on the review screen', () => {
  it('says what the AI did, with which model and snapshot, template and version, usage and outcome', () => {
    expect(auditEntryWords(judged)).toEqual({
      what: 'Judged an answer',
      model: 'gpt-4o-mini (snapshot gpt-4o-mini-2024-07-18)',
      template: `interview/v1/judge, version ${'b'.repeat(12)}`,
      usage: '420 in, 35 out tokens',
      outcome: 'ok',
    });
    expect(auditEntryWords(spoken)).toEqual({ what: 'Spoke a question aloud', model: 'tts-1 (no snapshot reported)', template: 'none', usage: '88 characters', outcome: 'failed: timeout' });
    expect(auditEntryWords(scored)).toMatchObject({ what: 'Finished scoring: 1 of 2 passes produced output', outcome: 'partial', template: `Question bank v1 (${'c'.repeat(12)})` });
    expect(auditEntryWords(entry('ai_call', { unreadable: true })).what).toBe('Called the AI');
  });

  it('lists the entries with an export, and warns when the chain does not verify', () => {
    const trail: InterviewAuditTrail = { interviewId: 'i1', entries: [judged, spoken, scored], chains: [{ deviceId: 'kiosk-1', intact: true, detail: 'chain intact: 3 entries (sequences 1–3)' }] };
    const html = renderToStaticMarkup(h(AuditTrailTable, { trail }));
    expect(html).toContain('The trail verifies');
    expect(html).toContain('Export trail (JSON)');
    expect(html.match(/<tr>/g)).toHaveLength(4);
    expect(html).not.toContain('role="alert"');
    const broken = renderToStaticMarkup(h(AuditTrailTable, { trail: { ...trail, chains: [{ deviceId: 'kiosk-1', intact: false, detail: 'chain BROKEN at sequence 2 (missing)' }] } }));
    expect(broken).toContain('role="alert"');
    expect(broken).toContain('Device kiosk-1: chain BROKEN at sequence 2 (missing)');
    expect(renderToStaticMarkup(h(AuditTrailTable, { trail: { ...trail, entries: [], chains: [] } }))).toContain('No AI activity is recorded');
  });
});
