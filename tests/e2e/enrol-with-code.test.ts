import { describe, expect, it } from 'vitest';
import { completeSetup, expectScreen } from './support/flows';
import { useKioskHarness } from './support/harness';

const harness = useKioskHarness();

/** The error shown with a field (its aria-describedby target, less the "!" icon). */
async function fieldError(page: import('playwright-core').Page, inputId: string): Promise<string> {
  const error = page.locator(`#${inputId}-error`);
  await error.waitFor();
  return (await error.innerText()).replace(/^!\s*/, '').trim();
}

describe('Device settings → Enrol with a code (admin)', () => {
  it('says under the field what is wrong with the code, and that the database cannot be reached, with the code still unused', async () => {
    const { app } = await harness.start();
    const { page } = app;
    await completeSetup(page);
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Device settings' }).click();
    await expectScreen(page, 'Device settings');
    const panel = page.getByRole('region', { name: 'Enrol with a code' });

    await panel.getByLabel('Hosted database address').fill('127.0.0.1:9');
    await panel.getByLabel('Enrolment code').fill('7KQ2M');
    await panel.getByRole('button', { name: 'Enrol this device' }).click();
    expect(await fieldError(page, 'enrol-code')).toMatch(/^An enrolment code has 10 letters and digits/);

    await panel.getByLabel('Enrolment code').fill('7kq2m-xh4td');
    await panel.getByRole('button', { name: 'Enrol this device' }).click();
    expect(await fieldError(page, 'enrol-host')).toMatch(/^Cannot reach the hosted database at 127\.0\.0\.1:9 .*the code is still unused\.$/);
    // Nothing was kept: the code is still in its field for another try.
    expect(await panel.getByLabel('Enrolment code').inputValue()).toBe('7kq2m-xh4td');
  });
});
