/** Structured fields attached to a log line; redacted before they are written. */
export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  /** A logger whose lines all carry `bindings` (e.g. `{ component: 'auth' }`). */
  child(bindings: LogFields): Logger;
}
