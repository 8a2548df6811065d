import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../../src-main/cli/run-cli';
import { NOT_GIVEN, PERIOD, seedBiasPopulation } from '../../fixtures/bias-population';
import { useTempDirs } from '../db/support';

const temp = useTempDirs();

/** A device database in a data folder, holding the fixture population. */
function device(plantedDisparity: boolean) {
  const dataDir = temp.make();
  const store = temp.open(join(dataDir, 'kiosk.sqlite'));
  const seeded = seedBiasPopulation(store.sqlite, { plantedDisparity });
  store.close();
  return { dataDir, ...seeded };
}

async function report(...args: string[]) {
  let out = '';
  let err = '';
  const code = await runCli(['report', 'bias', ...args], { out: (text) => (out += text), err: (text) => (err += text) });
  return { code, out, err };
}

const period = ['--role', 'react', '--from', PERIOD.from, '--to', PERIOD.to];

/** `npm run cli -- report bias` (issue 18, point 6) over a real device database. */
describe('npm run cli -- report bias', () => {
  it('flags the planted disparity: women advanced at 20% against men at 50%, an impact ratio of 0.40', async () => {
    const { dataDir, counted } = device(true);
    const { code, out, err } = await report(...period, '--data-dir', dataDir);
    expect({ code, err }).toEqual({ code: 0, err: '' });
    expect(out).toContain('Bias monitoring report — React Developer');
    expect(out).toContain(`Period: ${PERIOD.from} to ${PERIOD.to}.`);
    expect(out).toContain(`Candidates: ${counted}.`);
    expect(out).toMatch(/Female\s+80\s+20\.0%\s+0\.40\s+50\.0%\s+1\.00 !/);
    expect(out).toMatch(/Male\s+80\s+50\.0%\s+1\.00\s+50\.0%\s+1\.00\n/);
    expect(out).toMatch(/Flagged: Female; .*Female, White/);
    expect(out).toContain(`Not given: ${NOT_GIVEN}`);
  });

  it('flags nothing where every group is advanced and scored alike, and writes the CSV an auditor recomputes from', async () => {
    const { dataDir } = device(false);
    const summary = await report(...period, '--data-dir', dataDir);
    expect(summary.out).toContain('No impact ratio under the flag.');

    const csvFile = join(temp.make(), 'bias.csv');
    const written = await report(...period, '--csv', '--out', csvFile, '--data-dir', dataDir);
    expect(written).toMatchObject({ code: 0, err: '' });
    const rows = readFileSync(csvFile, 'utf8').trim().split('\r\n');
    expect(rows[0]).toBe('dimension,group,label,candidates,selected,selection_rate,selection_impact_ratio,scored,scored_above_median,scoring_rate,scoring_impact_ratio,small_group,flagged');
    expect(rows).toContain('sex,female,Female,80,40,0.5000,1.0000,80,40,0.5000,1.0000,false,false');
    expect(rows.filter((row) => row.endsWith(',true'))).toEqual([]);
  });

  it('says what is wrong with a request, and what to give instead', async () => {
    const { dataDir } = device(false);
    expect(await report('--role', 'cobol', '--from', PERIOD.from, '--to', PERIOD.to, '--data-dir', dataDir)).toMatchObject({ code: 2, err: expect.stringContaining('--role must be one of') });
    expect(await report('--role', 'react', '--from', '2026-02-30', '--to', PERIOD.to, '--data-dir', dataDir)).toMatchObject({ code: 2, err: expect.stringContaining('"2026-02-30" is not one') });
    expect(await report('--role', 'react', '--from', PERIOD.to, '--to', PERIOD.from, '--data-dir', dataDir)).toMatchObject({ code: 2, err: expect.stringContaining('before it starts') });
    expect(await report(...period, '--data-dir', temp.make())).toMatchObject({ code: 1, err: expect.stringContaining('No device database at') });
  });
});
