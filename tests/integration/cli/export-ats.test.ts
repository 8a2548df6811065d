import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DECISION_NOTE, FORMULA_NAME, PERIOD, seedAtsInterviews } from '../../fixtures/ats-interviews';
import { readCsv } from '../../support/read-csv';
import { useTempDirs } from '../db/support';
import { cli } from './support';

const temp = useTempDirs();

/** A device database in a data folder, holding the fixture's interviews. */
function device(): string {
  const dataDir = temp.make();
  const store = temp.open(join(dataDir, 'kiosk.sqlite'));
  seedAtsInterviews(store.sqlite);
  store.close();
  return dataDir;
}

const period = ['--from', PERIOD.from, '--to', PERIOD.to];

/** `npm run cli -- export ats` (issue 21, point 4) over a real device database. */
describe('npm run cli -- export ats', () => {
  it('prints the standard CSV of every role by default, formulas guarded, scores flattened, the decision with its decider', async () => {
    const dataDir = device();
    const { code, out, err } = await cli('export', 'ats', ...period, '--data-dir', dataDir);
    expect({ code, err }).toEqual({ code: 0, err: '' });
    const [header, ...rows] = readCsv(out);
    const cell = (row: string[], name: string) => row[header!.indexOf(name)];
    expect(rows.map((row) => cell(row, 'interview_id'))).toEqual(['react-1', 'python-1']);
    const react = rows[0]!;
    expect(cell(react, 'candidate_name')).toBe(`'${FORMULA_NAME}`);
    expect([cell(react, 'role_title'), cell(react, 'assessment_status'), cell(react, 'overall_score')]).toEqual(['React Developer', 'complete', '81']);
    expect([cell(react, 'skill_components-and-jsx'), cell(react, 'skill_state-and-hooks'), cell(react, 'skill_testing')]).toEqual(['84', '78', '']);
    expect([cell(react, 'ai_recommendation'), cell(react, 'decision'), cell(react, 'decided_by'), cell(react, 'note')]).toEqual(['advance', 'advance', 'Rita Recruiter', DECISION_NOTE]);
    expect([cell(rows[1]!, 'role'), cell(rows[1]!, 'decision'), cell(rows[1]!, 'skill_testing')]).toEqual(['python', '', '55']);
  });

  it('writes Greenhouse’s columns as JSON to a file only its owner can read', async () => {
    const dataDir = device();
    const file = join(temp.make(), 'greenhouse.json');
    writeFileSync(file, 'an older export', { mode: 0o644 });
    const written = await cli('export', 'ats', ...period, '--role', 'react', '--format', 'greenhouse', '--json', '--out', file, '--data-dir', dataDir);
    expect(written).toMatchObject({ code: 0, err: '', out: `Wrote 1 interview to ${file}\n` });
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o777).toBe(0o600);
    const json = JSON.parse(readFileSync(file, 'utf8')) as { schemaVersion: number; columns: string[]; rows: Record<string, string>[] };
    expect(json.schemaVersion).toBe(1);
    expect(json.columns).toEqual(['First Name', 'Last Name', 'Email', 'Job', 'Notes']);
    // JSON keeps the value as stored: no spreadsheet opens it.
    expect(json.rows[0]).toMatchObject({ 'First Name': '=HYPERLINK("http://evil.example","Ann', Email: 'react-1@example.com', Job: 'React Developer' });
    expect(json.rows[0]!['Notes']).toContain('Decision: advance, by Rita Recruiter at 2026-05-11T08:00:00.000Z');
  });

  it('by decision time, and says what is wrong with a request', async () => {
    const dataDir = device();
    const decided = await cli('export', 'ats', ...period, '--by', 'decided', '--format', 'lever', '--data-dir', dataDir);
    expect(readCsv(decided.out).map((row) => row[0])).toEqual(['Full name', `'${FORMULA_NAME}`]);
    expect(await cli('export', 'ats', ...period, '--role', 'cobol', '--data-dir', dataDir)).toMatchObject({ code: 2, err: expect.stringContaining('--role must be one of react, python, javascript, fullstack, all.') });
    expect(await cli('export', 'ats', ...period, '--format', 'workday', '--data-dir', dataDir)).toMatchObject({ code: 2, err: expect.stringContaining('--format must be one of') });
    expect(await cli('export', 'ats', '--from', '2026-05-01', '--data-dir', dataDir)).toMatchObject({ code: 2, err: expect.stringContaining('Give the period') });
    expect(await cli('export', 'ats', '--from', '2026-02-30', '--to', '2026-03-01', '--data-dir', dataDir)).toMatchObject({ code: 2, err: expect.stringContaining('"2026-02-30" is not one') });
    expect(await cli('export', 'ats', ...period, '--data-dir', temp.make())).toMatchObject({ code: 1, err: expect.stringContaining('No device database at') });
  });
});
