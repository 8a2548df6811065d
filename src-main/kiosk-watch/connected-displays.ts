import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runCommand, type RunCommand } from './run-command';

/**
 * The monitors driven by the kiosk's graphics hardware, as the OS counts
 * them. A mirrored (duplicated) display is one display to the app, since
 * Electron's screen module shows the mirror set as one, but it is still a
 * monitor the hardware drives: more of them than the displays the shell
 * reported means a screen is showing the interview somewhere else.
 */
export interface ConnectedDisplays {
  connected: number;
  /** What was read, for the evidence: the connector or display names. */
  names: string[];
  /** Where it was read. */
  source: string;
}

/** Null when this platform cannot tell (or the reading is not one); rejects only when reading failed outright. */
export interface ConnectedDisplayProbe {
  read(): Promise<ConnectedDisplays | null>;
}

export interface NodeConnectedDisplayOptions {
  platform?: NodeJS.Platform;
  run?: RunCommand;
  /** The kernel's DRM class folder (tests give a made-up one). */
  drmDir?: string;
}

const MAX_NAMES = 16;

/**
 * Reads, never changes:
 *
 * - Linux: /sys/class/drm/<card>-<connector>/, counting connectors whose
 *   `status` is "connected" and `enabled` is "enabled" (a laptop's closed
 *   lid leaves its panel connected but not enabled, so it is not counted).
 * - macOS: `system_profiler SPDisplaysDataType -json`, every display of
 *   every graphics device (a mirrored one is listed with its mirror on).
 * - Windows: the monitors Windows reports active through WMI
 *   (WmiMonitorBasicDisplayParams), by PowerShell.
 */
export function nodeConnectedDisplays(options: NodeConnectedDisplayOptions = {}): ConnectedDisplayProbe {
  const platform = options.platform ?? process.platform;
  const run = options.run ?? runCommand;
  const drmDir = options.drmDir ?? '/sys/class/drm';
  return {
    read: () => {
      if (platform === 'linux') return readDrm(drmDir);
      if (platform === 'darwin') return readMac(run);
      if (platform === 'win32') return readWindows(run);
      return Promise.resolve(null);
    },
  };
}

async function readDrm(drmDir: string): Promise<ConnectedDisplays | null> {
  let entries: string[];
  try {
    entries = await readdir(drmDir);
  } catch {
    // No DRM at all (a container, a VM without a GPU): nothing to count.
    return null;
  }
  const names: string[] = [];
  for (const entry of entries.filter((name) => /^card\d+-/.test(name)).sort()) {
    const [status, enabled] = await Promise.all([readWord(join(drmDir, entry, 'status')), readWord(join(drmDir, entry, 'enabled'))]);
    if (status === 'connected' && enabled === 'enabled') names.push(entry.replace(/^card\d+-/, ''));
  }
  return { connected: names.length, names: names.slice(0, MAX_NAMES), source: drmDir };
}

async function readWord(path: string): Promise<string | null> {
  try {
    return (await readFile(path, 'utf8')).trim();
  } catch {
    return null;
  }
}

async function readMac(run: RunCommand): Promise<ConnectedDisplays | null> {
  const { stdout, exitCode } = await run('system_profiler', ['SPDisplaysDataType', '-json']);
  if (exitCode !== 0) return null;
  return macDisplaysFrom(stdout);
}

/** The displays system_profiler lists under each graphics device; null when its JSON is not that. */
export function macDisplaysFrom(json: string): ConnectedDisplays | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return null;
  }
  const devices = (parsed as { SPDisplaysDataType?: unknown } | null)?.SPDisplaysDataType;
  if (!Array.isArray(devices)) return null;
  const names: string[] = [];
  for (const device of devices) {
    const displays = (device as { spdisplays_ndrvs?: unknown } | null)?.spdisplays_ndrvs;
    if (!Array.isArray(displays)) continue;
    for (const display of displays) {
      const name = (display as { _name?: unknown } | null)?._name;
      names.push(typeof name === 'string' ? name.slice(0, 100) : 'display');
    }
  }
  return { connected: names.length, names: names.slice(0, MAX_NAMES), source: 'system_profiler SPDisplaysDataType' };
}

async function readWindows(run: RunCommand): Promise<ConnectedDisplays | null> {
  const query = '@(Get-CimInstance -Namespace root\\wmi -ClassName WmiMonitorBasicDisplayParams | Where-Object { $_.Active }).Count';
  const { stdout, exitCode } = await run('powershell.exe', ['-NoProfile', '-NonInteractive', '-Command', query]);
  if (exitCode !== 0) return null;
  return windowsDisplaysFrom(stdout);
}

/** PowerShell's count of active monitors; null when it printed something else. */
export function windowsDisplaysFrom(stdout: string): ConnectedDisplays | null {
  const text = stdout.trim();
  if (!/^\d{1,2}$/.test(text)) return null;
  return { connected: Number(text), names: [], source: 'WMI WmiMonitorBasicDisplayParams (active)' };
}
