import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { fakeMicrophoneArgs, makeSpeechWav } from '../fixtures/audio/make-speech-wav';
import { startFakeOpenAi } from '../fixtures/fake-openai';
import { expectNoSeriousA11yViolations } from './support/axe';
import { admin, alertText, candidate, completeSetup, expectScreen, fillSignIn, focusedElement, registerCandidate, signOut } from './support/flows';
import { useKioskHarness } from './support/harness';
import { FAKE_API_KEY, scriptInterviewAi, startInterviewFromHome, waitForQuestion } from './support/interview-flows';
import { createProctorAccount, enterPin, openProctorPanel, openSittingAndHandOver, pressExitSequence, proctor, PROCTOR_PIN, tabTo } from './support/proctor-flows';
import { agreeToNotice } from './support/notice';

/**
 * Proctored sittings at a kiosk (issue 17, point 1), on the real main
 * process with sittings required: the proctor identifies the candidate,
 * opens their sitting and hands over, and comes back with the exit sequence
 * and their PIN to pause, note, resume and end it. The fake microphone is
 * only for the candidate who tries to start without a sitting.
 */
const harness = useKioskHarness({ chromiumArgs: () => fakeMicrophoneArgs(makeSpeechWav({ text: 'I would use a hook to keep the state.' })) });

const pausedOverlay = (page: Page) => page.getByRole('alertdialog', { name: 'Your proctor has paused this sitting. Please wait.' });
const panel = (page: Page) => page.getByRole('dialog', { name: 'Proctor controls' });
/** The candidate's screen beneath the overlays: out of reach (inert) while one is up. */
const beneathIsInert = (page: Page) => page.locator('.sitting-beneath').evaluate((element) => (element as HTMLElement).inert);

/** First start, the proctor's account, and a registered candidate; leaves the kiosk on candidate sign-in. */
async function prepareKiosk(page: Page): Promise<void> {
  await completeSetup(page, admin);
  await createProctorAccount(page);
  // The list reloads after the "Created" status shows: wait for the new row, don't count at once.
  const row = page.getByRole('table').getByRole('row').filter({ hasText: proctor.email });
  await row.getByRole('cell', { name: 'Proctor', exact: true }).waitFor();
  await signOut(page);
  await registerCandidate(page, candidate);
  await signOut(page);
}

