import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PROJECT_ROOT, requireFromBuilder } from '../../../scripts/builder-config';
import { createFakeElectronDist, electronVersion, ELECTRON_45_FUSE_DEFAULTS } from './support/fake-electron-dist';

/*
 * The stand-in Electron distribution is read by the real @electron/fuses
 * (electron-builder's copy), which is as strict with it as with Electron.
 */

interface Fuses {
  getCurrentFuseWire(path: string): Promise<Record<string, unknown>>;
  flipFuses(path: string, config: Record<string, unknown>): Promise<number>;
  FuseV1Options: Record<string, number>;
}
const fuses = requireFromBuilder()('@electron/fuses') as Fuses;

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'fake-electron-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('the stand-in Electron distribution', () => {
  it('carries Electron 45’s fuse wire: nine fuses at their defaults', async () => {
    const executable = createFakeElectronDist(dir, '45.6.1');
    const wire = await fuses.getCurrentFuseWire(executable);
    expect(wire.version).toBe('1');
    const states = Array.from({ length: 9 }, (_, index) => String.fromCharCode(wire[String(index)] as number)).join('');
    expect(states).toBe(ELECTRON_45_FUSE_DEFAULTS);
    expect(wire['9']).toBeUndefined();
  });

  it('is flipped as a real binary is, fuse by fuse', async () => {
    const executable = createFakeElectronDist(dir, '45.6.1');
    await fuses.flipFuses(executable, { version: '1', [fuses.FuseV1Options.RunAsNode!]: false, [fuses.FuseV1Options.OnlyLoadAppFromAsar!]: true });
    const wire = await fuses.getCurrentFuseWire(executable);
    expect(String.fromCharCode(wire['0'] as number, wire['5'] as number)).toBe('01');
  });

  it('is refused, like a real binary, for a fuse its wire is too short to hold', async () => {
    // An Electron whose wire had four fuses (as Electron 13's did) has no onlyLoadAppFromAsar.
    const executable = createFakeElectronDist(dir, '13.0.0', '1011');
    await expect(fuses.flipFuses(executable, { version: '1', [fuses.FuseV1Options.OnlyLoadAppFromAsar!]: true })).rejects.toThrow(/not long enough/);
  });

  it('is needed: @electron/fuses refuses an executable without a fuse wire', async () => {
    const plain = join(dir, 'electron');
    writeFileSync(plain, '#!/bin/sh\nexit 0\n');
    await expect(fuses.flipFuses(plain, { version: '1', [fuses.FuseV1Options.RunAsNode!]: false })).rejects.toThrow(/Could not find sentinel/);
  });

  it('says which Electron it stands for, the installed one', () => {
    const version = electronVersion(PROJECT_ROOT);
    createFakeElectronDist(dir, version);
    expect(readFileSync(join(dir, 'version'), 'utf8')).toBe(version);
  });

  it.skipIf(process.platform === 'win32')('refuses to run an app rather than pretend to be Electron', () => {
    const executable = createFakeElectronDist(dir, '45.6.1');
    const result = spawnSync(executable, ['.'], { encoding: 'utf8' });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/stand-in for Electron 45\.6\.1, not Electron/);
  });
});
