import Database from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PERIOD, seedBiasPopulation } from '../fixtures/bias-population';
import { expectNoSeriousA11yViolations } from './support/axe';
import { admin, candidate, completeSetup, expectScreen, fillSignIn, registerCandidate, signOut } from './support/flows';
import { useKioskHarness } from './support/harness';

/**
 * Bias monitoring (issue 18, point 6), on the real main process: a
 * candidate answers the optional questions on their home screen, and an
 * admin's bias report flags the disparity planted in the kiosk's records.
 */
const harness = useKioskHarness();

describe('bias monitoring', () => {
  it('takes a candidate’s voluntary answers, and flags the planted disparity in the admin’s report', async () => {
    const { host, app } = await harness.start();
    const { page } = app;
    await completeSetup(page);
    await signOut(page);

    // The candidate: two optional questions, kept apart from the interview.
    await registerCandidate(page, candidate);
    const questions = page.getByRole('region', { name: 'Optional: help us check that hiring is fair' });
    await questions.getByText('never given to the AI interviewer or shown to the people who review your interview').waitFor();
    await questions.getByLabel('Sex').selectOption('female');
    await questions.getByLabel('Race/ethnicity').selectOption('asian');
    await questions.getByRole('button', { name: 'Save my answer' }).click();
    await questions.getByRole('status').filter({ hasText: 'Thank you. Your answer is saved, apart from your interview.' }).waitFor();
    await expectNoSeriousA11yViolations(page, 'candidate home with the optional questions');
    await signOut(page);

    // A period of interviews on this kiosk, women advanced at 20% against men at 50%.
    const sqlite = new Database(join(host.dataDir, 'kiosk.sqlite'));
    try {
      expect(sqlite.prepare('SELECT sex, race_ethnicity FROM self_identifications').all()).toEqual([{ sex: 'female', race_ethnicity: 'asian' }]);
      seedBiasPopulation(sqlite, { plantedDisparity: true });
    } finally {
      sqlite.close();
    }

    await page.getByRole('button', { name: 'Staff sign-in', exact: true }).click();
    await fillSignIn(page, admin.email, admin.password);
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Bias report' }).click();
    await expectScreen(page, 'Bias report');
    await page.getByLabel('Role').selectOption('react');
    await page.getByLabel('First day').fill(PERIOD.from);
    await page.getByLabel('Last day').fill(PERIOD.to);
    await page.getByRole('button', { name: 'Make the report' }).click();
    const report = page.getByRole('region', { name: `React Developer, ${PERIOD.from} to ${PERIOD.to}` });
    await report.getByRole('status').filter({ hasText: /^Flagged: Female; / }).waitFor();
    const bySex = report.getByRole('table', { name: /^By sex \(/ });
    await bySex.getByRole('row', { name: /^Female 80 20\.0% 0\.40 50\.0% 1\.00 Under 0\.80$/ }).waitFor();
    await bySex.getByRole('row', { name: /^Male 80 50\.0% 1\.00 50\.0% 1\.00$/ }).waitFor();
    await expectNoSeriousA11yViolations(page, 'bias report');

    const [download] = await Promise.all([page.waitForEvent('download'), report.getByRole('button', { name: 'Download CSV for the auditor' }).click()]);
    expect(download.suggestedFilename()).toBe(`bias-report-react-${PERIOD.from}-to-${PERIOD.to}.csv`);
    const saved = join(host.dataDir, 'bias.csv');
    await download.saveAs(saved);
    expect(readFileSync(saved, 'utf8')).toContain('sex,female,Female,80,16,0.2000,0.4000,80,40,0.5000,1.0000,false,true');
  });
});
