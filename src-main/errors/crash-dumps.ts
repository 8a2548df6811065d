import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Clock } from '../common/clock';
import type { ErrorReports } from './error-report';
import { redactedReport } from './redact-error';

/** Crashpad's minidumps: `<crashDumps>/completed/<uuid>.dmp` (pending/ and new/ while being written), on every OS. */
const MINIDUMP = /^[\w-]{1,100}\.dmp$/;
/** Deep enough for Crashpad's layout; a link loop or a huge folder cannot stall the count. */
const MAX_DEPTH = 3;
const MAX_FILES = 10_000;

export interface Minidump {
  name: string;
  modifiedAt: Date;
}

/**
 * The minidumps Electron's crash reporter left in its folder (the shell
 * starts it with uploadToServer: false, so they stay there). A minidump
 * holds the crashed process's memory, which may include anything a
 * candidate said or typed, so it never leaves the device: it is only
 * counted, and named (a UUID) in the report that says a crash happened.
 */
export function listMinidumps(folder: string): Minidump[] {
  const found: Minidump[] = [];
  const walk = (dir: string, depth: number): void => {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      return;
    }
    for (const name of names) {
      if (found.length >= MAX_FILES) return;
      const path = join(dir, name);
      try {
        const stat = statSync(path);
        if (stat.isDirectory() && depth < MAX_DEPTH) walk(path, depth + 1);
        else if (stat.isFile() && MINIDUMP.test(name)) found.push({ name, modifiedAt: stat.mtime });
      } catch {
        // Gone while we looked (Crashpad moves pending/ to completed/).
      }
    }
  };
  walk(folder, 0);
  return found;
}

/** Minidumps older than this when first seen are history (Crashpad keeps them for weeks), not news for IT. */
const NEWS_MS = 14 * 24 * 60 * 60_000;

/** A dump written this close to a window's reported crash is that crash's: Crashpad writes it as the process dies. */
const SAME_CRASH_MS = 60_000;

export interface CrashDumpWatchDeps {
  /** app.getPath('crashDumps'), from the shell; absent where there is no Electron (the browser host, tests). */
  folder: string;
  /** Where the names of the minidumps already reported are kept (in the errors folder). */
  seenFile: string;
  reports: Pick<ErrorReports, 'add' | 'list'>;
  appVersion: string;
  clock: Clock;
  /** The seen-list could not be written: the reports kept still stop a repeat until the error file rotates. */
  onSeenWriteFailure?: (error: unknown) => void;
}

/**
 * Turns each new minidump into a kept error report (source 'crash'), so a
 * native crash of any of the app's processes (the main process's shows up
 * at the next start) is counted in the fleet report and sent to IT's
 * collector like any other error: its name, never its content. A minidump
 * is new when neither the seen-list nor a kept report names it. The
 * seen-list is its own file because the error file rotates: once the
 * report naming a dump rotated away, the dump (Crashpad keeps them for
 * weeks) would otherwise be reported, counted and sent again. It holds
 * only dumps young enough to be news, so it stays small.
 */
export class CrashDumpWatch {
  constructor(private readonly deps: CrashDumpWatchDeps) {}

  /** How many minidumps the folder holds now. */
  count(): number {
    return listMinidumps(this.deps.folder).length;
  }

  /** Keeps a report for each minidump not reported before; returns how many it kept. */
  check(): number {
    const now = this.deps.clock.now();
    const isNews = (at: Date): boolean => now.getTime() - at.getTime() < NEWS_MS;
    const dumps = listMinidumps(this.deps.folder).filter((dump) => isNews(dump.modifiedAt));
    const stored = readSeen(this.deps.seenFile);
    const seen = stored.filter((dump) => isNews(dump.modifiedAt));
    const kept = this.deps.reports.list(new Date(now.getTime() - 2 * NEWS_MS));
    const known = new Set([...seen.map((dump) => dump.name), ...kept.map((report) => report.context.minidump)]);
    const fresh = dumps.filter((dump) => !known.has(dump.name)).sort((a, b) => a.modifiedAt.getTime() - b.modifiedAt.getTime());
    // A window's crash is reported by the shell as it happens (renderer-errors.ts, with its reason); its dump is the same crash, not another.
    const windowCrashes = kept.filter((report) => report.source === 'renderer' && report.kind === 'crash').map((report) => Date.parse(report.at));
    const reported = fresh.filter((dump) => {
      const match = windowCrashes.findIndex((at) => Math.abs(at - dump.modifiedAt.getTime()) <= SAME_CRASH_MS);
      if (match === -1) return true;
      windowCrashes.splice(match, 1);
      return false;
    });
    for (const dump of reported) {
      this.deps.reports.add(
        redactedReport(
          { source: 'crash', kind: 'crash', errorClass: 'NativeCrash', message: 'A process of the app crashed; its minidump is kept on this device only.' },
          { appVersion: this.deps.appVersion, at: dump.modifiedAt, context: { minidump: dump.name } },
        ),
      );
    }
    // Every dump here now is reported (those a kept report names too, from before the list existed); old ones leave it.
    const next = [...new Map([...seen, ...dumps].map((dump) => [dump.name, dump])).values()].slice(-MAX_FILES);
    if (next.map((dump) => dump.name).join('/') !== stored.map((dump) => dump.name).join('/')) {
      try {
        writeSeen(this.deps.seenFile, next);
      } catch (error) {
        this.deps.onSeenWriteFailure?.(error);
      }
    }
    return reported.length;
  }
}

function readSeen(file: string): Minidump[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    // None yet, or cut short by a crash: the kept reports still name recent dumps.
    return [];
  }
  if (!Array.isArray(parsed)) return [];
  return parsed.flatMap((entry: unknown) => {
    const { name, modifiedAt } = (entry ?? {}) as { name?: unknown; modifiedAt?: unknown };
    if (typeof name !== 'string' || !MINIDUMP.test(name) || typeof modifiedAt !== 'string' || Number.isNaN(Date.parse(modifiedAt))) return [];
    return [{ name, modifiedAt: new Date(modifiedAt) }];
  });
}

/** Written whole then renamed over the old list, so a crash mid-write leaves the old one. */
function writeSeen(file: string, dumps: Minidump[]): void {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const temporary = `${file}.tmp`;
  writeFileSync(temporary, JSON.stringify(dumps.map((dump) => ({ name: dump.name, modifiedAt: dump.modifiedAt.toISOString() }))), { mode: 0o600 });
  renameSync(temporary, file);
}
