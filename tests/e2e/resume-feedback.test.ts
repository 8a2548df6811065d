import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { Clock } from '../../src-main/common/clock';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeOpenAi, type FakeOpenAi } from '../fixtures/fake-openai';
import { makeResumeFixtures, type ResumeFixtures } from '../fixtures/resumes/make-resumes';
import { expectNoSeriousA11yViolations } from './support/axe';
import { admin, alertText, candidate, completeSetup, expectScreen, fillNewAccount, fillSignIn, recruiter, registerCandidate, signOut } from './support/flows';
import { useKioskHarness } from './support/harness';
import type { Person } from './support/flows';
import { FAKE_API_KEY } from './support/interview-flows';
import { FEEDBACK_GAP, FEEDBACK_RESOURCE, PARSED_RESUME, scriptResumeAi } from './support/resume-ai';

/**
 * Resumes through the real main process: the candidate uploads at the kiosk,
 * main checks, extracts and parses it (the fake OpenAI server plays the
 * model), feedback is written, and a recruiter edits and approves it.
 */
const harness = useKioskHarness();

const viewer: Person = { fullName: 'Priya Raman', email: 'priya.raman@example.com', password: 'Viewer#2025' };

let fixtures: ResumeFixtures;
let fixtureDir: string;
beforeAll(async () => {
  fixtureDir = mkdtempSync(join(tmpdir(), 'kiosk-resumes-'));
  fixtures = await makeResumeFixtures(fixtureDir);
});
afterAll(() => rmSync(fixtureDir, { recursive: true, force: true }));

let fake: FakeOpenAi;
beforeEach(async () => {
  fake = await startFakeOpenAi();
  scriptResumeAi(fake);
});
afterEach(async () => {
  await fake.close();
});

const hostOptions = () => ({ openAi: { baseUrl: fake.url, apiKey: FAKE_API_KEY } });

/** First start as admin, who adds the recruiter; then a candidate registers at the kiosk. */
async function setUp(page: Page): Promise<void> {
  await completeSetup(page, admin);
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Staff accounts' }).click();
  await expectScreen(page, 'Staff accounts');
  const form = page.getByRole('region', { name: 'Add a staff account' });
  await fillNewAccount(form, recruiter);
  await form.getByLabel('Role').selectOption('recruiter');
  await form.getByRole('button', { name: 'Create staff account' }).click();
  await form.getByRole('status').filter({ hasText: `Created a recruiter account for ${recruiter.fullName}` }).waitFor();
  await signOut(page);
  await registerCandidate(page, candidate);
}

async function upload(page: Page, path: string): Promise<void> {
  await page.getByLabel('Resume file', { exact: true }).setInputFiles(path);
  await page.getByRole('button', { name: 'Upload resume', exact: true }).click();
}

