import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { listBackups } from '../../../src-main/db/backup-files';
import { useTempDirs } from '../db/support';
import { cli } from './support';
import { deviceIn } from '../backup/support';
import { readZip } from '../diagnostics/support';

/*
 * IT's policy on Linux is /etc/teamified-kiosk/policy.json, which only root
 * writes: here the same source class (JsonFilePolicySource, the one
 * osPolicySource gives on Linux) reads a file the test writes instead.
 */
const policy = vi.hoisted(() => ({ file: '' }));
vi.mock('../../../src-main/settings/policy/os-policy-source', async () => {
  const { JsonFilePolicySource } = await import('../../../src-main/settings/policy/json-file-policy-source');
  return { osPolicySource: () => new JsonFilePolicySource(policy.file) };
});

const temp = useTempDirs();
const machineBefore = process.env.TEAMIFIED_MACHINE_SETTINGS;
let policyDir: string;

beforeEach(() => {
  policyDir = mkdtempSync(join(tmpdir(), 'kiosk-policy-'));
  policy.file = join(policyDir, 'policy.json');
  // No IT machine file, whatever the machine running the tests has in /etc.
  process.env.TEAMIFIED_MACHINE_SETTINGS = join(policyDir, 'machine-settings.json');
});
afterEach(() => {
  if (machineBefore === undefined) delete process.env.TEAMIFIED_MACHINE_SETTINGS;
  else process.env.TEAMIFIED_MACHINE_SETTINGS = machineBefore;
  rmSync(policyDir, { recursive: true, force: true });
});

describe("the command line follows IT's policy, as the app does", () => {
  it('`backup now` keeps the number of backups the policy sets, over the user’s own setting', async () => {
    const device = deviceIn(temp);
    writeFileSync(join(device.dataDir, 'settings.json'), JSON.stringify({ backup: { count: 5 } }));
    writeFileSync(policy.file, JSON.stringify({ BackupCount: 1 }));
    expect((await cli('backup', 'now', '--data-dir', device.dataDir)).code).toBe(0);
    const second = await cli('backup', 'now', '--data-dir', device.dataDir);
    expect(second.code).toBe(0);
    expect(second.out).toMatch(/\nRemoved the older kiosk-\d{8}T\d{9}Z\.sqlite\.\n/);
    expect(listBackups(device.backups)).toHaveLength(1);
  });

  it('`diagnostics` shows the values the policy sets, with policy as their source', async () => {
    const device = deviceIn(temp);
    writeFileSync(join(device.dataDir, 'settings.json'), JSON.stringify({ backup: { count: 5 }, audit: { retentionDays: 400 } }));
    writeFileSync(policy.file, JSON.stringify({ BackupCount: 2 }));
    const out = join(device.dataDir, 'bundle.zip');
    expect((await cli('diagnostics', '--data-dir', device.dataDir, '--out', out)).code).toBe(0);
    const settings = JSON.parse((await readZip(readFileSync(out))).get('settings.json')!);
    expect(settings.settings.backup.count).toBe(2);
    expect(settings.sources).toMatchObject({ 'backup.count': 'policy', 'audit.retentionDays': 'user', 'backup.intervalHours': 'default' });
  });
});
