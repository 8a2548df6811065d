import { afterEach, describe, expect, it } from 'vitest';
import type { InterviewReview } from '../../../shared/domain/assessment';
import { readCsv } from '../../support/read-csv';
import { strongPassword } from '../../support/test-app';
import { useFakeOpenAi } from '../providers/support';
import { createInterviewHarness, scriptAi, type InterviewHarness } from '../interview/support';
import { openAssessment } from './review-views-support';
import { scoringChat, signInAdmin, STAFF_WINDOW, takeAndSubmitInterview, waitForScoring } from './support';

const RECRUITER_WINDOW = 'recruiter-1';
const VIEWER_WINDOW = 'viewer-1';
const PERIOD = { roleType: 'react', from: '2026-11-01', to: '2026-12-31' } as const;
/** Begins with a formula and holds a comma, quotes and a line break: each a CSV hazard. */
const NOTE = '=SUM(A1:A2), as "agreed"\nwith the hiring manager';

async function staff(h: InterviewHarness, email: string, fullName: string, role: 'recruiter' | 'viewer', windowId: string): Promise<void> {
  await h.ok('staff.create', { email, password: strongPassword, fullName, role }, STAFF_WINDOW);
  await h.ok('auth.signIn', { accountKind: 'staff', email, password: strongPassword }, windowId);
}

/** One CSV file's rows as header → cell, keyed by a column's value. */
function csvRows(content: string, key: string): Map<string, Record<string, string>> {
  const [header, ...records] = readCsv(content);
  return new Map(records.map((record) => {
    const row = Object.fromEntries(header!.map((name, index) => [name, record[index]!]));
    return [row[key]!, row];
  }));
}

