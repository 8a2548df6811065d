import { describe, expect, it } from 'vitest';
import { expectNoSeriousA11yViolations } from './support/axe';
import { alertText, candidate, completeSetup, expectScreen, fillNewAccount, fillSignIn, registerCandidate, signOut } from './support/flows';
import { useKioskHarness } from './support/harness';

const harness = useKioskHarness();

describe('candidate accounts on a kiosk', () => {
  it('registers, signs out, signs in again, and refuses a second registration with the same email', async () => {
    const { app } = await harness.start();
    const { page } = app;
    await completeSetup(page);
    await signOut(page);

    await expectScreen(page, 'Sign in');
    await expectNoSeriousA11yViolations(page, 'candidate sign-in');
    await page.getByRole('button', { name: 'Create an account', exact: true }).click();
    await expectScreen(page, 'Create your account');
    await expectNoSeriousA11yViolations(page, 'registration');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();

    await registerCandidate(page, candidate);
    await page.getByRole('banner').getByText(candidate.fullName).waitFor();
    // Both steps are live now: nothing is labelled "not yet available", and the resume step offers its upload.
    expect(await page.getByText('Not yet available on this kiosk').count()).toBe(0);
    await page.getByRole('button', { name: 'Upload resume', exact: true }).waitFor();
    await expectNoSeriousA11yViolations(page, 'candidate home');

    await signOut(page);
    await expectScreen(page, 'Sign in');
    await fillSignIn(page, candidate.email, candidate.password);
    await expectScreen(page, `Welcome, ${candidate.fullName}`);

    await signOut(page);
    await page.getByRole('button', { name: 'Create an account', exact: true }).click();
    await expectScreen(page, 'Create your account');
    await fillNewAccount(page, { ...candidate, fullName: 'Someone Else', email: candidate.email.toUpperCase() });
    await page.getByRole('button', { name: 'Create account', exact: true }).click();
    await page.getByRole('alert').filter({ hasText: 'This email is already registered.' }).waitFor();
    expect(await page.getByLabel('Email', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    await expectNoSeriousA11yViolations(page, 'registration with a conflict');

    // The way forward from the conflict is sign-in, with the email carried over.
    await page.getByRole('button', { name: 'Go to sign-in', exact: true }).click();
    await expectScreen(page, 'Sign in');
    expect(await page.getByLabel('Email', { exact: true }).inputValue()).toBe(candidate.email.toUpperCase());
    await page.getByLabel('Password', { exact: true }).fill(candidate.password);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    // Still the first registrant's account: the second attempt created nothing.
    await expectScreen(page, `Welcome, ${candidate.fullName}`);
  });

  it('shows which password rule is missing and creates nothing for a weak password', async () => {
    const { app } = await harness.start();
    const { page } = app;
    await completeSetup(page);
    await signOut(page);
    await page.getByRole('button', { name: 'Create an account', exact: true }).click();
    await expectScreen(page, 'Create your account');

    const weak = { ...candidate, password: 'interview#2025' };
    await fillNewAccount(page, weak);
    const rules = page.locator('#register-password-rules');
    expect(await rules.getByRole('listitem').filter({ hasText: 'An upper-case letter' }).innerText()).toContain('(not yet)');
    expect(await rules.getByRole('listitem').filter({ hasText: 'A digit' }).innerText()).toContain('(done)');
    const password = page.getByLabel('Password', { exact: true });
    expect((await password.getAttribute('aria-describedby'))?.split(' ')).toContain('register-password-rules');

    await page.getByRole('button', { name: 'Create account', exact: true }).click();
    await page.getByText('Password needs an upper-case letter.').waitFor();
    expect(await password.getAttribute('aria-invalid')).toBe('true');
    expect(await alertText(page)).toContain('Please correct the field marked below.');
    await expectScreen(page, 'Create your account');
    await expectNoSeriousA11yViolations(page, 'registration with a weak password');

    // Main is the authority: asked directly, it refuses the same password with the same rule.
    const direct = await page.evaluate(
      (input) => window.kiosk!.invoke('auth.registerCandidate', input),
      { fullName: weak.fullName, email: weak.email, password: weak.password },
    );
    expect(direct.ok).toBe(false);
    if (!direct.ok) {
      expect(direct.error.code).toBe('invalid_input');
      expect(direct.error.fields?.password).toBe('Password needs an upper-case letter.');
    }

    // Nothing was created: the same email registers cleanly once the password is fixed.
    await page.getByLabel('Password', { exact: true }).fill(candidate.password);
    await page.getByLabel('Confirm password', { exact: true }).fill(candidate.password);
    expect(await rules.getByRole('listitem').filter({ hasText: 'An upper-case letter' }).innerText()).toContain('(done)');
    await page.getByRole('button', { name: 'Create account', exact: true }).click();
    await expectScreen(page, `Welcome, ${candidate.fullName}`);
  });

  it('returns to sign-in with a notice when main ends the session', async () => {
    const { host, app } = await harness.start();
    const { page } = app;
    await completeSetup(page);
    await signOut(page);
    await registerCandidate(page, candidate);

    host.endAllSessions();
    await expectScreen(page, 'Sign in');
    await page.getByRole('status').filter({ hasText: 'Your session has ended' }).waitFor();
    // A kiosk is shared: the previous candidate's email is not left on screen.
    expect(await page.getByLabel('Email', { exact: true }).inputValue()).toBe('');
    await page.getByRole('banner').getByText(candidate.fullName).waitFor({ state: 'detached' });
  });
});