describe('resumes and feedback', () => {
  it('parses a resume uploaded at the kiosk, and a recruiter edits and approves the feedback', async () => {
    const { app } = await harness.start(hostOptions());
    const { page } = app;
    await setUp(page);

    expect(await page.getByText('Not yet available on this kiosk').count()).toBe(0);
    await expectNoSeriousA11yViolations(page, 'candidate home with the resume upload');

    // The form's quick check: no round trip for a file that is plainly not a resume.
    await page.getByLabel('Resume file', { exact: true }).setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('hello') });
    await page.getByText('Choose a PDF or Word (.docx) file. Other file types cannot be read.').waitFor();
    expect(await page.getByLabel('Resume file', { exact: true }).getAttribute('aria-invalid')).toBe('true');

    // Not a PDF inside, whatever its name says: main refuses it by its bytes.
    await upload(page, fixtures['program.exe.pdf']);
    const form = page.getByRole('form', { name: 'Upload your resume' });
    await expect.poll(() => alertText(form), { timeout: 15_000 }).toContain('This file is not a PDF or Word (.docx) document');

    await upload(page, fixtures['one-column.pdf']);
    const summary = page.getByRole('region', { name: 'What we read from your resume' });
    await summary.waitFor({ timeout: 30_000 });
    for (const skill of PARSED_RESUME.skills) await summary.getByText(skill, { exact: false }).first().waitFor();
    await summary.getByText('7 years').waitFor();
    await summary.getByText('Distributed systems: Advanced').waitFor();
    await summary.getByText(/MSc Computer Science, Jagiellonian University/).waitFor();
    await page.getByRole('status').filter({ hasText: 'Your resume has been read.' }).waitFor();
    await expectNoSeriousA11yViolations(page, 'candidate home with the parsed resume');

    await signOut(page);
    await page.getByRole('button', { name: 'Staff sign-in', exact: true }).click();
    await expectScreen(page, 'Staff sign-in');
    await fillSignIn(page, recruiter.email, recruiter.password);
    await expectScreen(page, 'Interviews');
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Resume feedback' }).click();
    await expectScreen(page, 'Resume feedback');

    // Feedback is written in the background after parsing; refresh until it is there.
    const card = page.getByRole('article', { name: `Feedback for ${candidate.fullName}` });
    await expect
      .poll(
        async () => {
          if ((await card.count()) > 0) return true;
          await page.getByRole('button', { name: 'Refresh', exact: true }).click();
          return false;
        },
        { timeout: 30_000, interval: 1000 },
      )
      .toBe(true);
    await card.getByText(candidate.email).waitFor();
    await card.getByText(/Sends automatically in \d+ h( \d+ min)?|Sends automatically in \d+ min/).waitFor();
    await card.getByText(FEEDBACK_GAP).waitFor();
    await card.getByText(FEEDBACK_RESOURCE, { exact: false }).first().waitFor();
    await expectNoSeriousA11yViolations(page, 'resume feedback queue');

    await card.getByRole('button', { name: 'Edit', exact: true }).click();
    const edited = 'Dear Grace, thank you for your resume. We suggest strengthening your front-end skills with React.';
    await card.getByLabel(`Email to ${candidate.fullName}`).fill(edited);
    await card.getByRole('button', { name: 'Save changes', exact: true }).click();
    await card.getByRole('status').filter({ hasText: 'Your changes are saved.' }).waitFor();
    await card.getByText(edited).waitFor();

    await card.getByRole('button', { name: 'Approve and send', exact: true }).click();
    await card.getByRole('button', { name: 'Yes, approve and send', exact: true }).click();
    await card.getByRole('status').filter({ hasText: /^Approved\./ }).waitFor();
    // No SMTP server is configured here, so the email is at most queued (or has failed); the card says which.
    await card.getByText(/Approved|Sent/).first().waitFor();
    await card.getByText(/Queued to send|Sending|Delivery failed/).first().waitFor();
    expect(await card.getByText('Delivered', { exact: false }).count()).toBe(0);
    expect(await card.getByRole('button', { name: 'Approve and send' }).count()).toBe(0);
    await expectNoSeriousA11yViolations(page, 'resume feedback after approval');

    await page.getByLabel('Show', { exact: true }).selectOption('all');
    await card.waitFor();
    await page.getByRole('region', { name: 'Resumes needing attention' }).getByText('Every uploaded resume has been read.').waitFor();
  });

  it('explains a resume that cannot be read, offers another try, and lists it for staff, read-only for a viewer', async () => {
    const { app } = await harness.start(hostOptions());
    const { page } = app;
    await completeSetup(page, admin);
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Staff accounts' }).click();
    const form = page.getByRole('region', { name: 'Add a staff account' });
    await fillNewAccount(form, viewer);
    await form.getByLabel('Role').selectOption('viewer');
    await form.getByRole('button', { name: 'Create staff account' }).click();
    await form.getByRole('status').filter({ hasText: `Created a viewer account for ${viewer.fullName}` }).waitFor();
    await signOut(page);
    await registerCandidate(page, candidate);

    // A scan has no text to read: it is accepted, then fails with a reason.
    await upload(page, fixtures['scanned.pdf']);
    const tryAgain = page.getByRole('button', { name: 'Try another file', exact: true });
    await tryAgain.waitFor({ timeout: 30_000 });
    await page.getByRole('status').filter({ hasText: 'We could not read your resume.' }).waitFor();
    await page.getByText(/We could not read scanned\.pdf: \S/).waitFor();
    await expectNoSeriousA11yViolations(page, 'candidate home with a failed resume');
    await tryAgain.click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('resume-file');

    await signOut(page);
    await page.getByRole('button', { name: 'Staff sign-in', exact: true }).click();
    await fillSignIn(page, viewer.email, viewer.password);
    await expectScreen(page, 'Interviews');
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Resume feedback' }).click();
    await expectScreen(page, 'Resume feedback');
    await page.getByText('only recruiters and administrators can edit or approve it').waitFor();
    await page.getByText('No feedback is waiting for approval.').waitFor();
    const attention = page.getByRole('region', { name: 'Resumes needing attention' });
    const row = attention.getByRole('row').filter({ hasText: candidate.email });
    await row.getByRole('cell', { name: 'scanned.pdf', exact: true }).waitFor();
    expect(await page.getByRole('button', { name: 'Approve and send' }).count()).toBe(0);
    await expectNoSeriousA11yViolations(page, 'resume feedback (viewer)');
  });

  it('shows staff feedback the AI could not write, with the reason, and writes it when a recruiter selects Try again', async () => {
    let outOfCredit = true;
    scriptResumeAi(fake, { failFeedback: () => (outOfCredit ? { kind: 'fault', fault: 'insufficient_quota' } : null) });
    // Main's clock is moved on past the job runner's waits between tries (30 s, then 60 s) rather than waited for.
    let offsetMs = 0;
    const clock: Clock = { now: () => new Date(Date.now() + offsetMs) };
    const { app } = await harness.start({ ...hostOptions(), clock });
    const { page } = app;
    await setUp(page);
    await upload(page, fixtures['one-column.pdf']);
    await page.getByRole('status').filter({ hasText: 'Your resume has been read.' }).waitFor({ timeout: 30_000 });

    await signOut(page);
    await page.getByRole('button', { name: 'Staff sign-in', exact: true }).click();
    await fillSignIn(page, recruiter.email, recruiter.password);
    await expectScreen(page, 'Interviews');
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Resume feedback' }).click();
    await expectScreen(page, 'Resume feedback');

    const failed = page.getByRole('region', { name: 'Feedback that could not be written' });
    const item = failed.getByRole('article', { name: `Feedback not written for ${candidate.fullName}` });
    await expect
      .poll(
        async () => {
          if ((await item.count()) > 0) return true;
          offsetMs += 70_000;
          await page.getByRole('button', { name: 'Refresh', exact: true }).click();
          return false;
        },
        { timeout: 30_000, interval: 1000 },
      )
      .toBe(true);
    expect(fake.requests.filter((request) => JSON.stringify(request.json ?? {}).includes('resume_feedback'))).toHaveLength(3);
    await item.getByText(/^Feedback could not be written: the OpenAI account is out of credit\./).waitFor();
    await item.getByText('one-column.pdf', { exact: false }).waitFor();
    await expectNoSeriousA11yViolations(page, 'resume feedback with feedback that could not be written');

    // From the keyboard: the button takes focus and Enter presses it.
    outOfCredit = false;
    const tryAgain = item.getByRole('button', { name: 'Try again', exact: true });
    await tryAgain.focus();
    await page.keyboard.press('Enter');
    await item.getByRole('status').filter({ hasText: 'Writing the feedback again.' }).waitFor();
    expect(await item.getByRole('button', { name: 'Try again' }).count()).toBe(0);
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent ?? '')).toBe(`Feedback not written for ${candidate.fullName}`);

    const card = page.getByRole('article', { name: `Feedback for ${candidate.fullName}` });
    await expect
      .poll(
        async () => {
          if ((await card.count()) > 0) return true;
          await page.getByRole('button', { name: 'Refresh', exact: true }).click();
          return false;
        },
        { timeout: 30_000, interval: 1000 },
      )
      .toBe(true);
    await card.getByText(FEEDBACK_GAP).waitFor();
    await expect.poll(() => failed.count()).toBe(0);
  });
});
