import { describe, expect, it } from 'vitest';
import { expectNoSeriousA11yViolations } from './support/axe';
import { admin, completeSetup, expectScreen, fillSignIn, signOut } from './support/flows';
import { useKioskHarness } from './support/harness';

const harness = useKioskHarness();

describe('a device IT has set to recruiter mode', () => {
  it('offers staff sign-in only, with no candidate registration', async () => {
    const { app } = await harness.start({ machineSettings: { mode: 'recruiter' } });
    const { page } = app;
    await completeSetup(page, admin);

    // The admin sees the mode is fixed by IT and cannot change it here.
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Device settings' }).click();
    await expectScreen(page, 'Device settings');
    const modes = page.getByRole('group', { name: /Device mode/ });
    await modes.getByText('Managed by IT').waitFor();
    expect(await modes.getByRole('radio', { name: 'Recruiter laptop' }).isChecked()).toBe(true);
    expect(await modes.getByRole('radio', { name: 'Recruiter laptop' }).isDisabled()).toBe(true);
    expect(await modes.getByRole('radio', { name: 'Kiosk' }).isDisabled()).toBe(true);

    await signOut(page);
    await expectScreen(page, 'Staff sign-in');
    expect(await page.getByRole('button', { name: 'Create an account' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Candidate sign-in' }).count()).toBe(0);
    expect(await page.getByText(/register/i).count()).toBe(0);
    await expectNoSeriousA11yViolations(page, 'staff sign-in on a recruiter laptop');

    await fillSignIn(page, admin.email, admin.password);
    await expectScreen(page, 'Interviews');
  });
});
