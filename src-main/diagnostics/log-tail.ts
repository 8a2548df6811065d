import { closeSync, fstatSync, openSync, readdirSync, readSync } from 'node:fs';
import { join } from 'node:path';

/** The last part of each log: what happened lately is what support needs, and the bundle stays small. */
export const LOG_TAIL_BYTES = 2 * 1024 * 1024;

export interface LogTail {
  name: string;
  lines: string[];
  /** True when the file was longer than what was read. */
  cut: boolean;
}

/** The `.log` files in `dir` (none when it does not exist), each as its last `maxBytes` in whole lines. */
export function readLogTails(dir: string, maxBytes = LOG_TAIL_BYTES): LogTail[] {
  let names: string[];
  try {
    names = readdirSync(dir).filter((name) => name.endsWith('.log')).sort();
  } catch {
    return [];
  }
  return names.map((name) => {
    const fd = openSync(join(dir, name), 'r');
    try {
      const size = fstatSync(fd).size;
      const start = Math.max(0, size - maxBytes);
      const buffer = Buffer.alloc(size - start);
      readSync(fd, buffer, 0, buffer.length, start);
      const lines = buffer.toString('utf8').split('\n');
      // A tail starting mid-file begins mid-line: that first piece is not a whole line.
      if (start > 0) lines.shift();
      return { name, lines: lines.filter((line) => line.length > 0), cut: start > 0 };
    } finally {
      closeSync(fd);
    }
  });
}