describe('proctored sittings', () => {
  it('runs a sitting: the proctor opens it and hands over, then pauses, notes, resumes and ends it from the candidate’s screen', async () => {
    const { app } = await harness.start({ proctored: true });
    const { page } = app;
    await prepareKiosk(page);

    // The proctor signs in at the kiosk like any staff member.
    await page.getByRole('button', { name: 'Staff sign-in', exact: true }).click();
    await expectScreen(page, 'Staff sign-in');
    await fillSignIn(page, proctor.email, proctor.password);
    await expectScreen(page, 'Kiosk sitting');
    await page.getByRole('banner').getByText('Proctor', { exact: true }).waitFor();
    // Proctors see no results: no staff sections at all.
    expect(await page.getByRole('navigation', { name: 'Sections' }).count()).toBe(0);
    await expectNoSeriousA11yViolations(page, 'proctor: set a PIN');

    // A PIN first, typed twice.
    await page.getByLabel('PIN', { exact: true }).fill(PROCTOR_PIN);
    await page.getByLabel('PIN again', { exact: true }).fill('482914');
    await page.getByRole('button', { name: 'Save PIN', exact: true }).click();
    await page.getByText('The two PINs do not match.').waitFor();
    await page.getByLabel('PIN again', { exact: true }).fill(PROCTOR_PIN);
    await page.getByRole('button', { name: 'Save PIN', exact: true }).click();
    await page.getByRole('heading', { name: 'Open a sitting' }).waitFor();
    await expectNoSeriousA11yViolations(page, 'proctor: open a sitting');

    // Nothing is opened without the identity check.
    const open = page.getByRole('region', { name: 'Open a sitting' });
    await open.getByLabel('Candidate’s email').fill(candidate.email);
    await open.getByLabel('Identity document checked').fill('Passport');
    await open.getByLabel('Interview', { exact: true }).selectOption('react');
    await open.getByRole('button', { name: 'Open the sitting' }).click();
    await open.getByText('Confirm that you checked the candidate’s identity document.').waitFor();
    await expectNoSeriousA11yViolations(page, 'proctor: open a sitting, refused');
    await open.getByLabel('I checked this document against the person at the kiosk.').check();
    await open.getByLabel('Larger text and high contrast').check();
    await open.getByRole('button', { name: 'Open the sitting' }).click();

    const sitting = page.getByRole('region', { name: `Sitting for ${candidate.fullName}` });
    await sitting.waitFor();
    const details = await sitting.locator('dl').innerText();
    expect(details).toContain(candidate.email);
    expect(details).toContain('React');
    expect(details).toContain(`by ${proctor.fullName}`);
    expect(details).toContain('Passport');
    expect(details).toContain('Larger text and high contrast');
    // The accommodation: every screen at the kiosk in larger text from now on, the candidate's included.
    const rootFontPx = () => page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize));
    expect(await rootFontPx()).toBeCloseTo(24, 0);
    await expectNoSeriousA11yViolations(page, 'proctor: sitting opened');

    // Hand over: the proctor is signed out, and the sign-in says whose turn it is.
    await page.getByRole('button', { name: 'Hand over to the candidate' }).click();
    await expectScreen(page, 'Sign in');
    await page.getByRole('heading', { name: `This kiosk is ready for ${candidate.fullName}` }).waitFor();
    expect(await page.getByLabel('Email', { exact: true }).inputValue()).toBe(candidate.email);
    await expectNoSeriousA11yViolations(page, 'candidate sign-in, sitting handed over');
    await page.getByLabel('Password', { exact: true }).fill(candidate.password);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await expectScreen(page, `Welcome, ${candidate.fullName}`);
    expect(await rootFontPx()).toBeCloseTo(24, 0);
    await expectNoSeriousA11yViolations(page, 'candidate home, larger text and high contrast');

    // The exit sequence, a wrong PIN (main says how many tries are left), then the right one.
    await pressExitSequence(page);
    expect(await beneathIsInert(page)).toBe(true);
    await expectNoSeriousA11yViolations(page, 'proctor PIN dialog');
    await enterPin(page, '000000');
    await page.getByRole('dialog', { name: 'Proctor PIN' }).getByRole('alert').filter({ hasText: 'That PIN is not right.' }).waitFor();
    expect(await alertText(page.getByRole('dialog', { name: 'Proctor PIN' }))).toMatch(/4 tries left/);
    await expectNoSeriousA11yViolations(page, 'proctor PIN dialog, wrong PIN');
    await enterPin(page, PROCTOR_PIN);
    await panel(page).waitFor();
    await expectNoSeriousA11yViolations(page, 'proctor panel');

    // Pause: the candidate is told to wait, and cannot reach their screen.
    await panel(page).getByRole('button', { name: 'Pause the sitting' }).click();
    await panel(page).getByText('Paused by the proctor', { exact: true }).waitFor();
    await panel(page).getByRole('button', { name: 'Back to the candidate' }).click();
    await panel(page).waitFor({ state: 'detached' });
    await pausedOverlay(page).waitFor();
    expect(await beneathIsInert(page)).toBe(true);
    await expectNoSeriousA11yViolations(page, 'sitting paused overlay');

    // Resume, with a note on the way.
    await openProctorPanel(page);
    await panel(page).getByRole('button', { name: 'Resume the sitting' }).click();
    await panel(page).getByText('In progress', { exact: true }).waitFor();
    await panel(page).getByLabel('New note').fill('Candidate asked for a glass of water.');
    await panel(page).getByRole('button', { name: 'Add note' }).click();
    await panel(page).getByRole('status').filter({ hasText: 'Note added.' }).waitFor();
    await panel(page).getByRole('listitem').filter({ hasText: 'Candidate asked for a glass of water.' }).getByText(proctor.fullName).waitFor();
    await panel(page).getByRole('button', { name: 'Back to the candidate' }).click();
    await panel(page).waitFor({ state: 'detached' });
    expect(await pausedOverlay(page).count()).toBe(0);
    expect(await beneathIsInert(page)).toBe(false);
    await expectScreen(page, `Welcome, ${candidate.fullName}`);

    // End, after a confirmation: the candidate is signed out and told why.
    await openProctorPanel(page);
    await panel(page).getByRole('button', { name: 'End the sitting' }).click();
    await panel(page).getByText(`End the sitting for ${candidate.fullName}?`).waitFor();
    await panel(page).getByRole('button', { name: 'Yes, end the sitting' }).click();
    await expectScreen(page, 'Sign in');
    await page.getByRole('status').filter({ hasText: 'Your proctor has ended this sitting' }).waitFor();
    expect(await page.getByRole('heading', { name: `This kiosk is ready for ${candidate.fullName}` }).count()).toBe(0);
    expect(await page.getByLabel('Email', { exact: true }).inputValue()).toBe('');
  });

  it('refuses to start an interview without a sitting, saying to ask the proctor', async () => {
    const { app } = await harness.start({ proctored: true });
    const { page } = app;
    await completeSetup(page, admin);
    await signOut(page);
    await registerCandidate(page, candidate);

    await page.getByRole('radio', { name: 'React' }).check();
    await page.getByRole('button', { name: 'Check equipment', exact: true }).click();
    await agreeToNotice(page);
    await expectScreen(page, 'Check your equipment');
    await page.getByRole('button', { name: 'Say something', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'We heard you.' }).waitFor({ timeout: 20_000 });
    await page.getByRole('button', { name: 'Start the interview', exact: true }).click();
    await expectScreen(page, 'Your interview');
    await page.getByRole('alert').filter({ hasText: 'Your proctor opens your sitting before you can start the interview. Please ask the proctor at the desk.' }).waitFor();
    await expectNoSeriousA11yViolations(page, 'interview start refused without a sitting');
  });

  it('works by keyboard alone, for the proctor at the desk and at the candidate’s screen', async () => {
    const { app } = await harness.start({ proctored: true });
    const { page } = app;
    await prepareKiosk(page);
    await page.getByRole('button', { name: 'Staff sign-in', exact: true }).click();
    await expectScreen(page, 'Staff sign-in');

    // No mouse from here on.
    await tabTo(page, 'input "Email"');
    await page.keyboard.type(proctor.email);
    await page.keyboard.press('Tab');
    await page.keyboard.type(proctor.password);
    await page.keyboard.press('Enter');
    await expectScreen(page, 'Kiosk sitting');

    await tabTo(page, 'input "PIN"');
    await page.keyboard.type(PROCTOR_PIN);
    await page.keyboard.press('Tab');
    expect(await focusedElement(page)).toBe('input "PIN again"');
    await page.keyboard.type(PROCTOR_PIN);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Open a sitting' }).waitFor();
    // Focus follows to the next step.
    expect(await focusedElement(page)).toBe('h2 "Open a sitting"');

    await tabTo(page, 'input "Candidate’s email"');
    await page.keyboard.type(candidate.email);
    await page.keyboard.press('Tab');
    await page.keyboard.type('Driving licence');
    await page.keyboard.press('Tab');
    expect(await focusedElement(page)).toBe('input "I checked this document against the person at the kiosk."');
    await page.keyboard.press('Space');
    await page.keyboard.press('Tab');
    expect(await focusedElement(page)).toBe('select "Interview"');
    await page.keyboard.press('ArrowDown');
    expect(await page.getByLabel('Interview', { exact: true }).inputValue()).toBe('react');
    await tabTo(page, 'button "Open the sitting"');
    await page.keyboard.press('Enter');
    await page.getByRole('region', { name: `Sitting for ${candidate.fullName}` }).waitFor();
    await tabTo(page, 'button "Hand over to the candidate"');
    await page.keyboard.press('Enter');
    await expectScreen(page, 'Sign in');

    // The candidate signs in (their email is filled in).
    await tabTo(page, 'input "Password"');
    await page.keyboard.type(candidate.password);
    await page.keyboard.press('Enter');
    await expectScreen(page, `Welcome, ${candidate.fullName}`);

    // The exit sequence puts focus in the PIN field; Escape closes the dialog and gives focus back.
    const before = await focusedElement(page);
    await pressExitSequence(page);
    expect(await focusedElement(page)).toBe('input "PIN"');
    await page.keyboard.press('Escape');
    await page.getByRole('dialog', { name: 'Proctor PIN' }).waitFor({ state: 'detached' });
    expect(await focusedElement(page)).toBe(before);

    await openProctorPanel(page);
    await tabTo(page, 'button "Pause the sitting"');
    await page.keyboard.press('Enter');
    await panel(page).getByText('Paused by the proctor', { exact: true }).waitFor();
    // Focus stays on the control, now Resume.
    expect(await focusedElement(page)).toBe('button "Resume the sitting"');
    // Tab goes round inside the panel, never to the screen beneath.
    for (let press = 0; press < 12; press++) {
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => Boolean(document.activeElement?.closest('[role="dialog"]')))).toBe(true);
    }
    await tabTo(page, 'button "Back to the candidate"');
    await page.keyboard.press('Enter');
    await pausedOverlay(page).waitFor();
    // The candidate cannot dismiss a pause.
    await page.keyboard.press('Escape');
    expect(await pausedOverlay(page).count()).toBe(1);

    // Escape in the panel gives the controls back too.
    await openProctorPanel(page);
    await tabTo(page, 'button "Resume the sitting"');
    await page.keyboard.press('Enter');
    await panel(page).getByText('In progress', { exact: true }).waitFor();
    await page.keyboard.press('Escape');
    await panel(page).waitFor({ state: 'detached' });
    expect(await pausedOverlay(page).count()).toBe(0);
    expect(await focusedElement(page)).toBe(`h1 "Welcome, ${candidate.fullName}"`);
  });

  it('shows the proctor, in their panel, what the kiosk noticed during the interview; the candidate sees nothing of it', async () => {
    const fake = await startFakeOpenAi();
    harness.track(null, () => fake.close());
    scriptInterviewAi(fake);
    const { app } = await harness.start({ proctored: true, openAi: { baseUrl: fake.url, apiKey: FAKE_API_KEY } });
    const { page } = app;
    await prepareKiosk(page);
    await openSittingAndHandOver(page, candidate);
    await fillSignIn(page, candidate.email, candidate.password);
    await expectScreen(page, `Welcome, ${candidate.fullName}`);
    await startInterviewFromHome(page);
    await waitForQuestion(page, 1);

    // Text pasted into the interview screen: the page records it (its length, never the text).
    await page.evaluate(() => {
      const data = new DataTransfer();
      data.setData('text/plain', 'const [state, setState] = useState();');
      document.body.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true }));
    });
    // Nothing on the candidate's screen tells of it.
    expect(await page.getByText('Pasted text').count()).toBe(0);

    await openProctorPanel(page);
    const noticed = panel(page).getByRole('list', { name: 'What the kiosk noticed' });
    await noticed.getByRole('listitem').filter({ hasText: 'Pasted text: 37 characters' }).waitFor();
    expect(await noticed.getByRole('listitem').first().locator('time').count()).toBe(1);
    await expectNoSeriousA11yViolations(page, 'proctor panel, with what the kiosk noticed');

    // While the panel is open, a new event shows at once.
    await page.evaluate(() => window.dispatchEvent(new Event('blur')));
    await noticed.getByRole('listitem').first().filter({ hasText: 'Left the interview window' }).waitFor();
    await panel(page).getByRole('button', { name: 'Back to the candidate' }).click();
    await panel(page).waitFor({ state: 'detached' });
    expect(await page.getByText('Left the interview window').count()).toBe(0);
  });

  /** A kiosk as shipped, the candidate signed in inside their sitting, and a display just connected: the lock screen. */
  async function lockedKiosk() {
    const { host, app } = await harness.start({ proctored: true });
    const { page } = app;
    await prepareKiosk(page);
    await openSittingAndHandOver(page, candidate);
    await fillSignIn(page, candidate.email, candidate.password);
    await expectScreen(page, `Welcome, ${candidate.fullName}`);
    host.screenEvent('display_added', { displays: 2, internal: false });
    const lock = page.getByRole('alertdialog', { name: 'This kiosk is locked' });
    await lock.waitFor();
    return { page, lock };
  }

  it('locks the kiosk when a display is connected, until the proctor resumes with a note', async () => {
    const { page, lock } = await lockedKiosk();
    await lock.getByText('Another display was connected').waitFor();
    expect(await beneathIsInert(page)).toBe(true);
    await expectNoSeriousA11yViolations(page, 'kiosk locked');

    await lock.getByRole('button', { name: 'Proctor: unlock' }).click();
    await page.getByRole('dialog', { name: 'Proctor PIN' }).waitFor();
    await enterPin(page, PROCTOR_PIN);
    await panel(page).getByText('Locked: Another display was connected', { exact: true }).waitFor();
    // A lock is cleared only with a note saying what the proctor found.
    await panel(page).getByRole('button', { name: 'Resume the sitting' }).click();
    await panel(page).getByText('Say what you found before resuming.').waitFor();
    expect(await focusedElement(page)).toBe('textarea "What did you find?"');
    await expectNoSeriousA11yViolations(page, 'proctor panel, locked sitting');
    await page.keyboard.type('A second monitor was plugged in; unplugged and checked the desk.');
    await panel(page).getByRole('button', { name: 'Resume the sitting' }).click();
    await panel(page).getByText('In progress', { exact: true }).waitFor();
    await panel(page).getByRole('listitem').filter({ hasText: 'A second monitor was plugged in' }).waitFor();
    await panel(page).getByRole('button', { name: 'Back to the candidate' }).click();
    await panel(page).waitFor({ state: 'detached' });
    expect(await lock.count()).toBe(0);
    await expectScreen(page, `Welcome, ${candidate.fullName}`);
  });

  it('lets the proctor in with their staff password from the lock screen (for when the kiosk refuses PINs); the lock stays until they resume', async () => {
    const { page, lock } = await lockedKiosk();
    await lock.getByRole('button', { name: 'Proctor: sign in with your password' }).click();
    await expectScreen(page, 'Staff sign-in');
    await fillSignIn(page, proctor.email, proctor.password);
    await expectScreen(page, 'Kiosk sitting');
    await page.getByText('Locked: Another display was connected', { exact: true }).waitFor();
    await page.getByRole('button', { name: 'Resume the sitting' }).click();
    await page.getByText('Say what you found before resuming.').waitFor();
    await page.keyboard.type('Monitor unplugged; the candidate signs in again.');
    await page.getByRole('button', { name: 'Resume the sitting' }).click();
    await page.getByText('In progress', { exact: true }).waitFor();
  });
});
