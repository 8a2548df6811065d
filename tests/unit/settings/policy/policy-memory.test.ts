import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PolicyMemoryFile } from '../../../../src-main/settings/policy/policy-memory';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kiosk-policy-memory-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const LOCATION = '/etc/teamified-kiosk/policy.json';
const HOUR = 60 * 60 * 1000;

describe('the last good policy file', () => {
  it('is written when the policy in force changes, or an hour of read times later, not at every poll', () => {
    const path = join(dir, 'policy-last-good.json');
    const memory = new PolicyMemoryFile(path, LOCATION);
    const t0 = Date.parse('2025-03-04T10:00:00Z');
    memory.keep({ 'lockdown.maxDisplays': { value: 2, readAt: t0 } });
    expect(new PolicyMemoryFile(path, LOCATION).read().remembered).toEqual({ 'lockdown.maxDisplays': { value: 2, readAt: t0 } });

    // The same values read again within the hour: nothing written (the file, removed here, stays away).
    rmSync(path);
    memory.keep({ 'lockdown.maxDisplays': { value: 2, readAt: t0 + HOUR - 1 } });
    expect(existsSync(path)).toBe(false);
    memory.keep({ 'lockdown.maxDisplays': { value: 2, readAt: t0 + HOUR } });
    expect(new PolicyMemoryFile(path, LOCATION).read().remembered).toEqual({ 'lockdown.maxDisplays': { value: 2, readAt: t0 + HOUR } });

    // A changed value, an added or a released setting: written at once.
    for (const next of [
      { 'lockdown.maxDisplays': { value: 3, readAt: t0 + HOUR } },
      { 'lockdown.maxDisplays': { value: 3, readAt: t0 + HOUR }, mode: { value: 'kiosk', readAt: t0 + HOUR } },
      { mode: { value: 'kiosk', readAt: t0 + HOUR } },
    ]) {
      rmSync(path, { force: true });
      memory.keep(next);
      expect(new PolicyMemoryFile(path, LOCATION).read().remembered).toEqual(next);
    }
  });

  it('says why it cannot be used when it cannot be read, and is none when absent', () => {
    expect(new PolicyMemoryFile(join(dir, 'none.json'), LOCATION).read()).toEqual({ remembered: {}, problem: null });
    // A folder where the file should be: readable by no one.
    expect(new PolicyMemoryFile(dir, LOCATION).read().problem).toContain(`The last good policy ${dir} could not be read (EISDIR`);
  });
});
