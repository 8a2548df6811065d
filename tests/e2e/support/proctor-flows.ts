import type { Page } from 'playwright-core';
import { admin, candidate, completeSetup, expectScreen, fillNewAccount, fillSignIn, focusedElement, registerCandidate, signOut, type Person } from './flows';

/** Proctored sittings (issue 17): the people, and the steps several proctor tests share. No vitest here, like flows.ts. */

export const proctor: Person = { fullName: 'Priya Natarajan', email: 'priya.natarajan@example.com', password: 'Proctor#Desk2025' };
export const PROCTOR_PIN = '482913';

/** The admin, on the staff home, creates the proctor's account through Staff accounts. */
export async function createProctorAccount(page: Page, person: Person = proctor): Promise<void> {
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Staff accounts' }).click();
  await expectScreen(page, 'Staff accounts');
  const form = page.getByRole('region', { name: 'Add a staff account' });
  await fillNewAccount(form, person);
  await form.getByLabel('Role').selectOption('proctor');
  await form.getByRole('button', { name: 'Create staff account' }).click();
  await form.getByRole('status').filter({ hasText: `Created a proctor account for ${person.fullName}` }).waitFor();
}

/** First start, the proctor's account, and a registered candidate; leaves the kiosk on the candidate's sign-in. */
export async function prepareProctoredKiosk(page: Page, person: Person = candidate): Promise<void> {
  await completeSetup(page, admin);
  await createProctorAccount(page);
  await signOut(page);
  await registerCandidate(page, person);
  await signOut(page);
}

/**
 * From the kiosk's sign-in: the proctor signs in, sets their PIN, opens a
 * React sitting for `person` (registered already), granting the
 * accommodations labelled `accommodations`, and hands the kiosk over, which
 * leaves it on `person`'s sign-in.
 */
export async function openSittingAndHandOver(page: Page, person: Person, accommodations: readonly string[] = []): Promise<void> {
  await page.getByRole('button', { name: 'Staff sign-in', exact: true }).click();
  await expectScreen(page, 'Staff sign-in');
  await fillSignIn(page, proctor.email, proctor.password);
  await expectScreen(page, 'Kiosk sitting');
  await page.getByLabel('PIN', { exact: true }).fill(PROCTOR_PIN);
  await page.getByLabel('PIN again', { exact: true }).fill(PROCTOR_PIN);
  await page.getByRole('button', { name: 'Save PIN', exact: true }).click();
  const open = page.getByRole('region', { name: 'Open a sitting' });
  await open.getByLabel('Candidate’s email').fill(person.email);
  await open.getByLabel('Identity document checked').fill('Passport');
  await open.getByLabel('I checked this document against the person at the kiosk.').check();
  await open.getByLabel('Interview', { exact: true }).selectOption('react');
  for (const label of accommodations) await open.getByLabel(label, { exact: true }).check();
  await open.getByRole('button', { name: 'Open the sitting' }).click();
  await page.getByRole('button', { name: 'Hand over to the candidate' }).click();
  await expectScreen(page, 'Sign in');
}

/** Ctrl+Alt+Shift+P, pressed wherever focus is: the PIN dialog opens. */
export async function pressExitSequence(page: Page): Promise<void> {
  await page.keyboard.press('Control+Alt+Shift+KeyP');
  await page.getByRole('dialog', { name: 'Proctor PIN' }).waitFor();
}

/** Types the PIN where the dialog put focus and presses Enter. */
export async function enterPin(page: Page, pin: string): Promise<void> {
  await page.keyboard.type(pin);
  await page.keyboard.press('Enter');
}

/** The exit sequence and the right PIN: the proctor's panel opens over the candidate's screen. */
export async function openProctorPanel(page: Page, pin: string = PROCTOR_PIN): Promise<void> {
  await pressExitSequence(page);
  await enterPin(page, pin);
  await page.getByRole('dialog', { name: 'Proctor controls' }).waitFor();
}

/**
 * Presses Tab (or Shift+Tab) until the focused element is `target` (as
 * focusedElement describes it), failing after `limit` presses with where
 * focus went: keyboard-only steps that do not depend on the exact count.
 */
export async function tabTo(page: Page, target: string, { limit = 25, back = false } = {}): Promise<void> {
  const seen: string[] = [];
  for (let press = 0; press < limit; press++) {
    const now = await focusedElement(page);
    if (now === target) return;
    seen.push(now);
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
  }
  if ((await focusedElement(page)) === target) return;
  throw new Error(`Tab never reached ${target} in ${limit} presses; focus went: ${seen.join(' → ')}`);
}
