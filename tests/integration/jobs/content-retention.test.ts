import { afterEach, describe, expect, it } from 'vitest';
import { ContentStore } from '../../../src-main/files/content-store';
import { ContentRetention } from '../../../src-main/jobs/content-retention';
import { createLogger } from '../../../src-main/logging/logger';
import { ContentExpiryRepository } from '../../../src-main/repositories/content-expiry-repository';
import { FakeClock, createTestApp, type TestApp } from '../../support/test-app';
import { leftOnDevice, seedCandidate, type SeededCandidate } from '../erasure/support';

const DAY_MS = 24 * 60 * 60 * 1000;
const apps: TestApp[] = [];
afterEach(() => {
  for (const app of apps.splice(0)) app.close();
});

/** A device whose clock is 40 days after the candidate's interview, with IT's retention from the machine file. */
async function deviceWithOldInterview(retention: Record<string, number | null>) {
  const clock = new FakeClock(new Date(Date.now() + 40 * DAY_MS));
  const test = createTestApp({ clock, machineSettings: { retention } });
  apps.push(test);
  const seeded = await seedCandidate(test, { email: 'olga.old@example.com', fullName: 'Olga Oldfield', word: 'axolotl' });
  return { test, seeded, clock };
}

const [resumeFile, audioFile] = [0, 1];
const only = (seeded: SeededCandidate, fileIndex: number) => ({ strings: [], files: [seeded.files[fileIndex]!] });
const score = (test: TestApp, interviewId: string) =>
  test.app.database.sqlite.prepare('SELECT overall_score AS score, strengths FROM assessment_results WHERE interview_id = ?').get(interviewId);

describe('retention per kind of content', () => {
  it('the daily job deletes recordings after IT’s 30 days while the transcript, resume and scores stay', async () => {
    const { test, seeded, clock } = await deviceWithOldInterview({ recordingsDays: 30 });
    // The job ran at start, before the candidate came; a day later it runs again.
    clock.advance(DAY_MS + 1000);
    test.app.jobRunner.wake();
    await expect.poll(() => leftOnDevice(test, only(seeded, audioFile)), { timeout: 5000 }).toEqual([]);
    for (const kept of seeded.strings) expect(leftOnDevice(test, { strings: [kept], files: [] }).length, kept).toBeGreaterThan(0);
    expect(leftOnDevice(test, only(seeded, resumeFile)).length).toBeGreaterThan(0);
    expect(score(test, seeded.interviewId)).toEqual({ score: 70, strengths: expect.stringContaining('axolotl') });
  });

  it('each kind goes when its own period has passed; a period not yet passed keeps it', async () => {
    const { test, seeded, clock } = await deviceWithOldInterview({});
    let settings = { recordingsDays: null, transcriptsDays: 60, resumesDays: null, assessmentsDays: null } as Record<string, number | null>;
    const retention = new ContentRetention({
      expiry: new ContentExpiryRepository(test.app.database, clock),
      jobs: { ensureRecurring: () => undefined as never },
      store: new ContentStore(test.dataDir),
      settings: () => settings as never,
      clock,
      logger: createLogger({ sink: () => undefined }),
    });
    // 40 days old: a 60-day transcript period keeps it.
    expect(await retention.runNow()).toEqual({ transcripts: 0 });
    expect(leftOnDevice(test, { strings: ['I tuned the axolotl reconciler'], files: [] }).length).toBeGreaterThan(0);

    settings = { recordingsDays: null, transcriptsDays: 30, resumesDays: 30, assessmentsDays: 30 };
    expect(await retention.runNow()).toEqual({ transcripts: 2, resumes: 1, assessments: 1 });
    // Emptied and gone from the file: the transcript (the assessment quoted it too), the resume's file, name and parsed data.
    expect(leftOnDevice(test, { strings: ['I tuned the axolotl reconciler'], files: [seeded.files[resumeFile]!] })).toEqual([]);
    expect(test.app.database.sqlite.prepare('SELECT file_url, file_name, parsed_data FROM resumes').all()).toEqual([{ file_url: '', file_name: '', parsed_data: null }]);
    // Feedback not sent yet keeps its text, to be sent: retention never empties an email on its way.
    expect(test.app.database.sqlite.prepare('SELECT status, length(feedback_content) > 0 AS kept FROM resume_feedback').all()).toEqual([{ status: 'pending_approval', kept: 1 }]);
    // Scores, the recording and the person stay: those periods were not set.
    expect(score(test, seeded.interviewId)).toEqual({ score: 70, strengths: null });
    expect(leftOnDevice(test, only(seeded, audioFile)).length).toBeGreaterThan(0);
    expect(leftOnDevice(test, { strings: ['Olga Oldfield'], files: [] }).length).toBeGreaterThan(0);
    // Nothing left to do: a second run removes nothing.
    expect(await retention.runNow()).toEqual({ transcripts: 0, resumes: 0, assessments: 0 });
  });
});
