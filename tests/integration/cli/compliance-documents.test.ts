import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../../src-main/cli/run-cli';

/** `npm run cli -- compliance documents` (issue 18, point 7): the employer's documents from this device's own settings. */
describe('npm run cli -- compliance documents', () => {
  let dataDir: string;
  const machineBefore = process.env.TEAMIFIED_MACHINE_SETTINGS;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'compliance-docs-'));
    // No IT machine file unless a test writes one, whatever the machine running the tests has in /etc.
    process.env.TEAMIFIED_MACHINE_SETTINGS = join(dataDir, 'machine-settings.json');
  });
  afterEach(() => {
    if (machineBefore === undefined) delete process.env.TEAMIFIED_MACHINE_SETTINGS;
    else process.env.TEAMIFIED_MACHINE_SETTINGS = machineBefore;
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function run(...args: string[]) {
    let out = '';
    let err = '';
    const code = await runCli(['compliance', 'documents', ...args], { out: (text) => (out += text), err: (text) => (err += text) });
    return { code, out, err };
  }

  it('writes the three documents, describing the settings in force (IT’s machine file winning) and the current notice', async () => {
    writeFileSync(join(dataDir, 'settings.json'), JSON.stringify({ provider: { scoringModel: 'gpt-4.1' }, interview: { maxDurationMinutes: 45 } }));
    writeFileSync(join(dataDir, 'machine-settings.json'), JSON.stringify({ interview: { maxDurationMinutes: 30, requireProctorSitting: false }, audit: { retentionDays: 400 }, retention: { recordingsDays: 30 } }));
    const out = join(dataDir, 'docs');
    const result = await run('--data-dir', dataDir, '--out', out);
    expect(result).toMatchObject({ code: 0, err: '' });
    expect(readdirSync(out).sort()).toEqual(['candidate-notice.md', 'data-kept.md', 'instructions-for-use.md']);
    const instructions = readFileSync(join(out, 'instructions-for-use.md'), 'utf8');
    expect(instructions).toContain('- Scoring: gpt-4.1.');
    expect(instructions).toContain('Longest interview: 30 minutes');
    expect(instructions).toContain('Candidates can start without a proctor');
    expect(instructions).toContain('React Developer (v1)');
    const notice = readFileSync(join(out, 'candidate-notice.md'), 'utf8');
    expect(notice).toMatch(/^# Before your interview\n\nNotice v1 \(en\), SHA-256 [0-9a-f]{64}:/);
    expect(notice).toContain('deleted after a set time (recordings 30 days; the rest when erased), or sooner if you ask for them to be erased.');
    expect(notice).not.toContain('{{');
    expect(readFileSync(join(out, 'data-kept.md'), 'utf8')).toContain('are deleted after a set time (recordings 30 days; the rest when erased)');
    expect(readFileSync(join(out, 'data-kept.md'), 'utf8')).toContain('The AI audit trail is kept 400 days');
  });

  it('prints them without --out, and says what is wrong with a settings file the app would refuse', async () => {
    const printed = await run('--data-dir', dataDir);
    expect(printed.code).toBe(0);
    expect(printed.out).toContain('<!-- instructions-for-use.md -->');
    expect(printed.out).toContain('<!-- candidate-notice.md -->');

    writeFileSync(join(dataDir, 'settings.json'), JSON.stringify({ interview: { maxDurationMinutes: 'long' } }));
    const refused = await run('--data-dir', dataDir);
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/Longest interview/);
    expect((await run('--data-dir', join(dataDir, 'missing'))).code).toBe(2);
    expect((await run('--nope')).code).toBe(2);
  });
});
