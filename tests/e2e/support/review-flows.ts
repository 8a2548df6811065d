import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterEach, beforeEach } from 'vitest';
import { startFakeOpenAi, type FakeOpenAi } from '../../fixtures/fake-openai';
import { SENDER, SMTP_PASSWORD, SMTP_USER } from '../../support/smtp-server';
import { admin, candidate, completeSetup, expectScreen, fillNewAccount, fillSignIn, signOut, type Person } from './flows';
import { useKioskHarness } from './harness';
import type { TestHost } from './host';
import { FAKE_API_KEY } from './interview-flows';
import { scriptReviewAi, seedSubmittedInterview, type ReviewAiOptions } from './seed-interview';

export const viewer: Person = { fullName: 'Priya Raman', email: 'priya.raman@example.com', password: 'Viewer#2025' };

/**
 * The recruiters' review, through the real main process: an interview is
 * taken and submitted through main's dispatcher (no kiosk UI), the fake
 * OpenAI server scores it, and staff review it in Chromium. One kit per test
 * file (tests/e2e/review*.test.ts), each file run in a worker of its own.
 */
export function useReviewKit() {
  const harness = useKioskHarness();
  const state: { fake?: FakeOpenAi; downloads?: string } = {};
  beforeEach(async () => {
    state.fake = await startFakeOpenAi();
    state.downloads = mkdtempSync(join(tmpdir(), 'kiosk-review-'));
  });
  afterEach(async () => {
    await state.fake?.close();
    if (state.downloads) rmSync(state.downloads, { recursive: true, force: true });
  });

  return {
    harness,
    /** Where the test saves what the page downloads. */
    downloads: () => state.downloads!,

    /** The fake AI scripted for review, and a host using it (and, with `smtpPort`, IT's mail server). */
    async start(options: ReviewAiOptions = {}, smtpPort?: number) {
      const fake = state.fake!;
      const ai = scriptReviewAi(fake, options);
      // IT's machine settings name the mail server; its password is stored once the admin exists (storeSmtpPassword).
      const machineSettings = smtpPort ? { smtp: { host: '127.0.0.1', port: smtpPort, secure: false, username: SMTP_USER, sender: SENDER } } : undefined;
      return { ai, ...(await harness.start({ openAi: { baseUrl: fake.url, apiKey: FAKE_API_KEY }, machineSettings })) };
    },
  };
}

/** First start as admin, who adds a staff account; meanwhile a candidate takes and submits an interview. */
export async function setUpReview(page: Page, host: TestHost, staff: Person, role: 'recruiter' | 'viewer') {
  const seeding = seedSubmittedInterview(host, candidate);
  seeding.catch(() => undefined); // awaited below; this only keeps Node from calling it unhandled meanwhile
  await completeSetup(page, admin);
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Staff accounts' }).click();
  await expectScreen(page, 'Staff accounts');
  const form = page.getByRole('region', { name: 'Add a staff account' });
  await fillNewAccount(form, staff);
  await form.getByLabel('Role').selectOption(role);
  await form.getByRole('button', { name: 'Create staff account' }).click();
  await form.getByRole('status').filter({ hasText: `Created a ${role} account for ${staff.fullName}` }).waitFor();
  await signOut(page);
  const { interviewId } = await seeding;
  return { interviewId };
}

export async function signInAsStaff(page: Page, person: Person): Promise<void> {
  await page.getByRole('button', { name: 'Staff sign-in', exact: true }).click();
  await expectScreen(page, 'Staff sign-in');
  await fillSignIn(page, person.email, person.password);
  await expectScreen(page, 'Interviews');
}

/** The admin stores the SMTP password, as they would in Settings, from a window of the test's own. */
export async function storeSmtpPassword(host: TestHost): Promise<void> {
  const window = 'it-setup';
  for (const [channel, input] of [
    ['auth.signIn', { accountKind: 'staff', email: admin.email, password: admin.password }],
    ['secrets.set', { name: 'smtp-password', value: SMTP_PASSWORD }],
  ] as const) {
    const result = await host.call(window, channel, input as never);
    if (!result.ok) throw new Error(`${channel}: ${result.error.message}`);
  }
}
