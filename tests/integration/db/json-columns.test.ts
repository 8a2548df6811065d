import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { JsonColumnError } from '../../../src-main/db/errors';
import { insertSynced } from '../../../src-main/db/outbox';
import { assessmentResults, candidates, interviews, resumes, syncOutbox } from '../../../src-main/db/schema/index';
import type { AppDatabase } from '../../../src-main/db/open-database';
import { SteppingClock, useTempDirs } from './support';

const temp = useTempDirs();

function setup() {
  const store = temp.open(join(temp.make(), 'kiosk.sqlite'));
  const clock = new SteppingClock();
  const candidate = store.db.transaction((tx) =>
    insertSynced(tx, candidates, { email: 'c@example.com', fullName: 'Cand Idate', passwordHash: 'h' }, clock),
  );
  const addResume = (parsedData: unknown) =>
    store.db.transaction((tx) =>
      insertSynced(
        tx,
        resumes,
        // The cast lets the test hand the column what a buggy caller might.
        { candidateId: candidate.id, fileUrl: 'f', fileName: 'cv.pdf', fileSize: 1, parsedData: parsedData as never },
        clock,
      ),
    );
  return { store, clock, candidate, addResume };
}

function catchError(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

function resumeCount(store: AppDatabase): number {
  return store.db.select().from(resumes).all().length;
}

describe('JSON columns', () => {
  it('round-trip valid values as objects and keep NULL as null', () => {
    const { store, addResume } = setup();
    const parsedData = {
      skills: ['React'],
      experience_years: 2,
      technical_domains: { frontend: 'advanced' },
      extra_field: { nested: [1, 'two', null] },
    };
    addResume(parsedData);
    addResume(null);
    const rows = store.db.select({ parsedData: resumes.parsedData }).from(resumes).orderBy(resumes.id).all();
    expect(rows.map((r) => r.parsedData)).toEqual([parsedData, null]);
    const raw = store.sqlite.prepare('SELECT parsed_data FROM resumes ORDER BY id').all();
    expect(raw).toEqual([{ parsed_data: JSON.stringify(parsedData) }, { parsed_data: null }]);
  });

  it('refuse a value that breaks the schema on write, naming table and column, and store nothing', () => {
    const { store, addResume } = setup();
    const outboxBefore = store.db.select().from(syncOutbox).all().length;

    const error = catchError(() => addResume({ skills: 'React, TypeScript' }));
    expect(error).toBeInstanceOf(JsonColumnError);
    expect(error).toMatchObject({ table: 'resumes', column: 'parsed_data', direction: 'write' });
    expect((error as Error).message).toContain('resumes.parsed_data');
    expect((error as Error).message).toContain('skills');

    expect(resumeCount(store)).toBe(0);
    expect(store.db.select().from(syncOutbox).all().length).toBe(outboxBefore);
  });

  it('refuse values JSON cannot carry faithfully (a Date, NaN)', () => {
    const { addResume } = setup();
    expect(catchError(() => addResume({ parsed_when: new Date() }))).toBeInstanceOf(JsonColumnError);
    expect(catchError(() => addResume({ experience_years: Number.NaN }))).toBeInstanceOf(JsonColumnError);
  });

  it('enforce the schema on required JSON columns too (skill score above 100)', () => {
    const { store, clock, candidate } = setup();
    const interview = store.db.transaction((tx) =>
      insertSynced(tx, interviews, { candidateId: candidate.id, roleType: 'react' }, clock),
    );
    const error = catchError(() =>
      store.db.transaction((tx) =>
        insertSynced(tx, assessmentResults, { interviewId: interview.id, overallScore: 80, skillScores: { hooks: 150 } }, clock),
      ),
    );
    expect(error).toMatchObject({ table: 'assessment_results', column: 'skill_scores', direction: 'write' });
  });

  it('report a stored value that breaks the schema when it is read', () => {
    const { store, addResume } = setup();
    const resume = addResume({ skills: ['Go'] });
    store.sqlite.prepare(`UPDATE resumes SET parsed_data = '{"skills": 5}' WHERE id = ?`).run(resume.id);

    const error = catchError(() => store.db.select().from(resumes).all());
    expect(error).toBeInstanceOf(JsonColumnError);
    expect(error).toMatchObject({ table: 'resumes', column: 'parsed_data', direction: 'read' });
    expect((error as Error).message).toContain('resumes.parsed_data');
  });

  it('report stored text that is not JSON at all', () => {
    const { store, addResume } = setup();
    const resume = addResume({ skills: ['Go'] });
    store.sqlite.prepare(`UPDATE resumes SET parsed_data = '{oops' WHERE id = ?`).run(resume.id);

    const error = catchError(() => store.db.select().from(resumes).all());
    expect(error).toMatchObject({ table: 'resumes', column: 'parsed_data', direction: 'read' });
    expect((error as Error).message).toContain('not valid JSON');
  });
});
