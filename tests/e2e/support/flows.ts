import type { Locator, Page } from 'playwright-core';

export interface Person {
  fullName: string;
  email: string;
  password: string;
}

export const admin: Person = { fullName: 'Amira Haddad', email: 'amira.haddad@example.com', password: 'Admin#Setup2025' };
export const recruiter: Person = { fullName: 'Jonas Berg', email: 'jonas.berg@example.com', password: 'Recruit#2025' };
export const candidate: Person = { fullName: 'Grace Okafor', email: 'grace.okafor@example.com', password: 'Interview#2025' };

/** Waits for the screen's h1; a wrong screen fails here with the heading it expected. */
export async function expectScreen(page: Page, heading: string): Promise<void> {
  const h1 = page.getByRole('heading', { level: 1, name: heading, exact: true });
  try {
    await h1.waitFor({ state: 'visible' });
  } catch (error) {
    const actual = await page
      .getByRole('heading', { level: 1 })
      .allTextContents()
      .catch(() => []);
    throw new Error(`Expected the "${heading}" screen, but the page shows h1 ${JSON.stringify(actual)}.\n${String(error)}`);
  }
  const h1s = await page.getByRole('heading', { level: 1 }).count();
  if (h1s !== 1) throw new Error(`one h1 per screen: the "${heading}" screen shows ${h1s} h1 elements.`);
}

/** Text of the form's alert region(s), trimmed; empty when there is none. */
export async function alertText(scope: Page | Locator): Promise<string> {
  return (await scope.getByRole('alert').allInnerTexts()).join(' ').replace(/\s+/g, ' ').trim();
}

export async function fillNewAccount(scope: Page | Locator, person: Person, confirm = person.password): Promise<void> {
  await scope.getByLabel('Full name', { exact: true }).fill(person.fullName);
  await scope.getByLabel('Email', { exact: true }).fill(person.email);
  await scope.getByLabel('Password', { exact: true }).fill(person.password);
  await scope.getByLabel('Confirm password', { exact: true }).fill(confirm);
}

/** First start: create the administrator, which signs them in on the staff home. */
export async function completeSetup(page: Page, person: Person = admin): Promise<void> {
  await expectScreen(page, 'Set up this device');
  await fillNewAccount(page, person);
  await page.getByRole('button', { name: 'Create administrator', exact: true }).click();
  await expectScreen(page, 'Interviews');
}

export async function signOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  await page.getByRole('status').filter({ hasText: 'You have signed out.' }).waitFor();
}

export async function fillSignIn(page: Page, email: string, password: string): Promise<void> {
  await page.getByLabel('Email', { exact: true }).fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
}

/**
 * Submits and waits until main has answered: the button leaves its pending
 * state and the password field has been cleared for the next try.
 */
export async function submitFailingSignIn(page: Page, email: string, password: string): Promise<string> {
  await fillSignIn(page, email, password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).and(page.locator(':enabled')).waitFor();
  const field = page.getByLabel('Password', { exact: true });
  await waitUntil(async () => (await field.inputValue()) === '', () => 'The password field was not cleared after a failed sign-in: did main answer?');
  return alertText(page);
}

/**
 * Polls `check` every 50 ms until it holds, like vitest's expect.poll (whose
 * 1 s default this keeps), but usable outside vitest: the benchmarks drive
 * the same screens from a plain Node process, where importing vitest throws.
 */
async function waitUntil(check: () => Promise<boolean>, failure: () => string, timeoutMs = 1000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() >= deadline) throw new Error(`${failure()} (waited ${timeoutMs} ms)`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** From the kiosk's candidate sign-in: register and land on the candidate home. */
export async function registerCandidate(page: Page, person: Person = candidate): Promise<void> {
  await expectScreen(page, 'Sign in');
  await page.getByRole('button', { name: 'Create an account', exact: true }).click();
  await expectScreen(page, 'Create your account');
  await fillNewAccount(page, person);
  await page.getByRole('button', { name: 'Create account', exact: true }).click();
  await expectScreen(page, `Welcome, ${person.fullName}`);
}

/** The element that has focus, described for assertions and failure messages. */
export async function focusedElement(page: Page): Promise<string> {
  return page.evaluate(() => {
    const element = document.activeElement;
    if (!element || element === document.body) return 'body';
    const label = element.id ? document.querySelector(`label[for="${element.id}"]`)?.textContent?.trim() : undefined;
    return `${element.tagName.toLowerCase()}${label ? ` "${label}"` : ''}${element.textContent && !label ? ` "${element.textContent.trim()}"` : ''}`;
  });
}
