import type { Page } from 'playwright-core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeMicrophoneArgs, makeSpeechWav } from '../fixtures/audio/make-speech-wav';
import { startFakeOpenAi, type FakeOpenAi } from '../fixtures/fake-openai';
import { expectNoSeriousA11yViolations } from './support/axe';
import { admin, completeSetup, expectScreen, fillSignIn, focusedElement, signOut } from './support/flows';
import { useKioskHarness } from './support/harness';
import { FAKE_API_KEY } from './support/interview-flows';
import { createProctorAccount, proctor, tabTo } from './support/proctor-flows';

/**
 * The pre-sitting self-check (issue 17, point 5), on the real main process
 * with the fake AI provider: the proctor opens it from their screen, the
 * admin from the staff sections. The browser host has no Electron shell, so
 * its three checks say they could not be made here; the fake microphone
 * plays speech, so the microphone check hears sound.
 */
const harness = useKioskHarness({ chromiumArgs: () => fakeMicrophoneArgs(makeSpeechWav({ text: 'Testing the kiosk microphone, one two three.' })) });

let fake: FakeOpenAi;
beforeEach(async () => {
  fake = await startFakeOpenAi();
});
afterEach(async () => {
  await fake.close();
});

const summary = (page: Page) => page.locator('.self-check-summary');
const checks = (page: Page) => page.getByRole('region', { name: 'Checks' });
/** A check's heading names it and its status in words: "AI provider: Passed". */
const checkHeading = (page: Page, name: string) => checks(page).getByRole('heading', { level: 3, name, exact: true });
/** The list item of the check whose heading is `name`. */
const checkItem = (page: Page, name: string) => checks(page).getByRole('listitem').filter({ has: page.getByRole('heading', { level: 3, name, exact: true }) });

/** Until main's checks are in: the summary stops saying it is checking. */
async function checked(page: Page): Promise<string> {
  await summary(page).filter({ hasNotText: 'Checking this kiosk…' }).waitFor({ timeout: 20_000 });
  return (await summary(page).innerText()).trim();
}

/** First start, and the proctor's account; leaves the kiosk on the proctor's screen. */
async function proctorAtKiosk(page: Page): Promise<void> {
  await completeSetup(page, admin);
  await createProctorAccount(page);
  await signOut(page);
  await page.getByRole('button', { name: 'Staff sign-in', exact: true }).click();
  await expectScreen(page, 'Staff sign-in');
  await fillSignIn(page, proctor.email, proctor.password);
  await expectScreen(page, 'Kiosk sitting');
}

