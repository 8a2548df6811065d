import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { expectNoSeriousA11yViolations } from './support/axe';
import { alertText, completeSetup, expectScreen } from './support/flows';
import { useKioskHarness } from './support/harness';

const harness = useKioskHarness();
const MANAGED_BASE_URL = 'http://127.0.0.1:9/v1';

async function openSettings(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Device settings' }).click();
  await expectScreen(page, 'Device settings');
  await page.getByLabel('SMTP host').waitFor();
}

/** The error shown with a field (what its aria-describedby points at, less its "!" icon), or '' when there is none. */
async function fieldError(page: Page, inputId: string): Promise<string> {
  const error = page.locator(`#${inputId}-error`);
  return (await error.count()) === 0 ? '' : (await error.innerText()).replace(/^!\s*/, '').trim();
}

async function save(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Save settings' }).click();
  const saved = page.getByRole('status').filter({ hasText: 'Settings saved.' });
  const refused = page.locator('#settings-alert').filter({ hasText: /\S/ });
  await saved.or(refused).first().waitFor();
  expect(await alertText(page.locator('#settings-alert').locator('..')), 'saving settings was refused').toBe('');
}

describe('device settings (admin)', () => {
  it('saves only changed settings, keeps IT-managed ones read-only, and stores a secret without showing it', async () => {
    const { app } = await harness.start({ machineSettings: { provider: { baseUrl: MANAGED_BASE_URL } } });
    const { page } = app;
    await completeSetup(page);
    await openSettings(page);

    const baseUrl = page.getByLabel('Provider base URL');
    expect(await baseUrl.inputValue()).toBe(MANAGED_BASE_URL);
    expect(await baseUrl.getAttribute('readonly')).not.toBeNull();
    expect(await page.locator('label[for="setting-provider-baseUrl"]').innerText()).toContain('Managed by IT');
    await expectNoSeriousA11yViolations(page, 'device settings');

    // Two saves touching different keys of one section: the second must not
    // reset what the first saved (a patch carries only what changed).
    await page.getByLabel('Text-to-speech voice').fill('nova');
    await save(page);
    await page.getByLabel('Interview model').fill('gpt-4.1-mini');
    await page.getByLabel('SMTP host').fill('smtp.example.com');
    await page.getByLabel('SMTP port').fill('465');
    await page.getByLabel('Use a secure (TLS) connection').check();
    await page.getByLabel('End-of-answer silence (milliseconds)').fill('3500');
    // The network (issue 20, point 7): direct keeps this test's loopback services reachable.
    await page.getByLabel('Proxy', { exact: true }).selectOption('direct');
    await page.getByLabel('Reach these hosts directly').fill('*.corp.example, <local>');
    await save(page);

    // Leave and come back: what shows now is what main stored.
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Interviews' }).click();
    await expectScreen(page, 'Interviews');
    await openSettings(page);
    expect(await page.getByLabel('Text-to-speech voice').inputValue()).toBe('nova');
    expect(await page.getByLabel('Interview model').inputValue()).toBe('gpt-4.1-mini');
    expect(await page.getByLabel('SMTP host').inputValue()).toBe('smtp.example.com');
    expect(await page.getByLabel('SMTP port').inputValue()).toBe('465');
    expect(await page.getByLabel('Use a secure (TLS) connection').isChecked()).toBe(true);
    expect(await page.getByLabel('Provider base URL').inputValue()).toBe(MANAGED_BASE_URL);
    expect(await page.getByLabel('End-of-answer silence (milliseconds)').inputValue()).toBe('3500');
    expect(await page.getByLabel('Proxy', { exact: true }).inputValue()).toBe('direct');
    expect(await page.getByLabel('Reach these hosts directly').inputValue()).toBe('*.corp.example, <local>');

    // A proxy address carrying a password is refused: the password belongs in the keychain.
    await page.getByLabel('Proxy address').fill('http://it:hunter2@proxy.corp.example:3128');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await expect.poll(() => fieldError(page, 'setting-network-proxyUrl')).toContain('without a password');
    await page.getByLabel('Proxy address').fill('');

    // A bad value is caught with the field named, and nothing is saved.
    await page.getByLabel('SMTP port').fill('70000');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByText('SMTP port must be a whole number from 1 to 65535.').waitFor();
    expect(await page.getByLabel('SMTP port').getAttribute('aria-invalid')).toBe('true');
    await page.getByLabel('SMTP port').fill('465');

    // Whatever is wrong (out of range, not a number, too long), the message beside the field names the setting and what it takes.
    const silence = page.getByLabel('End-of-answer silence (milliseconds)');
    const silenceMessage = 'End-of-answer silence must be a whole number of milliseconds from 800 to 10000.';
    for (const typed of ['4', 'two seconds', '1500.5']) {
      // Back to the saved value first, so each message below is this value's own.
      await silence.fill('3500');
      await page.getByRole('button', { name: 'Save settings' }).click();
      await expect.poll(() => fieldError(page, 'setting-interview-endOfTurnSilenceMs')).toBe('');
      await silence.fill(typed);
      await page.getByRole('button', { name: 'Save settings' }).click();
      await expect.poll(() => fieldError(page, 'setting-interview-endOfTurnSilenceMs'), { message: `after typing "${typed}"` }).toBe(silenceMessage);
      expect(await silence.getAttribute('aria-invalid')).toBe('true');
    }
    await silence.fill('3500');
    await page.getByLabel('SMTP host').fill(`${'relay.'.repeat(50)}example.com`);
    await page.getByRole('button', { name: 'Save settings' }).click();
    await expect.poll(() => fieldError(page, 'setting-smtp-host')).toBe('SMTP host must be text of at most 255 characters.');
    await page.getByLabel('SMTP host').fill('smtp.example.com');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByRole('status').filter({ hasText: 'Nothing to save: no settings were changed.' }).waitFor();
    expect(await page.getByLabel('End-of-answer silence (milliseconds)').inputValue()).toBe('3500');

    const secret = page.getByRole('form', { name: 'OpenAI API key' });
    await secret.getByText('Not stored').waitFor();
    const value = 'sk-test-e2e-0123456789abcdef';
    await secret.getByLabel('New OpenAI API key').fill(value);
    await secret.getByRole('button', { name: 'Store OpenAI API key' }).click();
    await secret.getByRole('status').filter({ hasText: 'OpenAI API key stored.' }).waitFor();
    await secret.getByText('Stored', { exact: true }).waitFor();
    expect(await secret.getByLabel('New OpenAI API key').inputValue()).toBe('');
    // Write-only: the value appears nowhere in the page.
    expect(await page.content()).not.toContain(value);
    await expectNoSeriousA11yViolations(page, 'device settings after saving');
  });
});
