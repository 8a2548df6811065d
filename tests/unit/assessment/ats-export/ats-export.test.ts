import { describe, expect, it } from 'vitest';
import { atsColumns } from '../../../../src-main/assessment/ats-export/ats-columns';
import { AtsExportService, type AtsExportRequest, type AtsRole } from '../../../../src-main/assessment/ats-export/ats-export-service';
import { assessmentNote, splitName } from '../../../../src-main/assessment/ats-export/ats-notes';
import type { AtsRow } from '../../../../src-main/assessment/ats-export/ats-row';
import { AppFailure } from '../../../../src-main/common/app-failure';
import type { Logger } from '../../../../src-main/logging/logger-types';
import type { ReviewRow } from '../../../../src-main/repositories/assessment-repository';
import type { DecisionWithName } from '../../../../src-main/repositories/decision-repository';
import type { RoleType } from '../../../../shared/domain/interview';
import { readCsv } from '../../../support/read-csv';

const react: AtsRole = {
  title: 'React Developer',
  skills: [
    { id: 'hooks', name: 'State and hooks' },
    { id: 'jsx', name: 'Components and JSX' },
  ],
  recommendation: { advanceAtOrAbove: 70, holdAtOrAbove: 50 },
};
const python: AtsRole = { title: 'Python Developer', skills: [{ id: 'typing', name: 'Typing' }], recommendation: { advanceAtOrAbove: 80, holdAtOrAbove: 60 } };

const row: AtsRow = {
  candidateName: 'Casey de la Cruz',
  candidateEmail: 'casey@example.com',
  roleType: 'react',
  roleTitle: 'React Developer',
  interviewId: 'i-1',
  completedAt: '2026-03-02T10:00:00.000Z',
  assessmentStatus: 'complete',
  overallScore: 78,
  skillScores: { hooks: 80, jsx: 75 },
  aiRecommendation: 'advance',
  decision: 'advance',
  decidedBy: 'Ada Admin',
  decidedAt: '2026-03-03T09:00:00.000Z',
  note: 'Strong on hooks, "really".',
};

const cells = (format: 'standard' | 'greenhouse' | 'lever', value: AtsRow = row) =>
  Object.fromEntries(atsColumns(format, react.skills).map((column) => [column.name, column.value(value)]));

describe('the columns of each export format', () => {
  it('standard: every field, one column each, skill scores flattened in the role’s order', () => {
    expect(atsColumns('standard', react.skills).map((column) => column.name)).toEqual([
      'candidate_name',
      'candidate_email',
      'role',
      'role_title',
      'interview_id',
      'completed_at',
      'assessment_status',
      'overall_score',
      'skill_hooks',
      'skill_jsx',
      'ai_recommendation',
      'decision',
      'decided_by',
      'decided_at',
      'note',
    ]);
    expect(cells('standard')).toMatchObject({ role: 'react', overall_score: 78, skill_hooks: 80, skill_jsx: 75, decided_by: 'Ada Admin', note: 'Strong on hooks, "really".' });
    // An unscored skill, and an undecided interview, are empty cells, never zeros.
    const undecided = cells('standard', { ...row, skillScores: { hooks: 80 }, decision: null, decidedBy: null, decidedAt: null, note: null });
    expect(undecided).toMatchObject({ skill_jsx: null, decision: null, decided_by: null, decided_at: null, note: null });
  });

  it('greenhouse: First Name, Last Name, Email, Job and the assessment in Notes', () => {
    expect(Object.keys(cells('greenhouse'))).toEqual(['First Name', 'Last Name', 'Email', 'Job', 'Notes']);
    expect(cells('greenhouse')).toMatchObject({ 'First Name': 'Casey', 'Last Name': 'de la Cruz', Email: 'casey@example.com', Job: 'React Developer' });
    expect(cells('greenhouse').Notes).toBe(assessmentNote(row, react.skills));
  });

  it('lever: Full name, Email, Tags (comma-separated, no space, none holding a comma) and Notes', () => {
    expect(Object.keys(cells('lever'))).toEqual(['Full name', 'Email', 'Tags', 'Notes']);
    expect(cells('lever')).toMatchObject({ 'Full name': 'Casey de la Cruz', Email: 'casey@example.com', Tags: 'Teamified Kiosk,React Developer,Teamified decision: advance' });
    expect(cells('lever', { ...row, roleTitle: 'Developer, React', decision: null }).Tags).toBe('Teamified Kiosk,Developer React');
  });
});

