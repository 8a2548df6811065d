import { readFile } from 'node:fs/promises';

/**
 * Whether the OS's own kiosk lock is around the app (README, "Locking a
 * kiosk down"): what stops Alt+Tab, the Windows key and other apps, which an
 * app cannot stop by itself. The Electron shell works it out and tells the
 * core (core-protocol 'shell-facts').
 */
export const osKioskStates = ['present', 'missing', 'unknown'] as const;
export type OsKiosk = (typeof osKioskStates)[number];

export interface OsKioskInputs {
  platform: string;
  /** The names of the app's parent, its parent, and so on (Linux); null when they could not be read. */
  ancestors: string[] | null;
  /** The names of the running processes that matter (Windows: Explorer); null when they could not be listed. */
  processes: string[] | null;
  /** The window is Electron's macOS `kiosk` window (a packaged build at a kiosk). */
  kioskWindow: boolean;
}

/**
 * - Linux: the app runs inside `cage`, the kiosk compositor: one of its ancestors is `cage`.
 * - Windows: Assigned Access runs the kiosk account without the Explorer
 *   shell, so `explorer.exe` running means there is a desktop to escape to.
 * - macOS: the app provides the lock itself, as Electron's kiosk window.
 * Anything else, or inputs that could not be read: unknown.
 */
export function detectOsKiosk(inputs: OsKioskInputs): OsKiosk {
  switch (inputs.platform) {
    case 'linux':
      if (inputs.ancestors === null) return 'unknown';
      return inputs.ancestors.some((name) => name === 'cage') ? 'present' : 'missing';
    case 'win32':
      if (inputs.processes === null) return 'unknown';
      return inputs.processes.some((name) => name.toLowerCase() === 'explorer.exe') ? 'missing' : 'present';
    case 'darwin':
      return inputs.kioskWindow ? 'present' : 'missing';
    default:
      return 'unknown';
  }
}

/** Enough for any real process tree; a loop in a malformed /proc stops here. */
const MAX_ANCESTORS = 64;

/**
 * The names of `pid`'s ancestors, nearest first, from a /proc-shaped folder:
 * each process's parent is the fourth field of /proc/<pid>/stat (after the
 * command name in brackets, which may itself hold spaces and brackets), its
 * name /proc/<pid>/comm. Null when the first step cannot be read.
 */
export async function linuxAncestorNames(pid: number, procDir = '/proc'): Promise<string[] | null> {
  const names: string[] = [];
  let current = pid;
  for (let step = 0; step < MAX_ANCESTORS; step++) {
    const parent = await parentOf(procDir, current);
    if (parent === null) return step === 0 ? null : names;
    if (parent <= 0) return names;
    const name = (await readOrNull(`${procDir}/${parent}/comm`))?.trim();
    if (name) names.push(name);
    current = parent;
  }
  return names;
}

async function parentOf(procDir: string, pid: number): Promise<number | null> {
  const stat = await readOrNull(`${procDir}/${pid}/stat`);
  if (stat === null) return null;
  const fields = stat.slice(stat.lastIndexOf(')') + 1).trim().split(/\s+/);
  const parent = Number(fields[1]);
  return Number.isInteger(parent) ? parent : null;
}

async function readOrNull(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return null;
  }
}

export interface OsKioskReading {
  platform: string;
  kioskWindow: boolean;
  /** The running programs' names (Windows); the shell passes the kiosk watch's process list. Rejects when it cannot be read. */
  processNames: () => Promise<string[]>;
  /** The app's process id and Linux's process folder; tests pass their own. */
  pid?: number;
  procDir?: string;
}

/** Reads what the platform's rule needs (and nothing else) and applies it. */
export async function readOsKiosk(options: OsKioskReading): Promise<OsKiosk> {
  const { platform, kioskWindow } = options;
  const ancestors = platform === 'linux' ? await linuxAncestorNames(options.pid ?? process.pid, options.procDir) : null;
  const processes = platform === 'win32' ? await options.processNames().catch(() => null) : null;
  return detectOsKiosk({ platform, ancestors, processes, kioskWindow });
}
