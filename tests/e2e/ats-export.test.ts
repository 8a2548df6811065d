import Database from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FORMULA_NAME, PERIOD, seedAtsInterviews } from '../fixtures/ats-interviews';
import { readCsv } from '../support/read-csv';
import { expectNoSeriousA11yViolations } from './support/axe';
import { completeSetup, expectScreen } from './support/flows';
import { useKioskHarness } from './support/harness';

/**
 * Exports for hiring systems (issue 21, point 4), on the real main process:
 * an admin exports a period's interviews in Greenhouse's columns from the
 * keyboard, after an error shown beside its field, and as JSON.
 */
const harness = useKioskHarness();

describe('exports for hiring systems', () => {
  it('saves a period’s interviews as Greenhouse CSV and as JSON, from the keyboard, with a bad day refused beside its field', async () => {
    const { host, app } = await harness.start();
    const { page } = app;
    await completeSetup(page);
    const sqlite = new Database(join(host.dataDir, 'kiosk.sqlite'));
    try {
      seedAtsInterviews(sqlite);
    } finally {
      sqlite.close();
    }

    await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Export for hiring systems' }).click();
    await expectScreen(page, 'Export for hiring systems');
    const form = page.getByRole('form', { name: 'What to export' });
    await form.getByLabel('Role').selectOption('react');
    await form.getByLabel('First day').fill('');
    await form.getByLabel('Last day').fill(PERIOD.to);
    await form.getByLabel('Columns').selectOption('greenhouse');
    await form.getByText('First Name, Last Name, Email, Job and Notes').waitFor();

    // Nothing is asked of main with a day missing: the error is beside the field, and focus goes to it.
    const exportCsv = form.getByRole('button', { name: 'Export CSV' });
    await exportCsv.focus();
    await page.keyboard.press('Enter');
    await form.locator('#ats-export-from-error').getByText('The first day is a date written YYYY-MM-DD').waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('ats-export-from');
    expect(await form.getByLabel('First day').getAttribute('aria-invalid')).toBe('true');
    await expectNoSeriousA11yViolations(page, 'export form with an error');

    await form.getByLabel('First day').fill(PERIOD.from);
    await exportCsv.focus();
    const [csvDownload] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
    expect(csvDownload.suggestedFilename()).toBe(`ats-export-greenhouse-react-${PERIOD.from}-to-${PERIOD.to}.csv`);
    await form.getByRole('status').filter({ hasText: `ats-export-greenhouse-react-${PERIOD.from}-to-${PERIOD.to}.csv is ready: 1 interview.` }).waitFor();
    expect(await form.locator('#ats-export-from-error').count()).toBe(0);
    const csvFile = join(host.dataDir, 'export.csv');
    await csvDownload.saveAs(csvFile);
    const [header, row] = readCsv(readFileSync(csvFile, 'utf8'));
    expect(header).toEqual(['First Name', 'Last Name', 'Email', 'Job', 'Notes']);
    // The name a spreadsheet would run as a formula arrives as text.
    expect(row!.slice(0, 4)).toEqual([`'${FORMULA_NAME.split(' ')[0]}`, 'Lee")', 'react-1@example.com', 'React Developer']);
    expect(row![4]).toContain('Decision: advance, by Rita Recruiter');

    const [jsonDownload] = await Promise.all([page.waitForEvent('download'), form.getByRole('button', { name: 'Export JSON' }).click()]);
    expect(jsonDownload.suggestedFilename()).toBe(`ats-export-greenhouse-react-${PERIOD.from}-to-${PERIOD.to}.json`);
    const jsonFile = join(host.dataDir, 'export.json');
    await jsonDownload.saveAs(jsonFile);
    expect(JSON.parse(readFileSync(jsonFile, 'utf8'))).toMatchObject({ schemaVersion: 1, rows: [{ Email: 'react-1@example.com' }] });
    await expectNoSeriousA11yViolations(page, 'export form after a download');
  });
});
