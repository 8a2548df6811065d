import { appendFileSync, mkdirSync, readFileSync, renameSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { ErrorReport, ErrorReports } from './error-report';

/** Past this, the file becomes errors.1.jsonl (replacing the one before): at most twice this is kept. */
export const ERROR_FILE_MAX_BYTES = 256 * 1024;

const CURRENT = 'errors.jsonl';
const PREVIOUS = 'errors.1.jsonl';

/**
 * A line is a report, a note that the collector accepted some, or a note
 * of how many unsent reports a rotation dropped, counting those the
 * dropped file's own notes counted (appended, never rewritten).
 */
type Line = { report: ErrorReport } | { sent: string[]; at: string } | { dropped: number; at: string };

/**
 * The error reports kept on this device (issue 20, point 6), as JSON lines
 * under `<data folder>/errors/`. Written synchronously and append-only: a
 * report is often the last thing a dying process does, and Electron's main
 * process and the core append to the same file (O_APPEND keeps whole
 * lines). Reports arrive redacted (redact-error.ts); this only keeps them.
 */
export class FileErrorReports implements ErrorReports {
  constructor(
    private readonly folder: string,
    private readonly options: {
      maxBytes?: number;
      onWriteFailure?: (error: unknown) => void;
      /** A rotation dropped reports that were never sent (the collector unreachable, or none set): how many. */
      onDropped?: (count: number) => void;
    } = {},
  ) {}

  add(report: ErrorReport): void {
    this.append({ report });
  }

  list(since: Date): ErrorReport[] {
    const reports = new Map<string, ErrorReport>();
    const sent = new Map<string, string>();
    for (const line of this.lines()) {
      if ('report' in line) reports.set(line.report.id, line.report);
      else if ('sent' in line) for (const id of line.sent) sent.set(id, line.at);
    }
    const from = since.getTime();
    return [...reports.values()]
      .filter((report) => Date.parse(report.at) >= from)
      .map((report) => ({ ...report, sentAt: sent.get(report.id) ?? report.sentAt }))
      .sort((a, b) => a.at.localeCompare(b.at));
  }

  count(since: Date): number {
    return this.list(since).length;
  }

  markSent(ids: readonly string[], at: Date): void {
    if (ids.length > 0) this.append({ sent: [...ids], at: at.toISOString() });
  }

  dropped(): number {
    return this.lines().reduce((total, line) => total + droppedIn(line), 0);
  }

  private append(line: Line): void {
    try {
      mkdirSync(this.folder, { recursive: true, mode: 0o700 });
      const file = join(this.folder, CURRENT);
      if (sizeOf(file) > (this.options.maxBytes ?? ERROR_FILE_MAX_BYTES)) this.rotate(file, line);
      appendFileSync(file, `${JSON.stringify(line)}\n`, { mode: 0o600 });
    } catch (error) {
      // Keeping an error must never raise another one.
      this.options.onWriteFailure?.(error);
    }
  }

  /**
   * The current file becomes the previous one, replacing it. Reports in the
   * file replaced that were never sent are counted in a note that opens the
   * new file, with what that file's own notes counted, so the count
   * outlives every rotation.
   */
  private rotate(file: string, next: Line): void {
    const all = this.lines();
    const sent = new Set(all.flatMap((line) => ('sent' in line ? line.sent : [])));
    const discarded = readLines(join(this.folder, PREVIOUS));
    const unsent = discarded.filter((line) => 'report' in line && !sent.has(line.report.id)).length;
    const carried = discarded.reduce((total, line) => total + droppedIn(line), 0);
    renameSync(file, join(this.folder, PREVIOUS));
    if (unsent + carried > 0) {
      const at = 'report' in next ? next.report.at : next.at;
      appendFileSync(file, `${JSON.stringify({ dropped: unsent + carried, at } satisfies Line)}\n`, { mode: 0o600 });
    }
    if (unsent > 0) this.options.onDropped?.(unsent);
  }

  private lines(): Line[] {
    return [PREVIOUS, CURRENT].flatMap((name) => readLines(join(this.folder, name)));
  }
}

function droppedIn(line: Line): number {
  return 'dropped' in line && Number.isInteger(line.dropped) && line.dropped > 0 ? line.dropped : 0;
}

function readLines(file: string): Line[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  const lines: Line[] = [];
  for (const raw of text.split('\n')) {
    if (!raw) continue;
    try {
      lines.push(JSON.parse(raw) as Line);
    } catch {
      // A line cut short by a crash mid-write: the others still count.
    }
  }
  return lines;
}

function sizeOf(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}