describe('the kiosk self-check', () => {
  it('shows the proctor every check with its status in words, what was found and what to fix', async () => {
    const { app } = await harness.start({ openAi: { baseUrl: fake.url, apiKey: FAKE_API_KEY } });
    const { page } = app;
    await proctorAtKiosk(page);

    await page.getByRole('button', { name: 'Kiosk self-check', exact: true }).click();
    await expectScreen(page, 'Kiosk self-check');
    // The loading state first, in the polite status region; then a summary in words.
    expect(await page.getByRole('status').filter({ hasText: /Checking this kiosk…|to fix before a sitting|All checks passed|Nothing to fix/ }).count()).toBe(1);
    expect(await checked(page)).toMatch(/^\d+ things? to fix before a sitting/);

    const items = checks(page).getByRole('listitem');
    expect(await items.count()).toBe(13);
    await checkHeading(page, 'AI provider: Passed').waitFor();
    // No proxy and no CA bundle set: the network line says so.
    expect(await checkItem(page, 'Network: Passed').innerText()).toMatch(/Proxy: system: no proxy set \(direct\)\. No CA bundle set/);
    await checkHeading(page, 'Disk space: Passed').waitFor();
    // The browser host runs from the project, not an installed build: it never updates itself.
    expect(await checkItem(page, 'Updates: Passed').innerText()).toMatch(/not an installed build/);
    await checkHeading(page, 'Sync: Needs attention').waitFor();
    // The browser host keeps secrets in memory: the key is there, until it closes.
    await checkHeading(page, 'Keychain: Needs attention').waitFor();
    for (const shellOnly of ['OS kiosk lock', 'Sandbox', 'Displays']) await checkHeading(page, `${shellOnly}: Not checked`).waitFor();
    await checkHeading(page, 'Clock: Not checked').waitFor();
    // The proctor sees the offline question audio's line; its live progress bar is for IT.
    await checkHeading(page, 'Offline question audio: Needs attention').waitFor();
    expect(await page.getByRole('progressbar').count()).toBe(0);
    expect(await checkItem(page, 'Sync: Needs attention').innerText()).toMatch(/Sync is not set up[\s\S]*To fix: IT enrols this device/);
    expect(await checkItem(page, 'AI provider: Passed').innerText()).toMatch(/127\.0\.0\.1:\d+ \(model .+\) answered in \d+ ms/);
    expect(fake.requests.filter((request) => request.endpoint === 'chat')).toHaveLength(1);

    // The microphone hears the fake microphone's speech; its level is a meter with a value in words.
    await checkHeading(page, 'Microphone: Passed').waitFor({ timeout: 20_000 });
    expect(await page.getByRole('meter', { name: /Microphone level/ }).getAttribute('aria-valuetext')).toMatch(/out of 100/);
    // Only a person can say whether the speakers work.
    await checkHeading(page, 'Speakers or headphones: Not checked').waitFor();
    await expectNoSeriousA11yViolations(page, 'kiosk self-check (proctor)');
    await page.getByRole('button', { name: 'Play a test tone', exact: true }).click();
    await page.getByRole('button', { name: 'I heard it', exact: true }).click();
    await checkHeading(page, 'Speakers or headphones: Passed').waitFor();
    expect(await page.getByRole('button', { name: 'I heard it', exact: true }).getAttribute('aria-pressed')).toBe('true');
    await page.getByRole('button', { name: 'I heard nothing', exact: true }).click();
    await checkHeading(page, 'Speakers or headphones: Fix before a sitting').waitFor();
    expect(await checkItem(page, 'Speakers or headphones: Fix before a sitting').innerText()).toMatch(/To fix: .*volume is up/);
    await expectNoSeriousA11yViolations(page, 'kiosk self-check (proctor), speakers not heard');

    await page.getByRole('button', { name: 'Back to the sitting', exact: true }).click();
    await expectScreen(page, 'Kiosk sitting');
  });

  it('is one of the admin’s sections, and checks again on request', async () => {
    const { app } = await harness.start({ openAi: { baseUrl: fake.url, apiKey: FAKE_API_KEY } });
    const { page } = app;
    await completeSetup(page, admin);
    const nav = page.getByRole('navigation', { name: 'Sections' });
    await nav.getByRole('button', { name: 'Kiosk self-check', exact: true }).click();
    await expectScreen(page, 'Kiosk self-check');
    expect(await nav.getByRole('button', { name: 'Kiosk self-check', exact: true }).getAttribute('aria-current')).toBe('page');
    expect(await page.getByRole('button', { name: 'Back to the sitting' }).count()).toBe(0);
    await checked(page);
    await checkHeading(page, 'AI provider: Passed').waitFor();
    // IT sees how much of the question bank's audio is ready, in words and as a bar (the kiosk prepares it once idle a while).
    await checkHeading(page, 'Offline question audio: Needs attention').waitFor();
    expect(await checkItem(page, 'Offline question audio: Needs attention').innerText()).toMatch(/0 of 360 question bank questions ready to be spoken with no AI service/);
    const bar = page.getByRole('progressbar', { name: 'Offline question audio: 0 of 360 ready' });
    await bar.waitFor();
    expect(await bar.getAttribute('max')).toBe('360');
    await expectNoSeriousA11yViolations(page, 'kiosk self-check (admin)');

    // The provider stops accepting the key: checking again says so, and what to do.
    fake.enqueue('chat', { kind: 'fault', fault: 'unauthorized' });
    await page.getByRole('button', { name: 'Check again', exact: true }).click();
    await checkHeading(page, 'AI provider: Fix before a sitting').waitFor({ timeout: 20_000 });
    expect(await checked(page)).toMatch(/to fix before a sitting/);
    expect(await checkItem(page, 'AI provider: Fix before a sitting').innerText()).toMatch(/HTTP 401[\s\S]*To fix: The key was refused/);
    expect(fake.requests.filter((request) => request.endpoint === 'chat')).toHaveLength(2);
    await expectNoSeriousA11yViolations(page, 'kiosk self-check (admin), provider refused');
  });

  it('works by keyboard alone, from the proctor’s screen and back', async () => {
    const { app } = await harness.start({ openAi: { baseUrl: fake.url, apiKey: FAKE_API_KEY } });
    const { page } = app;
    await proctorAtKiosk(page);

    // No mouse from here on.
    await tabTo(page, 'button "Kiosk self-check"');
    await page.keyboard.press('Enter');
    await expectScreen(page, 'Kiosk self-check');
    expect(await focusedElement(page)).toBe('h1 "Kiosk self-check"');
    await checked(page);
    await tabTo(page, 'button "Check again"');
    await page.keyboard.press('Enter');
    await checked(page);
    await tabTo(page, 'button "Play a test tone"');
    await page.keyboard.press('Enter');
    await tabTo(page, 'button "I heard it"');
    await page.keyboard.press('Space');
    await checkHeading(page, 'Speakers or headphones: Passed').waitFor();
    await tabTo(page, 'button "Back to the sitting"', { back: true, limit: 40 });
    await page.keyboard.press('Enter');
    await expectScreen(page, 'Kiosk sitting');
    expect(await focusedElement(page)).toBe('h1 "Kiosk sitting"');
  });
});