describe('the note written for Greenhouse and Lever', () => {
  it('says the candidate in full, the role, interview, scores by skill name, the AI’s recommendation and the decision with its note', () => {
    expect(assessmentNote(row, react.skills).split('\n')).toEqual([
      'Teamified Kiosk interview assessment',
      'Candidate: Casey de la Cruz <casey@example.com>',
      'Role: React Developer',
      'Interview: i-1, completed 2026-03-02T10:00:00.000Z',
      'Assessment: complete',
      'Overall score: 78/100',
      'Skill scores: State and hooks 80; Components and JSX 75',
      'AI recommendation: advance',
      'Decision: advance, by Ada Admin at 2026-03-03T09:00:00.000Z',
      'Decision note: Strong on hooks, "really".',
    ]);
  });

  it('says so when nothing is scored or decided', () => {
    const note = assessmentNote({ ...row, assessmentStatus: 'not_scored', overallScore: null, skillScores: {}, aiRecommendation: null, decision: null, decidedBy: null, decidedAt: null, note: null }, react.skills);
    expect(note).toContain('Assessment: not scored on the exporting device');
    expect(note).toContain('Overall score: none');
    expect(note).not.toContain('Skill scores');
    expect(note).toContain('AI recommendation: none (no score)');
    expect(note).toContain('Decision: none recorded yet');
  });

  it('splits a name at its first space, and leaves the last name empty rather than guess one', () => {
    expect(splitName('  Ana   María López ')).toEqual({ first: 'Ana', last: 'María López' });
    expect(splitName('Madonna')).toEqual({ first: 'Madonna', last: '' });
    expect(splitName('')).toEqual({ first: '', last: '' });
  });
});

/** A live interview as listForReview returns it; only what the export reads is filled in. */
function review(id: string, fields: { roleType?: RoleType; status?: string; completedAt?: string | null; name?: string; email?: string; assessment?: Partial<NonNullable<ReviewRow['assessment']>> | null }): ReviewRow {
  return {
    interview: { id, roleType: fields.roleType ?? 'react', status: fields.status ?? 'completed', completedAt: fields.completedAt === undefined ? '2026-03-02T10:00:00.000Z' : fields.completedAt },
    candidateName: fields.name ?? `Candidate ${id}`,
    candidateEmail: fields.email ?? `${id}@example.com`,
    assessment: fields.assessment === null ? null : { status: 'complete', overallScore: 78, skillScores: { hooks: 80, jsx: 75 }, ...fields.assessment },
  } as unknown as ReviewRow;
}

function decided(interviewId: string, decidedAt: string, decision: DecisionWithName['decision'] = 'advance'): DecisionWithName {
  return { interviewId, decidedAt, decision, decidedByName: 'Ada Admin', note: '' } as DecisionWithName;
}

function service(reviews: ReviewRow[], decisions: DecisionWithName[] = [], scoring: string[] = []) {
  const logged: unknown[] = [];
  const logger: Logger = { debug: () => {}, info: (message, fields) => logged.push({ message, fields }), warn: () => {}, error: () => {}, child: () => logger };
  const made = new AtsExportService({
    assessments: { listForReview: () => reviews },
    decisions: { latestWithNamesByInterview: () => new Map(decisions.map((decision) => [decision.interviewId, decision])) },
    scoringNow: () => new Set(scoring),
    role: (roleType) => (roleType === 'python' ? python : react),
    clock: { now: () => new Date('2026-04-01T12:00:00.000Z') },
    logger,
  });
  return { made, logged };
}

const request: AtsExportRequest = { roleType: 'react', from: '2026-03-01', to: '2026-03-31', by: 'completed', format: 'standard', fileType: 'json' };
const rowsOf = (file: { content: string }) => (JSON.parse(file.content) as { rows: Record<string, unknown>[] }).rows;

