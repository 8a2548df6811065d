import type { KioskApi } from '../../shared/ipc/api';
import { ERROR_REPORT_BYTES, ERROR_REPORT_LIMITS, type ErrorReportInput } from '../../shared/ipc/error-channels';

/** A page stuck failing sends a few, not thousands: main limits too, this spares the channel. */
export const MAX_REPORTS_PER_PAGE = 20;

/**
 * Reports what this page did not handle (window 'error' and
 * 'unhandledrejection') to main over `errors.report`, for IT (issue 20,
 * point 6). The page sends the error as it is; main redacts it before
 * keeping it. Reporting never throws, never reports its own failure, and
 * sends the same error only once in a row. Returns how to stop.
 */
export function reportUnhandledErrors(api: Pick<KioskApi, 'invoke'>, target: Pick<EventTarget, 'addEventListener' | 'removeEventListener'> = window): () => void {
  let sent = 0;
  let last = '';

  const send = (report: ErrorReportInput): void => {
    const key = `${report.kind}|${report.errorClass}|${report.message}`;
    if (sent >= MAX_REPORTS_PER_PAGE || key === last) return;
    sent += 1;
    last = key;
    try {
      // A failed report is dropped: reporting it would only fail again.
      void api.invoke('errors.report', report).catch(() => undefined);
    } catch {
      // The bridge is gone; nothing to tell.
    }
  };

  const onError = (event: Event): void => {
    const { error, message } = event as Event & { error?: unknown; message?: unknown };
    // Without an error object (a cross-origin script's "Script error."), the event's own message is all there is.
    send(describe('error', error ?? (typeof message === 'string' ? message : 'an error without details')));
  };
  const onRejection = (event: Event): void => {
    send(describe('unhandledrejection', (event as Event & { reason?: unknown }).reason));
  };

  target.addEventListener('error', onError);
  target.addEventListener('unhandledrejection', onRejection);
  return () => {
    target.removeEventListener('error', onError);
    target.removeEventListener('unhandledrejection', onRejection);
  };
}

function describe(kind: ErrorReportInput['kind'], thrown: unknown): ErrorReportInput {
  if (thrown instanceof Error) {
    return { kind, errorClass: clip(thrown.name, 'errorClass'), message: clip(thrown.message, 'message'), stack: clip(thrown.stack ?? '', 'stack') };
  }
  // Only the event's own text is a message; any other value thrown is data the page held, and only its type is sent.
  if (kind === 'error' && typeof thrown === 'string') return { kind, errorClass: 'Error', message: clip(thrown, 'message'), stack: '' };
  return { kind, errorClass: 'NonError', message: `a value of type ${thrown === null ? 'null' : typeof thrown} was ${kind === 'error' ? 'thrown' : 'rejected'}`, stack: '' };
}

/** Cut to the part's limit in characters (the schema's) and in bytes of JSON (the channel's), whole characters only. */
function clip(text: string, part: keyof typeof ERROR_REPORT_LIMITS): string {
  const maxChars = ERROR_REPORT_LIMITS[part];
  const maxBytes = ERROR_REPORT_BYTES[part];
  let chars = 0;
  let bytes = 0;
  for (const character of text) {
    const size = jsonBytes(character);
    if (chars + character.length > maxChars || bytes + size > maxBytes) break;
    chars += character.length;
    bytes += size;
  }
  return text.slice(0, chars);
}

/** What one character takes in JSON.stringify's UTF-8 output: escapes for quotes, controls and lone surrogates. */
function jsonBytes(character: string): number {
  const code = character.codePointAt(0) ?? 0;
  if (character === '"' || character === '\\' || '\b\f\n\r\t'.includes(character)) return 2;
  if (code < 0x20 || (code >= 0xd800 && code <= 0xdfff)) return 6;
  if (code < 0x80) return 1;
  if (code < 0x800) return 2;
  return code < 0x10000 ? 3 : 4;
}
