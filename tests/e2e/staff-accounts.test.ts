import { describe, expect, it } from 'vitest';
import { expectNoSeriousA11yViolations } from './support/axe';
import { admin, completeSetup, expectScreen, fillNewAccount, fillSignIn, recruiter, signOut } from './support/flows';
import { useKioskHarness } from './support/harness';

const harness = useKioskHarness();

describe('first start and staff accounts', () => {
  it('sets up the first admin, who creates a recruiter that can then sign in to the interviews dashboard', async () => {
    const { app } = await harness.start();
    const { page } = app;

    await expectScreen(page, 'Set up this device');
    await expectNoSeriousA11yViolations(page, 'first-start setup');
    await completeSetup(page, admin);

    const header = page.getByRole('banner');
    await header.getByText(admin.fullName).waitFor();
    await header.getByText('Administrator').waitFor();
    await expectNoSeriousA11yViolations(page, 'staff home (admin)');

    const nav = page.getByRole('navigation', { name: 'Sections' });
    await nav.getByRole('button', { name: 'Staff accounts' }).click();
    await expectScreen(page, 'Staff accounts');
    const table = page.getByRole('table');
    await table.getByRole('cell', { name: admin.email }).waitFor();

    const form = page.getByRole('region', { name: 'Add a staff account' });
    await fillNewAccount(form, recruiter);
    await form.getByLabel('Role').selectOption('recruiter');
    await form.getByRole('button', { name: 'Create staff account' }).click();
    await form.getByRole('status').filter({ hasText: `Created a recruiter account for ${recruiter.fullName}` }).waitFor();
    const recruiterRow = table.getByRole('row').filter({ hasText: recruiter.email });
    await recruiterRow.waitFor();
    expect(await recruiterRow.getByRole('cell', { name: 'Recruiter', exact: true }).count()).toBe(1);
    // The form is emptied for the next account, so the password does not linger.
    expect(await form.getByLabel('Password', { exact: true }).inputValue()).toBe('');
    await expectNoSeriousA11yViolations(page, 'staff accounts');

    await signOut(page);
    await expectScreen(page, 'Sign in');
    await page.getByRole('button', { name: 'Staff sign-in', exact: true }).click();
    await expectScreen(page, 'Staff sign-in');
    await expectNoSeriousA11yViolations(page, 'staff sign-in');

    await fillSignIn(page, recruiter.email, recruiter.password);
    await expectScreen(page, 'Interviews');
    await page.getByText('No interviews yet.').waitFor();
    await page.getByText('An interview appears here as soon as a candidate starts it at a kiosk, not only once it is submitted.').waitFor();
    await header.getByText(recruiter.fullName).waitFor();
    await header.getByText('Recruiter', { exact: true }).waitFor();
    // Admin-only sections are not offered to a recruiter.
    expect(await page.getByRole('button', { name: 'Staff accounts' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Device settings' }).count()).toBe(0);
    await expectNoSeriousA11yViolations(page, 'staff home (recruiter)');
  });

  it('refuses a staff password that breaks the rules, naming the missing rule', async () => {
    const { app } = await harness.start();
    const { page } = app;
    await completeSetup(page, admin);
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Staff accounts' }).click();
    await expectScreen(page, 'Staff accounts');

    const form = page.getByRole('region', { name: 'Add a staff account' });
    await fillNewAccount(form, { ...recruiter, password: 'Recruiter2025' });
    await form.getByRole('button', { name: 'Create staff account' }).click();
    await form.getByText('Password needs a special character, like ! or #.').waitFor();
    expect(await form.getByLabel('Password', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByRole('table').getByRole('row').filter({ hasText: recruiter.email }).count()).toBe(0);
  });
});