describe('exports for hiring systems without webhooks (issue 21, point 4)', () => {
  const fake = useFakeOpenAi();
  let h: InterviewHarness;
  afterEach(() => h?.close());

  it('exports a decided and an undecided interview in each format, as CSV and JSON, to recruiters and admins only', async () => {
    h = createInterviewHarness(fake.server);
    scriptAi(fake.server, { otherChat: scoringChat({ script: { skillScore: (skillId) => (skillId === 'state-and-hooks' ? 92 : 81) } }) });
    await signInAdmin(h);
    await staff(h, 'rita@example.com', 'Rita Recruiter', 'recruiter', RECRUITER_WINDOW);
    await staff(h, 'vera@example.com', 'Vera Viewer', 'viewer', VIEWER_WINDOW);

    const decidedInterview = await takeAndSubmitInterview(h, 'decided@example.com');
    await waitForScoring(h, decidedInterview.id);
    await h.ok('auth.signOut', {});
    const undecidedInterview = await takeAndSubmitInterview(h, 'undecided@example.com');
    await waitForScoring(h, undecidedInterview.id);
    await h.ok('auth.signOut', {});

    await openAssessment(h, decidedInterview.id, RECRUITER_WINDOW);
    const before = await h.ok('review.get', { interviewId: decidedInterview.id }, RECRUITER_WINDOW);
    const agreed = before.aiRecommendation!.decision;
    const decided: InterviewReview = await h.ok('review.decide', { interviewId: decidedInterview.id, decision: agreed, note: NOTE }, RECRUITER_WINDOW);
    const decision = decided.decisions[0]!;
    const assessment = decided.assessment!;
    expect(assessment.skillScores.length).toBeGreaterThan(1);

    // Standard CSV: every field, skill scores flattened, formulas guarded, the note's comma, quotes and line break kept.
    const standardCsv = await h.ok('atsExport.make', { ...PERIOD, fileType: 'csv' }, RECRUITER_WINDOW);
    expect(standardCsv).toMatchObject({ fileName: 'ats-export-standard-react-2026-11-01-to-2026-12-31.csv', mediaType: 'text/csv', rows: 2 });
    const standard = csvRows(standardCsv.content, 'candidate_email');
    expect(standard.get('decided@example.com')).toMatchObject({
      candidate_name: 'Casey Candidate',
      role: 'react',
      role_title: 'React Developer',
      interview_id: decidedInterview.id,
      completed_at: decided.completedAt,
      assessment_status: 'complete',
      overall_score: String(assessment.overallScore),
      ai_recommendation: agreed,
      decision: agreed,
      decided_by: 'Rita Recruiter',
      decided_at: decision.decidedAt,
      note: `'${NOTE}`,
    });
    for (const skill of assessment.skillScores) expect(standard.get('decided@example.com')![`skill_${skill.skillId}`]).toBe(String(skill.score));
    expect(standard.get('undecided@example.com')).toMatchObject({ assessment_status: 'complete', decision: '', decided_by: '', decided_at: '', note: '' });

    // Standard JSON: the same fields, typed, and the note as written.
    const standardJson = await h.ok('atsExport.make', { ...PERIOD, fileType: 'json' }, RECRUITER_WINDOW);
    const json = JSON.parse(standardJson.content) as { schemaVersion: number; columns: string[]; rows: Record<string, unknown>[] };
    expect(json.schemaVersion).toBe(1);
    expect(json.columns).toEqual(readCsv(standardCsv.content)[0]);
    expect(json.rows.find((row) => row['interview_id'] === decidedInterview.id)).toMatchObject({ overall_score: assessment.overallScore, note: NOTE, decided_by: 'Rita Recruiter' });

    // Greenhouse: its import's columns; the assessment and decision written into Notes.
    const greenhouse = await h.ok('atsExport.make', { ...PERIOD, format: 'greenhouse', fileType: 'csv' }, STAFF_WINDOW);
    expect(readCsv(greenhouse.content)[0]).toEqual(['First Name', 'Last Name', 'Email', 'Job', 'Notes']);
    const greenhouseRow = csvRows(greenhouse.content, 'Email').get('decided@example.com')!;
    expect(greenhouseRow).toMatchObject({ 'First Name': 'Casey', 'Last Name': 'Candidate', Job: 'React Developer' });
    expect(greenhouseRow['Notes']).toContain(`Overall score: ${assessment.overallScore}/100`);
    expect(greenhouseRow['Notes']).toContain(`Decision: ${agreed}, by Rita Recruiter at ${decision.decidedAt}`);
    expect(greenhouseRow['Notes']).toContain(`Decision note: ${NOTE}`);

    // Lever, as JSON: its columns, with the tags.
    const lever = JSON.parse((await h.ok('atsExport.make', { ...PERIOD, format: 'lever', fileType: 'json' }, RECRUITER_WINDOW)).content) as { columns: string[]; rows: Record<string, string>[] };
    expect(lever.columns).toEqual(['Full name', 'Email', 'Tags', 'Notes']);
    expect(lever.rows.find((row) => row['Email'] === 'decided@example.com')).toMatchObject({ 'Full name': 'Casey Candidate', Tags: `Teamified Kiosk,React Developer,Teamified decision: ${agreed}` });
    expect(lever.rows.find((row) => row['Email'] === 'undecided@example.com')!['Tags']).toBe('Teamified Kiosk,React Developer');

    // By decision time: only the decided one. Another role, or another period: none.
    expect((await h.ok('atsExport.make', { ...PERIOD, by: 'decided', fileType: 'csv' }, RECRUITER_WINDOW)).rows).toBe(1);
    expect((await h.ok('atsExport.make', { ...PERIOD, roleType: 'python', fileType: 'csv' }, RECRUITER_WINDOW)).rows).toBe(0);
    expect((await h.ok('atsExport.make', { ...PERIOD, roleType: 'all', fileType: 'csv' }, RECRUITER_WINDOW)).rows).toBe(2);
    expect((await h.ok('atsExport.make', { ...PERIOD, from: '2026-01-01', to: '2026-01-31', fileType: 'csv' }, RECRUITER_WINDOW)).rows).toBe(0);

    // The export says what happened in the log, never whom (the logger would mask an email; a name or a note it could not).
    const exportLines = h.logLines.filter((line) => line.includes('ats export made'));
    expect(exportLines).toHaveLength(8);
    for (const line of exportLines) expect(line).not.toMatch(/Casey|Candidate|Rita|decided@|\[email\]/);
    expect(h.logLines.join('\n')).not.toContain('SUM(A1');
  });

  it('refuses viewers and candidates, and a role, date or period that is not one, changing nothing', async () => {
    h = createInterviewHarness(fake.server);
    await signInAdmin(h);
    await staff(h, 'vera@example.com', 'Vera Viewer', 'viewer', VIEWER_WINDOW);
    await h.signUp('casey@example.com');

    expect(await h.call('atsExport.make', { ...PERIOD, fileType: 'csv' }, VIEWER_WINDOW)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await h.call('atsExport.make', { ...PERIOD, fileType: 'csv' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await h.call('atsExport.make', { ...PERIOD, roleType: 'cobol', fileType: 'csv' }, STAFF_WINDOW)).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await h.call('atsExport.make', { ...PERIOD, fileType: 'xlsx' }, STAFF_WINDOW)).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await h.call('atsExport.make', { ...PERIOD, from: '2026-02-30', fileType: 'csv' }, STAFF_WINDOW)).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', message: expect.stringContaining('"2026-02-30" is not one') },
    });
    expect(await h.call('atsExport.make', { ...PERIOD, from: '2026-12-31', to: '2026-11-01', fileType: 'csv' }, STAFF_WINDOW)).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', message: expect.stringContaining('before it starts') },
    });
    // An empty period is a file with its header and no rows, not an error.
    const empty = await h.ok('atsExport.make', { ...PERIOD, format: 'greenhouse', fileType: 'csv' }, STAFF_WINDOW);
    expect(empty).toMatchObject({ rows: 0, content: 'First Name,Last Name,Email,Job,Notes\r\n' });
  });
});
