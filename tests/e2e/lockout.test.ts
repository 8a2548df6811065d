import { describe, expect, it } from 'vitest';
import { LOCKOUT_THRESHOLD } from '../../shared/domain/account-rules';
import { alertText, candidate, completeSetup, expectScreen, fillSignIn, registerCandidate, signOut, submitFailingSignIn } from './support/flows';
import { useKioskHarness } from './support/harness';

const harness = useKioskHarness();

describe('sign-in lockout', () => {
  it('locks an account on the server after five wrong passwords, refusing even the right one', async () => {
    const { host, app } = await harness.start();
    const { page } = app;
    await completeSetup(page);
    await signOut(page);
    await registerCandidate(page, candidate);
    await signOut(page);
    await expectScreen(page, 'Sign in');

    expect(LOCKOUT_THRESHOLD).toBe(5);
    for (let attempt = 1; attempt <= LOCKOUT_THRESHOLD; attempt++) {
      const message = await submitFailingSignIn(page, candidate.email, `Wrong#Password${attempt}`);
      expect(message, `attempt ${attempt} should be refused`).not.toBe('');
      if (attempt < LOCKOUT_THRESHOLD) expect(message, `attempt ${attempt} is not yet a lockout`).not.toMatch(/locked/i);
    }

    const refused = await submitFailingSignIn(page, candidate.email, candidate.password);
    expect(refused).toMatch(/locked/i);
    expect(refused).toMatch(/15 minutes/);
    await expectScreen(page, 'Sign in');
    // Focus goes to the message so a screen-reader user hears why.
    expect(await page.evaluate(() => document.activeElement?.getAttribute('role'))).toBe('alert');

    // The lock lives in main, not in this form: main itself says so when
    // asked directly, and a brand-new window (a new session, no form state) is refused too.
    const direct = await page.evaluate(
      (credentials) => window.kiosk!.invoke('auth.signIn', { accountKind: 'candidate', ...credentials }),
      { email: candidate.email, password: candidate.password },
    );
    expect(direct.ok).toBe(false);
    if (!direct.ok) expect(direct.error.code).toBe('locked');

    const other = await harness.open(host);
    await expectScreen(other.page, 'Sign in');
    await fillSignIn(other.page, candidate.email, candidate.password);
    await other.page.getByRole('alert').filter({ hasText: /15 minutes/ }).waitFor();
    expect(await alertText(other.page)).toMatch(/locked/i);
    await expectScreen(other.page, 'Sign in');
  });
});
