import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { detectOsKiosk, linuxAncestorNames, readOsKiosk, type OsKioskInputs } from '../../../src-main/self-check/os-kiosk';

const noProcesses = () => Promise.reject(new Error('not asked on this platform'));
const inputs = (patch: Partial<OsKioskInputs>): OsKioskInputs => ({ platform: 'linux', ancestors: null, processes: null, kioskWindow: false, ...patch });

describe('whether the OS kiosk lock is around the app', () => {
  it('on Linux: present when an ancestor is cage, however far up', () => {
    expect(detectOsKiosk(inputs({ ancestors: ['cage', 'systemd'] }))).toBe('present');
    expect(detectOsKiosk(inputs({ ancestors: ['sh', 'cage', 'login', 'systemd'] }))).toBe('present');
    expect(detectOsKiosk(inputs({ ancestors: ['bash', 'gnome-terminal-', 'systemd'] }))).toBe('missing');
    // Not a name that merely contains it.
    expect(detectOsKiosk(inputs({ ancestors: ['cagey', 'notcage'] }))).toBe('missing');
    expect(detectOsKiosk(inputs({ ancestors: null }))).toBe('unknown');
  });

  it('on Windows: missing while Explorer runs (Assigned Access runs none), in any letter case', () => {
    expect(detectOsKiosk(inputs({ platform: 'win32', processes: [] }))).toBe('present');
    expect(detectOsKiosk(inputs({ platform: 'win32', processes: ['explorer.exe'] }))).toBe('missing');
    expect(detectOsKiosk(inputs({ platform: 'win32', processes: ['EXPLORER.EXE'] }))).toBe('missing');
    expect(detectOsKiosk(inputs({ platform: 'win32', processes: null }))).toBe('unknown');
  });

  it('on macOS: present when the window is Electron’s kiosk window, which the app provides there', () => {
    expect(detectOsKiosk(inputs({ platform: 'darwin', kioskWindow: true }))).toBe('present');
    expect(detectOsKiosk(inputs({ platform: 'darwin', kioskWindow: false }))).toBe('missing');
  });

  it('elsewhere: unknown', () => {
    expect(detectOsKiosk(inputs({ platform: 'freebsd', ancestors: ['cage'], kioskWindow: true }))).toBe('unknown');
  });
});

describe('reading it from the OS', () => {
  let proc: string | null = null;
  afterEach(() => {
    if (proc) rmSync(proc, { recursive: true, force: true });
    proc = null;
  });

  /** A /proc-shaped folder: pid → [parent pid, name]. */
  function fakeProc(tree: Record<number, [number, string]>): string {
    const dir = mkdtempSync(join(tmpdir(), 'self-check-proc-'));
    for (const [pid, [parent, name]] of Object.entries(tree)) {
      mkdirSync(join(dir, pid));
      // The name in brackets may hold spaces and brackets itself; the parent is the field after the state.
      writeFileSync(join(dir, pid, 'stat'), `${pid} (${name}) S ${parent} ${pid} ${pid} 0 -1 4194560`);
      writeFileSync(join(dir, pid, 'comm'), `${name}\n`);
    }
    proc = dir;
    return dir;
  }

  it('walks /proc from the app’s parent to the top', async () => {
    const dir = fakeProc({ 1: [0, 'systemd'], 40: [1, 'login'], 41: [40, 'cage'], 42: [41, 'sh'], 43: [42, 'teamified (x) y'] });
    expect(await linuxAncestorNames(43, dir)).toEqual(['sh', 'cage', 'login', 'systemd']);
    expect(await readOsKiosk({ platform: 'linux', kioskWindow: false, processNames: noProcesses, pid: 43, procDir: dir })).toBe('present');
    expect(await readOsKiosk({ platform: 'linux', kioskWindow: false, processNames: noProcesses, pid: 40, procDir: dir })).toBe('missing');
  });

  it('stops where the tree breaks off, and knows nothing when the app itself cannot be read', async () => {
    const dir = fakeProc({ 41: [40, 'cage'], 42: [41, 'teamified'] });
    expect(await linuxAncestorNames(42, dir)).toEqual(['cage']);
    expect(await linuxAncestorNames(999, dir)).toBeNull();
    expect(await readOsKiosk({ platform: 'linux', kioskWindow: false, processNames: noProcesses, pid: 999, procDir: dir })).toBe('unknown');
  });

  it('stops on a loop in a malformed /proc', async () => {
    const dir = fakeProc({ 5: [6, 'a'], 6: [5, 'b'] });
    expect((await linuxAncestorNames(5, dir))!.length).toBe(64);
  });

  it('reads the real /proc of this test on Linux', async () => {
    if (process.platform !== 'linux') return;
    const names = await linuxAncestorNames(process.pid);
    expect(names).not.toBeNull();
    expect(names!.length).toBeGreaterThan(0);
  });

  it('asks for the process list on Windows only, and cannot tell when it cannot be read', async () => {
    let asked = 0;
    const list = (names: string[]) => async () => {
      asked += 1;
      return names;
    };
    expect(await readOsKiosk({ platform: 'win32', kioskWindow: false, processNames: list(['System', 'TeamifiedKiosk.exe']) })).toBe('present');
    expect(await readOsKiosk({ platform: 'win32', kioskWindow: false, processNames: list(['explorer.exe', 'TeamifiedKiosk.exe']) })).toBe('missing');
    expect(await readOsKiosk({ platform: 'win32', kioskWindow: false, processNames: () => Promise.reject(new Error('tasklist exited with code 1')) })).toBe('unknown');
    expect(asked).toBe(2);
    expect(await readOsKiosk({ platform: 'darwin', kioskWindow: true, processNames: list(['Finder']) })).toBe('present');
    expect(asked).toBe(2);
  });
});
