import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Page } from 'playwright-core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AI_ACCOUNT_OUT_OF_CREDIT } from '../../shared/copy/ai-service-words';
import { TRANSCRIBE_ANSWER_JOB_KIND } from '../../shared/domain/interview';
import { startFakeOpenAi, type FakeOpenAi, type Reply } from '../fixtures/fake-openai';
import { expectNoSeriousA11yViolations } from './support/axe';
import { admin, completeSetup, expectScreen, fillSignIn, focusedElement, signOut } from './support/flows';
import { useKioskHarness } from './support/harness';
import { FAKE_API_KEY } from './support/interview-flows';
import { createProctorAccount, proctor } from './support/proctor-flows';

/**
 * What proctors and staff are told when the AI service is down (issue 19,
 * point 4), on the real main process with the fake AI provider failing on
 * every endpoint: the status line with the interviews waiting for
 * transcription, pushed to the staff screen as it changes, and the admin's
 * out-of-credit notice with its "Check again". The kiosk self-check is the
 * AI call that finds the service gone (or back).
 */
const harness = useKioskHarness();

let fake: FakeOpenAi;
beforeEach(async () => {
  fake = await startFakeOpenAi();
});
afterEach(async () => {
  await fake.close();
});

/** Every endpoint fails the same way, as a down service or an empty account does. */
function failEverywhere(reply: Reply): void {
  for (const endpoint of ['chat', 'transcriptions', 'speech'] as const) fake.setResponder(endpoint, () => reply);
}

/**
 * Answers recorded while the service was gone, as the interview queues them
 * for transcription: three answers of two interviews. Far in the future, so
 * the app's job runner leaves them queued whatever handlers it has.
 */
function queueTranscriptions(dataDir: string): void {
  const db = new Database(join(dataDir, 'kiosk.sqlite'));
  try {
    db.pragma('busy_timeout = 5000');
    const insert = db.prepare(
      `INSERT INTO jobs (id, kind, payload, status, run_at, created_at, updated_at, dedupe_key) VALUES (?, ?, ?, 'queued', '2999-01-01T00:00:00.000Z', ?, ?, ?)`,
    );
    const now = new Date().toISOString();
    for (const [n, interviewId] of [[1, 'interview-a'], [2, 'interview-a'], [3, 'interview-b']] as const) {
      insert.run(`00000000-0000-4000-8000-00000000000${n}`, TRANSCRIBE_ANSWER_JOB_KIND, JSON.stringify({ interviewId, messageId: `message-${n}` }), now, now, `transcribe:message-${n}`);
    }
  } finally {
    db.close();
  }
}

/** The time as the page shows it: the same formatting as the status line. */
const clockTime = (page: Page) => page.evaluate(() => new Date().toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }));
const summary = (page: Page) => page.locator('.self-check-summary');
const serviceLine = (page: Page, text: string | RegExp) => page.getByRole('status').filter({ hasText: text });

/** Runs the kiosk self-check from where the page is and waits for its findings. */
async function runSelfCheck(page: Page, open: () => Promise<void>): Promise<void> {
  await open();
  await expectScreen(page, 'Kiosk self-check');
  await summary(page).filter({ hasNotText: 'Checking this kiosk…' }).waitFor({ timeout: 20_000 });
}

describe('the AI service status', () => {
  it('shows the proctor since when the service is down and how many interviews wait, then that it is back and transcribing', async () => {
    const { host, app } = await harness.start({ openAi: { baseUrl: fake.url, apiKey: FAKE_API_KEY } });
    const { page } = app;
    await completeSetup(page, admin);
    await createProctorAccount(page);
    await signOut(page);
    await page.getByRole('button', { name: 'Staff sign-in', exact: true }).click();
    await fillSignIn(page, proctor.email, proctor.password);
    await expectScreen(page, 'Kiosk sitting');
    expect(await serviceLine(page, 'AI service').count()).toBe(0);

    // The provider refuses every call for ten minutes: an outage, not something this kiosk can fix.
    failEverywhere({ kind: 'fault', fault: 'rate_limited', retryAfterSeconds: 600 });
    const openFromProctor = () => page.getByRole('button', { name: 'Kiosk self-check', exact: true }).click();
    const before = await clockTime(page);
    await runSelfCheck(page, openFromProctor);
    const after = await clockTime(page);
    queueTranscriptions(host.dataDir);
    await page.getByRole('button', { name: 'Back to the sitting', exact: true }).click();
    await expectScreen(page, 'Kiosk sitting');
    const down = serviceLine(page, /^AI service unavailable since .+ \(service outage\)\. 2 interviews waiting for transcription\.$/);
    await down.waitFor();
    // Since the self-check's call failed, in the kiosk's clock time (a minute may have turned during it).
    const line = await down.innerText();
    expect([before, after].some((time) => line.startsWith(`AI service unavailable since ${time} (`))).toBe(true);
    await expectNoSeriousA11yViolations(page, 'proctor: AI service unavailable');

    fake.reset();
    await runSelfCheck(page, openFromProctor);
    await page.getByRole('button', { name: 'Back to the sitting', exact: true }).click();
    await serviceLine(page, 'AI service back; transcribing 2 interviews…').waitFor();
    expect(await down.count()).toBe(0);
  });

  it('tells an admin, live, that the account is out of credit; "Check again" says it still is, then clears once credit is added', async () => {
    const { app } = await harness.start({ openAi: { baseUrl: fake.url, apiKey: FAKE_API_KEY } });
    const { page } = app;
    await completeSetup(page, admin);
    failEverywhere({ kind: 'fault', fault: 'insufficient_quota' });

    // The status line and the notice sit under the sections, so they change while the admin is in one.
    await runSelfCheck(page, () => page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Kiosk self-check', exact: true }).click());
    await serviceLine(page, /^AI service unavailable since .+ \(account out of credit\)\.$/).waitFor();
    const notice = page.getByRole('region', { name: 'AI account out of credit' });
    await notice.waitFor();
    expect(await notice.getByText(AI_ACCOUNT_OUT_OF_CREDIT).count()).toBe(1);
    await expectNoSeriousA11yViolations(page, 'admin: AI account out of credit');

    const checkAgain = notice.getByRole('button', { name: 'Check again', exact: true });
    await checkAgain.click();
    await notice.getByRole('alert').filter({ hasText: /^Still not working: The AI provider account has run out of credit/ }).waitFor();

    // Credit added: the next check gets an answer, and the notice goes.
    fake.reset();
    await checkAgain.click();
    await notice.waitFor({ state: 'detached' });
    await page.getByText('The AI service answered: interviews use it again.').waitFor();
    expect(await focusedElement(page)).toBe('p "The AI service answered: interviews use it again."');
    expect(await serviceLine(page, 'AI service unavailable').count()).toBe(0);
  });
});
