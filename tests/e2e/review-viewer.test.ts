import { describe, expect, it } from 'vitest';
import { SCRIPTED_RECOMMENDATION, SCRIPTED_WEAKNESS } from '../fixtures/scoring-ai';
import { expectNoSeriousA11yViolations } from './support/axe';
import { admin, candidate, expectScreen } from './support/flows';
import { setUpReview, signInAsStaff, useReviewKit, viewer } from './support/review-flows';

/**
 * A viewer's review while scoring runs and after a pass fails, and an
 * admin's retry: a file of its own so it runs beside the recruiter's
 * review (tests/e2e/review.test.ts) rather than after it.
 */
const kit = useReviewKit();

describe('reviewing interviews as a viewer', () => {
  it('shows a viewer scoring as it finishes, the failed pass and no decision form or retry; an admin retries it', async () => {
    // The technical pass is slow enough for the viewer to arrive while scoring is under way; recommendations fail.
    const { ai, host, app } = await kit.start({ failPass: 'recommendations', technicalPassMs: 6000 });
    const { page } = app;
    await setUpReview(page, host, viewer, 'viewer');

    await signInAsStaff(page, viewer);
    await page.getByText('only recruiters and administrators can record decisions').waitFor();
    const row = page.getByRole('row').filter({ hasText: candidate.email });
    await row.getByText('Scoring…', { exact: true }).waitFor();
    await row.getByRole('button', { name: new RegExp(candidate.fullName) }).click();
    await expectScreen(page, `Interview: ${candidate.fullName}`);
    await page.getByRole('heading', { name: 'Scoring in progress' }).waitFor();
    await expectNoSeriousA11yViolations(page, 'interview detail while scoring');

    // No reload: the page asks again every 2 s until the assessment is there.
    await page.getByRole('heading', { name: 'Scoring is incomplete' }).waitFor({ timeout: 30_000 });
    await page.getByText(/Recommended actions: failed/).waitFor();
    await page.getByText('A recruiter or administrator can run the failed parts again.').waitFor();
    await page.getByRole('region', { name: 'Weaknesses', exact: true }).getByText(SCRIPTED_WEAKNESS).first().waitFor();
    const decision = page.getByRole('region', { name: 'Decision', exact: true });
    await decision.getByText('only recruiters and administrators can record a decision').waitFor();
    await decision.getByText('No decision has been recorded yet.').waitFor();
    expect(await page.getByRole('button', { name: 'Retry scoring' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Record decision' }).count()).toBe(0);
    expect(await page.getByRole('radio').count()).toBe(0);
    expect(await page.getByRole('region', { name: 'AI audit trail' }).count()).toBe(0);
    // A viewer reads whether the pack was sent, and cannot prepare or approve one.
    await page.getByRole('region', { name: 'Explanation pack for the candidate' }).getByText('Not sent: nobody has approved a pack for this candidate yet.').waitFor();
    expect(await page.getByRole('button', { name: 'Prepare pack' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Export PDF', exact: true }).waitFor();
    await expectNoSeriousA11yViolations(page, 'interview detail (viewer, partial scoring)');
    await page.getByRole('button', { name: 'Back to interviews', exact: true }).click();
    await row.getByText('Partial', { exact: true }).waitFor();

    // An administrator, in a window of their own, runs the failed pass again; now it works.
    ai.setFailPass(null);
    const { page: adminPage } = await kit.harness.open(host);
    await signInAsStaff(adminPage, admin);
    await adminPage.getByRole('row').filter({ hasText: candidate.email }).getByRole('button', { name: new RegExp(candidate.fullName) }).click();
    await expectScreen(adminPage, `Interview: ${candidate.fullName}`);
    await adminPage.getByRole('button', { name: 'Retry scoring', exact: true }).click();
    await adminPage.getByRole('region', { name: 'Recommended actions', exact: true }).getByText(SCRIPTED_RECOMMENDATION).first().waitFor({ timeout: 30_000 });
    expect(await adminPage.getByRole('heading', { name: 'Scoring is incomplete' }).count()).toBe(0);
    expect(await adminPage.getByRole('button', { name: 'Retry scoring' }).count()).toBe(0);
  });
});
