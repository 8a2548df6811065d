/**
 * An error this device kept for IT (issue 20, point 6): an unhandled error
 * in the core or in a window, or a crash, with the app version and a context
 * that holds no candidate content. Reports are redacted BEFORE they are
 * kept (redact-error.ts), so the store, the fleet report and the upload to
 * IT's collector only ever see what is below.
 */
export const errorSources = ['core', 'main', 'renderer', 'crash'] as const;
export type ErrorSource = (typeof errorSources)[number];

export const errorKinds = ['uncaught', 'unhandled-rejection', 'render', 'crash'] as const;
export type ErrorKind = (typeof errorKinds)[number];

export interface ErrorReport {
  /** A UUID, so an upload retried after a lost reply is the same event at the collector. */
  id: string;
  /** When it happened (ISO 8601). */
  at: string;
  /** Which process: the core, Electron's main process, a window (renderer), or a native crash Electron's crash reporter caught. */
  source: ErrorSource;
  kind: ErrorKind;
  /** The error's class name (`TypeError`); `Error` when it named none we keep. */
  errorClass: string;
  /** The program's words of the message only (redact-message.ts): quoted text, addresses, numbers, paths and what follows a colon become placeholders; a message that may name a person is removed whole. */
  message: string;
  /** Stack frames as `file:line` only: no function names, folders, URLs or columns. */
  frames: string[];
  appVersion: string;
  /** Small facts that tell reports apart (device mode, the caller's role, the platform); never a person's data. */
  context: Record<string, string | number | boolean>;
  /** When IT's collector accepted it; null while it is only on this device. */
  sentAt: string | null;
}

/**
 * Where reports are kept on this device. The fleet report counts them
 * (`count`), the upload to IT's collector reads those not yet sent (`list`)
 * and marks what the collector accepted (`markSent`).
 */
export interface ErrorReports {
  /** Keeps a report (already redacted). Never throws: a store that cannot write drops it and says so in the log. */
  add(report: ErrorReport): void;
  /** Reports at or after `since`, oldest first. */
  list(since: Date): ErrorReport[];
  /** How many reports at or after `since`. */
  count(since: Date): number;
  /** Notes that the collector accepted these reports; unknown ids are ignored. */
  markSent(ids: readonly string[], at: Date): void;
  /** How many reports not yet sent were dropped when the store made room, since it began: none is lost unsaid. */
  dropped(): number;
}
