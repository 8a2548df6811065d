import { describe, expect, it } from 'vitest';
import { ABANDON_AFTER_MINUTES } from '../../shared/domain/interview';
import type { Clock } from '../../src-main/common/clock';
import { expectNoSeriousA11yViolations } from './support/axe';
import { candidate, expectScreen, fillSignIn, signOut } from './support/flows';
import { readInterviews, startInterviewFromHome, waitForQuestion } from './support/interview-flows';
import { setUpKiosk, useVoiceKiosk } from './support/voice-kiosk';

/** The spoken interview (support/voice-kiosk.ts) left idle: main's clock is moved on rather than waited for. */
const kiosk = useVoiceKiosk();

describe('the spoken interview, end to end', () => {
  it(`abandons an interview left idle for ${ABANDON_AFTER_MINUTES} minutes and offers a fresh start`, async () => {
    let offsetMs = 0;
    const clock: Clock = { now: () => new Date(Date.now() + offsetMs) };
    const options = kiosk.hostOptions();
    // IT may let idle candidates stay signed in this long; with the default 10 minutes a candidate who walks away is
    // signed out well before their interview is closed (tests/integration/ipc/dispatcher.test.ts).
    const machineSettings = { interview: { ...options.machineSettings.interview, idleSignOutMinutes: 120 } };
    const { host, app } = await kiosk.harness.start({ ...options, machineSettings, clock });
    const { page } = app;
    await setUpKiosk(page);
    await startInterviewFromHome(page);
    await waitForQuestion(page, 2, 60_000);

    // The candidate walks away. Sessions last a day, so they are still signed in when they come back.
    await signOut(page);
    offsetMs = (ABANDON_AFTER_MINUTES + 1) * 60_000;
    await fillSignIn(page, candidate.email, candidate.password);
    await expectScreen(page, `Welcome, ${candidate.fullName}`);
    await page.getByRole('radio', { name: 'React' }).waitFor();
    expect(await page.getByRole('button', { name: 'Continue your interview' }).count()).toBe(0);

    const [stored] = readInterviews(host.dataDir);
    expect(stored!.interview.status).toBe('abandoned');
    expect(stored!.answers.length).toBe(1);

    // Left on the interview screen instead: the next thing sent is refused, and the screen says why and where to go.
    await startInterviewFromHome(page);
    await waitForQuestion(page, 2, 60_000);
    offsetMs += (ABANDON_AFTER_MINUTES + 1) * 60_000;
    const closed = page.getByRole('alert').filter({ hasText: 'This interview was closed because nothing happened for 30 minutes.' });
    await closed.waitFor({ timeout: 30_000 });
    expect(await closed.innerText()).toContain('Please ask a member of staff for help.');
    await expectNoSeriousA11yViolations(page, 'interview closed after inactivity');
    await closed.getByRole('button', { name: 'Back to the start', exact: true }).click();
    await expectScreen(page, `Welcome, ${candidate.fullName}`);
    await page.getByRole('radio', { name: 'React' }).waitFor();
    expect(readInterviews(host.dataDir).map((stored) => stored.interview.status)).toEqual(['abandoned', 'abandoned']);
  }, 150_000);
});
