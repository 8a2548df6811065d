import { describe, expect, it } from 'vitest';
import { RESUME_UPLOAD_LIMIT } from '../../../shared/ipc/resume-channels';
import { strongPassword } from '../../support/test-app';
import { signInStaff, signUpCandidate, useResumeWorld } from './workflow-support';

/*
 * Issue 14, findings 5 and 7: how often a candidate may upload, and free text
 * that cannot lie (what a recruiter is shown is what is stored, and nothing
 * stored can hide or reorder characters).
 */

const world = useResumeWorld();
const { harness, fixture } = world;

describe('resume uploads per candidate', () => {
  it(`allows ${RESUME_UPLOAD_LIMIT.count} uploads in ${RESUME_UPLOAD_LIMIT.windowMs / 60_000} minutes, then says when to try again`, async () => {
    const t = harness();
    await signUpCandidate(t);
    for (let i = 0; i < RESUME_UPLOAD_LIMIT.count; i++) {
      await t.ok('resume.upload', { fileName: `resume-${i}.docx`, fileBase64: fixture('resume.docx') });
      t.clock.advance(60_000);
    }
    const refused = await t.call('resume.upload', { fileName: 'one-more.docx', fileBase64: fixture('resume.docx') });
    expect(refused).toMatchObject({ ok: false, error: { code: 'rate_limited', message: expect.stringMatching(/try again in \d+ minutes?/i) } });
    expect(t.rows('SELECT id FROM resumes')).toHaveLength(RESUME_UPLOAD_LIMIT.count);

    // Another candidate at another kiosk is not held up by the first.
    await signUpCandidate(t, 'kiosk-2');
    await t.ok('resume.upload', { fileName: 'theirs.docx', fileBase64: fixture('resume.docx') }, 'kiosk-2');

    t.clock.advance(RESUME_UPLOAD_LIMIT.windowMs);
    await t.ok('resume.upload', { fileName: 'later.docx', fileBase64: fixture('resume.docx') });
    expect(t.rows('SELECT id FROM resumes')).toHaveLength(RESUME_UPLOAD_LIMIT.count + 2);
  });
});

describe('names and file names', () => {
  it('stores a decomposed name as NFC, and the recruiter is shown exactly what is stored', async () => {
    const t = harness();
    await signInStaff(t);
    const decomposed = 'Zoe\u0308 A\u030Angstro\u0308m';
    const user = await t.ok('auth.registerCandidate', { email: 'nfc@example.com', password: strongPassword, fullName: decomposed }, 'kiosk');
    expect(user.fullName).toBe('Zoë Ångström'.normalize('NFC'));
    const fileName = 'Lebenslauf Jürgen.docx'.normalize('NFD');
    const uploaded = await t.ok('resume.upload', { fileName, fileBase64: fixture('resume.docx') });
    expect(uploaded.fileName).toBe(fileName.normalize('NFC'));

    const [row] = t.rows<{ full_name: string; file_name: string }>(
      'SELECT c.full_name, r.file_name FROM candidates c JOIN resumes r ON r.candidate_id = c.id WHERE c.email = ?',
      'nfc@example.com',
    );
    expect(row).toEqual({ full_name: decomposed.normalize('NFC'), file_name: fileName.normalize('NFC') });
    const review = await t.ok('resume.listForReview', { status: 'all' }, 'recruiter');
    const shown = review.resumes.find((item) => item.id === uploaded.id)!;
    expect({ full_name: shown.candidateName, file_name: shown.fileName }).toEqual(row);
  });

  it.each([
    ['a right-to-left override', 'Mallory \u202Egnp.exe'],
    ['a NUL', 'Mallory\u0000Smith'],
    ['a zero-width space', 'Mal\u200Blory Smith'],
    ['a C1 control', 'Mallory\u0085Smith'],
    ['a bidirectional isolate', 'Mallory \u2067Smith\u2069'],
    ['a byte-order mark', '\uFEFFMallory Smith'],
    ['a tab', 'Mallory\tSmith'],
  ])('refuses a name with %s, storing nothing', async (_what, fullName) => {
    const t = harness();
    const refused = await t.call('auth.registerCandidate', { email: 'mallory@example.com', password: strongPassword, fullName }, 'kiosk');
    expect(refused).toMatchObject({ ok: false, error: { code: 'invalid_input', fields: { fullName: expect.stringMatching(/U\+[0-9A-F]{4}/) } } });
    expect(t.rows('SELECT id FROM candidates')).toHaveLength(0);
  });

  it.each([
    ['a right-to-left override', '\u202Egnp.exe'],
    ['a NUL', 'resume\u0000.docx'],
    ['a zero-width joiner', 'resume\u200D.docx'],
    ['a newline', 'resume\n.docx'],
  ])('refuses a resume file name with %s, storing nothing', async (_what, fileName) => {
    const t = harness();
    await signUpCandidate(t);
    const refused = await t.call('resume.upload', { fileName, fileBase64: fixture('resume.docx') });
    expect(refused).toMatchObject({ ok: false, error: { code: 'invalid_input', fields: { fileName: expect.stringMatching(/U\+[0-9A-F]{4}/) } } });
    expect(t.rows('SELECT id FROM resumes')).toHaveLength(0);
    expect(t.rows('SELECT id FROM stored_files')).toHaveLength(0);
  });
});
