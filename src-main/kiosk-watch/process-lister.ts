import { readdir, readFile } from 'node:fs/promises';
import { runCommand, type RunCommand } from './run-command';

/**
 * The programs running on this computer, by executable name ("Zoom.exe",
 * "zoom.us", "teamviewerd"), each once, in no particular order. Rejects when
 * the list could not be read at all: the watch then says it could not
 * check, and records nothing.
 */
export interface ProcessLister {
  listProcessNames(): Promise<string[]>;
}

export interface NodeProcessListerOptions {
  platform?: NodeJS.Platform;
  /** Runs `ps` or `tasklist`; tests pass a fake. */
  run?: RunCommand;
  /** Linux's process folder; tests pass a folder shaped like it. */
  procDir?: string;
}

/**
 * The process list as the OS gives it to any user, in plain Node (the
 * Electron core and the browser host alike):
 *
 * - Linux: /proc/<pid>/comm (the kernel's name, cut to 15 characters) and
 *   the base name of argv[0] in /proc/<pid>/cmdline (the full name, where
 *   the process did not rewrite it);
 * - Windows: `tasklist /fo csv /nh`, the image names;
 * - macOS and the BSDs: `ps -axo comm=`, the base name of each executable.
 */
export function nodeProcessLister(options: NodeProcessListerOptions = {}): ProcessLister {
  const platform = options.platform ?? process.platform;
  const run = options.run ?? runCommand;
  return {
    async listProcessNames() {
      if (platform === 'linux') return linuxProcessNames(options.procDir ?? '/proc');
      if (platform === 'win32') return tasklistNames(checkedOutput(await run('tasklist', ['/fo', 'csv', '/nh']), 'tasklist'));
      return psNames(checkedOutput(await run('ps', ['-axo', 'comm=']), 'ps'));
    },
  };
}

function checkedOutput(result: { stdout: string; exitCode: number }, program: string): string {
  if (result.exitCode !== 0) throw new Error(`${program} exited with code ${result.exitCode}`);
  return result.stdout;
}

/** Processes read side by side: a few hundred small reads of /proc files, without waiting for each in turn. */
const PROC_READS_AT_ONCE = 64;

/** Every process's names from a /proc-shaped folder; one that ends while it is read is skipped. */
export async function linuxProcessNames(procDir: string): Promise<string[]> {
  const pids = (await readdir(procDir)).filter((entry) => /^\d+$/.test(entry));
  const names = new Set<string>();
  for (let start = 0; start < pids.length; start += PROC_READS_AT_ONCE) {
    const batch = pids.slice(start, start + PROC_READS_AT_ONCE);
    const read = await Promise.all(batch.map((pid) => namesOfPid(procDir, pid)));
    for (const found of read) for (const name of found) names.add(name);
  }
  return [...names];
}

async function namesOfPid(procDir: string, pid: string): Promise<string[]> {
  const [comm, cmdline] = await Promise.all([readOrNull(`${procDir}/${pid}/comm`), readOrNull(`${procDir}/${pid}/cmdline`)]);
  const names: string[] = [];
  const kernelName = comm?.trim();
  if (kernelName) names.push(kernelName);
  const argv0 = cmdline === null ? null : argv0Name(cmdline);
  if (argv0 && argv0 !== kernelName) names.push(argv0);
  return names;
}

/** Gone (ENOENT, ESRCH), or not ours to read (EACCES): such a process still has its comm, or is skipped. */
async function readOrNull(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return null;
  }
}

/**
 * The executable's base name from a /proc cmdline (NUL-separated argv).
 * Chromium and Electron rewrite theirs into one space-separated string;
 * where argv[0] is the only entry and holds a space, where it ends cannot be
 * told (a folder may have a space in its name), so it is left to comm.
 */
export function argv0Name(cmdline: string): string | null {
  const argv = cmdline.split('\0').filter((part) => part.length > 0);
  const first = argv[0];
  if (!first || (argv.length === 1 && first.includes(' '))) return null;
  return baseName(first) || null;
}

/** `ps -axo comm=`: one executable a line, a full path on macOS (folders may have spaces), a bare name elsewhere. */
export function psNames(stdout: string): string[] {
  const names = new Set<string>();
  for (const line of stdout.split(/\r?\n/)) {
    const name = baseName(line.trim());
    if (name) names.add(name);
  }
  return [...names];
}

/** `tasklist /fo csv /nh`: `"Image Name","PID","Session Name","Session#","Mem Usage"` a line; the image name is the first field. */
export function tasklistNames(stdout: string): string[] {
  const names = new Set<string>();
  for (const line of stdout.split(/\r?\n/)) {
    const match = /^"([^"]+)",/.exec(line.trim());
    if (match) names.add(match[1]!);
  }
  return [...names];
}

function baseName(path: string): string {
  return path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
}
