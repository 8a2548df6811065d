import { appendFileSync, mkdirSync, readFileSync, renameSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { ErrorReport, ErrorReports } from './error-report';

/** Past this, the file becomes errors.1.jsonl (replacing the one before): at most twice this is kept. */
export const ERROR_FILE_MAX_BYTES = 256 * 1024;

const CURRENT = 'errors.jsonl';
const PREVIOUS = 'errors.1.jsonl';

/** A line is a report, or a note that the collector accepted some (appended, never rewritten). */
type Line = { report: ErrorReport } | { sent: string[]; at: string };

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
    private readonly options: { maxBytes?: number; onWriteFailure?: (error: unknown) => void } = {},
  ) {}

  add(report: ErrorReport): void {
    this.append({ report });
  }

  list(since: Date): ErrorReport[] {
    const reports = new Map<string, ErrorReport>();
    const sent = new Map<string, string>();
    for (const line of this.lines()) {
      if ('report' in line) reports.set(line.report.id, line.report);
      else for (const id of line.sent) sent.set(id, line.at);
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

  private append(line: Line): void {
    try {
      mkdirSync(this.folder, { recursive: true, mode: 0o700 });
      const file = join(this.folder, CURRENT);
      if (sizeOf(file) > (this.options.maxBytes ?? ERROR_FILE_MAX_BYTES)) renameSync(file, join(this.folder, PREVIOUS));
      appendFileSync(file, `${JSON.stringify(line)}\n`, { mode: 0o600 });
    } catch (error) {
      // Keeping an error must never raise another one.
      this.options.onWriteFailure?.(error);
    }
  }

  private lines(): Line[] {
    const lines: Line[] = [];
    for (const name of [PREVIOUS, CURRENT]) {
      let text: string;
      try {
        text = readFileSync(join(this.folder, name), 'utf8');
      } catch {
        continue;
      }
      for (const raw of text.split('\n')) {
        if (!raw) continue;
        try {
          lines.push(JSON.parse(raw) as Line);
        } catch {
          // A line cut short by a crash mid-write: the others still count.
        }
      }
    }
    return lines;
  }
}

function sizeOf(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}