describe('which interviews an export holds', () => {
  const reviews = [
    review('in-march', {}),
    review('first-day', { completedAt: '2026-03-01T00:00:00.000Z' }),
    review('last-day', { completedAt: '2026-03-31T23:59:59.999Z' }),
    review('april', { completedAt: '2026-04-01T00:00:00.000Z' }),
    review('february', { completedAt: '2026-02-28T23:59:59.999Z' }),
    review('python', { roleType: 'python', assessment: { skillScores: { typing: 66 }, overallScore: 66 } }),
    review('abandoned', { status: 'abandoned', completedAt: null }),
    review('going', { status: 'in_progress', completedAt: null }),
  ];

  it('takes the submitted interviews of the role completed in the period, both days whole, oldest first', () => {
    const { made } = service(reviews);
    expect(rowsOf(made.make(request)).map((value) => value['interview_id'])).toEqual(['first-day', 'in-march', 'last-day']);
    expect(rowsOf(made.make({ ...request, roleType: 'all' })).map((value) => value['interview_id'])).toEqual(['first-day', 'in-march', 'python', 'last-day']);
  });

  it('by decision time: the interviews whose latest decision falls in the period, whenever they were completed', () => {
    const { made } = service(reviews, [decided('february', '2026-03-05T08:00:00.000Z'), decided('in-march', '2026-04-02T08:00:00.000Z')]);
    expect(rowsOf(made.make({ ...request, by: 'decided' })).map((value) => value['interview_id'])).toEqual(['february']);
  });

  it('for all roles, has every role’s skill columns, and a column for a stored score whose skill no role lists any more', () => {
    const { made } = service([...reviews, review('renamed', { assessment: { skillScores: { 'old-skill': 55 } } })]);
    const file = made.make({ ...request, roleType: 'all', fileType: 'csv' });
    const [header] = readCsv(file.content);
    expect(header!.filter((name) => name.startsWith('skill_'))).toEqual(['skill_hooks', 'skill_jsx', 'skill_typing', 'skill_old-skill']);
  });

  it('gives each row its status, the AI’s recommendation from the role’s bands, and the latest decision', () => {
    const { made } = service(
      [
        review('scored', { assessment: { overallScore: 65 } }),
        review('python-scored', { roleType: 'python', assessment: { overallScore: 55, skillScores: { typing: 55 } } }),
        review('queued', { assessment: null }),
        review('elsewhere', { assessment: null }),
        review('failed', { assessment: { status: 'failed', overallScore: null, skillScores: {} } }),
      ],
      [decided('scored', '2026-03-03T09:00:00.000Z', 'reject')],
      ['queued'],
    );
    const rows = Object.fromEntries(rowsOf(made.make({ ...request, roleType: 'all' })).map((value) => [value['interview_id'], value]));
    expect(rows['scored']).toMatchObject({ assessment_status: 'complete', overall_score: 65, ai_recommendation: 'hold', decision: 'reject', decided_by: 'Ada Admin', decided_at: '2026-03-03T09:00:00.000Z' });
    // Python's bands are higher: 55, a hold for React, is a reject there.
    expect(rows['python-scored']).toMatchObject({ ai_recommendation: 'reject', decision: null, decided_by: null });
    expect(rows['queued']).toMatchObject({ assessment_status: 'scoring', overall_score: null, ai_recommendation: null });
    expect(rows['elsewhere']).toMatchObject({ assessment_status: 'not_scored' });
    expect(rows['failed']).toMatchObject({ assessment_status: 'failed', overall_score: null });
  });

  it('writes JSON with its schema version and the request, and logs the counts, never a candidate', () => {
    const { made, logged } = service([review('in-march', { name: 'Zed Secret', email: 'zed@example.com' })]);
    const file = made.make({ ...request, format: 'lever' });
    expect(file).toMatchObject({ fileName: 'ats-export-lever-react-2026-03-01-to-2026-03-31.json', mediaType: 'application/json', rows: 1 });
    expect(JSON.parse(file.content)).toMatchObject({
      schemaVersion: 1,
      format: 'lever',
      role: 'react',
      period: { from: '2026-03-01', to: '2026-03-31', by: 'completed' },
      generatedAt: '2026-04-01T12:00:00.000Z',
      columns: ['Full name', 'Email', 'Tags', 'Notes'],
      rows: [{ 'Full name': 'Zed Secret', Email: 'zed@example.com' }],
    });
    expect(JSON.stringify(logged)).not.toMatch(/Zed|zed@/);
    expect(logged).toEqual([{ message: 'ats export made', fields: { format: 'lever', fileType: 'json', roleType: 'react', by: 'completed', rows: 1 } }]);
  });

  it('writes CSV guarded against formulas, where JSON keeps the value as stored', () => {
    const { made } = service([review('in-march', { name: '=HYPERLINK("http://evil.example")', email: '-x@example.com' })]);
    const csv = readCsv(made.make({ ...request, fileType: 'csv' }).content);
    expect(csv[1]!.slice(0, 2)).toEqual(['\'=HYPERLINK("http://evil.example")', "'-x@example.com"]);
    expect(rowsOf(made.make(request))[0]).toMatchObject({ candidate_name: '=HYPERLINK("http://evil.example")', candidate_email: '-x@example.com' });
  });

  it('refuses a role it does not know and a period that is not one, saying which field', () => {
    const { made } = service(reviews);
    const refusal = (changes: Partial<AtsExportRequest>) => {
      try {
        made.make({ ...request, ...changes } as AtsExportRequest);
      } catch (error) {
        if (error instanceof AppFailure) return { code: error.code, fields: error.fields };
        throw error;
      }
      throw new Error('not refused');
    };
    expect(refusal({ roleType: 'cobol' as RoleType })).toEqual({ code: 'invalid_input', fields: { roleType: 'The role must be one of react, python, javascript, fullstack, or all.' } });
    expect(refusal({ from: '2026-02-30' })).toMatchObject({ code: 'invalid_input', fields: { from: expect.stringContaining('YYYY-MM-DD') } });
    expect(refusal({ from: '2026-04-01', to: '2026-03-01' })).toMatchObject({ code: 'invalid_input', fields: { to: 'Must be on or after the first day.' } });
  });
});
