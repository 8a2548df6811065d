import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import type { LogFields, Logger } from './logger-types';
import { redact, redactString } from './redact';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** Receives one complete JSON line, without the trailing newline. */
export type LogSink = (line: string) => void;

export interface LoggerOptions {
  /** Lines below this level are dropped. Default 'info'. */
  level?: LogLevel;
  /** Default: appends to process.stderr. */
  sink?: LogSink;
  /** Fields carried by every line of this logger. */
  bindings?: LogFields;
}

const levelRank: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };
// A field may not overwrite the line's own envelope; it is kept under another name instead of lost.
const reservedKeys = new Set(['time', 'level', 'msg']);

const stderrSink: LogSink = (line) => {
  process.stderr.write(`${line}\n`);
};

/**
 * A structured logger: one JSON object per line, every value passed through
 * the redactor, so a careless `logger.info('login', { email, password })`
 * still writes nothing personal.
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  const threshold = levelRank[options.level ?? 'info'];
  const sink = options.sink ?? stderrSink;
  // Stacks are debug detail: they add noise and file paths to production logs.
  const includeStack = threshold <= levelRank.debug;

  function build(bindings: LogFields): Logger {
    const write = (level: LogLevel, message: string, fields?: LogFields): void => {
      if (levelRank[level] < threshold) return;
      const line: Record<string, unknown> = { time: new Date().toISOString(), level, msg: redactString(String(message)) };
      const extra = redact({ ...bindings, ...fields }, { includeStack }) as Record<string, unknown>;
      for (const [key, value] of Object.entries(extra)) line[reservedKeys.has(key) ? `field.${key}` : key] = value;
      try {
        sink(JSON.stringify(line));
      } catch {
        // A log that cannot be written (closed pipe, full disk) must not take the app down with it.
      }
    };
    return {
      debug: (message, fields) => write('debug', message, fields),
      info: (message, fields) => write('info', message, fields),
      warn: (message, fields) => write('warn', message, fields),
      error: (message, fields) => write('error', message, fields),
      child: (more) => build({ ...bindings, ...more }),
    };
  }

  return build(options.bindings ?? {});
}

export interface FileSink extends LogSink {
  /** Releases the file; later lines are dropped. */
  close(): void;
}

/**
 * Appends lines to `path`, creating its folder. Writes are synchronous so the
 * last lines before a crash are on disk, which is when they matter most.
 */
export function createFileSink(path: string): FileSink {
  mkdirSync(dirname(path), { recursive: true });
  // Owner-only: even redacted logs carry candidate ids and timings.
  let fd: number | null = openSync(path, 'a', 0o600);
  const sink = ((line: string) => {
    if (fd !== null) writeSync(fd, `${line}\n`);
  }) as FileSink;
  sink.close = () => {
    if (fd === null) return;
    closeSync(fd);
    fd = null;
  };
  return sink;
}
