import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { macDisplaysFrom, nodeConnectedDisplays, windowsDisplaysFrom } from '../../../src-main/kiosk-watch/connected-displays';

/** Counting the monitors the graphics hardware drives, on each OS, from what the OS prints or the kernel lists. */
describe('the connected monitors', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  /** A made-up /sys/class/drm: connector → [status, enabled]. */
  function drm(connectors: Record<string, [string, string] | null>): string {
    const dir = mkdtempSync(join(tmpdir(), 'drm-'));
    dirs.push(dir);
    for (const [name, files] of Object.entries(connectors)) {
      mkdirSync(join(dir, name));
      if (!files) continue;
      writeFileSync(join(dir, name, 'status'), `${files[0]}\n`);
      writeFileSync(join(dir, name, 'enabled'), `${files[1]}\n`);
    }
    return dir;
  }

  it('on Linux counts the connectors that are connected and driven, leaving out a closed lid’s panel and the GPU itself', async () => {
    const drmDir = drm({
      card0: null,
      'card0-eDP-1': ['connected', 'disabled'],
      'card0-HDMI-A-1': ['connected', 'enabled'],
      'card0-DP-1': ['connected', 'enabled'],
      'card0-DP-2': ['disconnected', 'disabled'],
      'renderD128': null,
    });
    const read = await nodeConnectedDisplays({ platform: 'linux', drmDir }).read();
    expect(read).toEqual({ connected: 2, names: ['DP-1', 'HDMI-A-1'], source: drmDir });
  });

  it('on Linux without DRM (a container) cannot tell', async () => {
    expect(await nodeConnectedDisplays({ platform: 'linux', drmDir: join(tmpdir(), 'no-such-drm-dir') }).read()).toBeNull();
  });

  it('on macOS counts every display of every graphics device that system_profiler lists, mirrored ones included', async () => {
    const json = JSON.stringify({
      SPDisplaysDataType: [
        { _name: 'Apple M2', spdisplays_ndrvs: [{ _name: 'Color LCD', spdisplays_main: 'spdisplays_yes' }, { _name: 'DELL U2720Q', spdisplays_mirror: 'spdisplays_on' }] },
        { _name: 'eGPU' },
      ],
    });
    const run = async (file: string, args: readonly string[]) => {
      expect([file, ...args]).toEqual(['system_profiler', 'SPDisplaysDataType', '-json']);
      return { stdout: json, exitCode: 0 };
    };
    expect(await nodeConnectedDisplays({ platform: 'darwin', run }).read()).toEqual({
      connected: 2,
      names: ['Color LCD', 'DELL U2720Q'],
      source: 'system_profiler SPDisplaysDataType',
    });
    expect(macDisplaysFrom('not json')).toBeNull();
    expect(macDisplaysFrom('{"SPDisplaysDataType": "no"}')).toBeNull();
    expect(await nodeConnectedDisplays({ platform: 'darwin', run: async () => ({ stdout: '', exitCode: 1 }) }).read()).toBeNull();
  });

  it('on Windows takes the count of active monitors PowerShell prints, and nothing else', async () => {
    let asked: string[] = [];
    const run = async (file: string, args: readonly string[]) => {
      asked = [file, ...args];
      return { stdout: '2\r\n', exitCode: 0 };
    };
    expect(await nodeConnectedDisplays({ platform: 'win32', run }).read()).toMatchObject({ connected: 2, names: [] });
    expect(asked[0]).toBe('powershell.exe');
    expect(asked.at(-1)).toContain('WmiMonitorBasicDisplayParams');
    expect(windowsDisplaysFrom('Get-CimInstance : Access denied')).toBeNull();
    expect(windowsDisplaysFrom('')).toBeNull();
  });

  it('elsewhere cannot tell', async () => {
    expect(await nodeConnectedDisplays({ platform: 'freebsd' }).read()).toBeNull();
  });
});
