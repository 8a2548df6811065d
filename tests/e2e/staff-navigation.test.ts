import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeOpenAi, type FakeOpenAi } from '../fixtures/fake-openai';
import { expectNoSeriousA11yViolations } from './support/axe';
import { admin, candidate, completeSetup, expectScreen } from './support/flows';
import { useKioskHarness } from './support/harness';
import { FAKE_API_KEY, scriptInterviewAi } from './support/interview-flows';
import { agreeToNotice } from '../support/consent';

/**
 * The staff sections' tabs and headings: a tab always takes the reader to
 * its section's start (the Interviews tab out of an open interview, back to
 * the list), and each list is headed for what it actually shows.
 */
const harness = useKioskHarness();
const KIOSK_WINDOW = 'nav-test-kiosk';

let fake: FakeOpenAi;
beforeEach(async () => {
  fake = await startFakeOpenAi();
  scriptInterviewAi(fake);
});
afterEach(async () => {
  await fake.close();
});

describe('staff navigation', () => {
  it('the Interviews tab goes back to the list from an open interview, keeping its filters; headings name what the lists show', async () => {
    const { host, app } = await harness.start({ openAi: { baseUrl: fake.url, apiKey: FAKE_API_KEY } });
    const { page } = app;
    await completeSetup(page, admin);

    // A candidate starts an interview at the "kiosk" and is still answering: it is listed already, though not submitted.
    const registered = await host.call(KIOSK_WINDOW, 'auth.registerCandidate', { email: candidate.email, password: candidate.password, fullName: candidate.fullName });
    expect(registered.ok, JSON.stringify(registered)).toBe(true);
    await agreeToNotice({
      ok: async (channel, input) => {
        const result = await host.call(KIOSK_WINDOW, channel, input);
        if (!result.ok) throw new Error(`${channel}: ${result.error.message}`);
        return result.data;
      },
    });
    const started = await host.call(KIOSK_WINDOW, 'interview.start', { roleType: 'react' });
    expect(started.ok, JSON.stringify(started)).toBe(true);

    const nav = page.getByRole('navigation', { name: 'Sections' });
    const list = page.getByRole('region', { name: 'All interviews' });
    const row = list.getByRole('row').filter({ hasText: candidate.email });
    // The list does not poll for new interviews; choosing the tab again loads it afresh.
    await expect
      .poll(async () => {
        await nav.getByRole('button', { name: 'Interviews' }).click();
        return row.count();
      })
      .toBe(1);
    await row.getByText('In progress', { exact: true }).waitFor();
    expect(await page.getByRole('heading', { name: 'Submitted interviews' }).count()).toBe(0);

    await page.getByLabel('Status', { exact: true }).selectOption('in_progress');
    await row.waitFor();
    await row.getByRole('button', { name: new RegExp(candidate.fullName) }).click();
    await expectScreen(page, `Interview: ${candidate.fullName}`);

    // The tab, not only the "Back" link, leaves the interview for the list, which keeps its filter.
    const interviewsTab = nav.getByRole('button', { name: 'Interviews' });
    expect(await interviewsTab.getAttribute('aria-current')).toBe('page');
    await interviewsTab.click();
    await expectScreen(page, 'Interviews');
    await row.waitFor();
    expect(await page.getByLabel('Status', { exact: true }).inputValue()).toBe('in_progress');
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Interviews');
    await expectNoSeriousA11yViolations(page, 'interviews list after the tab');

    // Resume feedback: the list's heading follows the "Show" filter, not only the approval queue it opens on.
    await nav.getByRole('button', { name: 'Resume feedback' }).click();
    await expectScreen(page, 'Resume feedback');
    await page.getByRole('region', { name: 'Feedback waiting for approval' }).waitFor();
    await page.getByLabel('Show').selectOption('sent');
    await page.getByRole('region', { name: 'Sent feedback' }).getByText('No feedback has been sent yet.').waitFor();
    await page.getByLabel('Show').selectOption('all');
    await page.getByRole('region', { name: 'All feedback' }).waitFor();

    // Staff accounts lists deactivated accounts too, so not "current" ones.
    await nav.getByRole('button', { name: 'Staff accounts' }).click();
    await expectScreen(page, 'Staff accounts');
    await page.getByRole('region', { name: 'All staff accounts' }).getByRole('cell', { name: admin.email }).waitFor();
  });
});
