import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { candidate, completeSetup, expectScreen, focusedElement, registerCandidate, signOut } from './support/flows';
import { useKioskHarness } from './support/harness';

const harness = useKioskHarness();

async function expectFocusRing(page: Page): Promise<void> {
  const ring = await page.evaluate(() => {
    const element = document.activeElement as HTMLElement | null;
    if (!element) return null;
    const style = getComputedStyle(element);
    return { style: style.outlineStyle, width: parseFloat(style.outlineWidth) };
  });
  expect(ring, 'a focused control shows a visible outline').not.toBeNull();
  expect(ring!.style).not.toBe('none');
  expect(ring!.width).toBeGreaterThanOrEqual(2);
}

describe('keyboard only', () => {
  it('signs a candidate in and out with Tab, typing and Enter alone', async () => {
    const { app } = await harness.start();
    const { page } = app;
    await completeSetup(page);
    await signOut(page);
    await registerCandidate(page, candidate);
    await signOut(page);
    await expectScreen(page, 'Sign in');

    // No mouse from here on. The new screen put focus on its heading.
    expect(await focusedElement(page)).toBe('h1 "Sign in"');
    await page.keyboard.press('Tab');
    expect(await focusedElement(page)).toBe('input "Email"');
    await expectFocusRing(page);
    await page.keyboard.type(candidate.email);
    await page.keyboard.press('Tab');
    expect(await focusedElement(page)).toBe('input "Password"');
    await expectFocusRing(page);
    await page.keyboard.type(candidate.password);
    await page.keyboard.press('Enter');

    await expectScreen(page, `Welcome, ${candidate.fullName}`);
    expect(await focusedElement(page)).toBe(`h1 "Welcome, ${candidate.fullName}"`);

    // Sign out sits in the header, just before the heading.
    await page.keyboard.press('Shift+Tab');
    expect(await focusedElement(page)).toBe('button "Sign out"');
    await expectFocusRing(page);
    await page.keyboard.press('Enter');
    await expectScreen(page, 'Sign in');
  });
});
