import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
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

export interface CrashDumpWatchDeps {
  /** app.getPath('crashDumps'), from the shell; absent where there is no Electron (the browser host, tests). */
  folder: string;
  reports: Pick<ErrorReports, 'add' | 'list'>;
  appVersion: string;
  clock: Clock;
}

/**
 * Turns each new minidump into a kept error report (source 'crash'), so a
 * native crash of any of the app's processes (the main process's shows up
 * at the next start) is counted in the fleet report and sent to IT's
 * collector like any other error: its name, never its content. A minidump
 * is new when no kept report names it yet.
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
    const dumps = listMinidumps(this.deps.folder).filter((dump) => now.getTime() - dump.modifiedAt.getTime() < NEWS_MS);
    if (dumps.length === 0) return 0;
    const known = new Set(this.deps.reports.list(new Date(now.getTime() - 2 * NEWS_MS)).map((report) => report.context.minidump));
    let kept = 0;
    for (const dump of dumps.sort((a, b) => a.modifiedAt.getTime() - b.modifiedAt.getTime())) {
      if (known.has(dump.name)) continue;
      this.deps.reports.add(
        redactedReport(
          { source: 'crash', kind: 'crash', errorClass: 'NativeCrash', message: 'A process of the app crashed; its minidump is kept on this device only.' },
          { appVersion: this.deps.appVersion, at: dump.modifiedAt, context: { minidump: dump.name } },
        ),
      );
      kept += 1;
    }
    return kept;
  }
}
