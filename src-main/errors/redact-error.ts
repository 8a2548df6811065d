import { randomUUID } from 'node:crypto';
import type { ErrorKind, ErrorReport, ErrorSource } from './error-report';
import { redactErrorMessage } from './redact-message';

/** The frames kept from the top of a stack: where it failed and how it got there. */
export const MAX_FRAMES = 20;

const CLASS_NAME = /^[A-Za-z_$][\w$.]{0,79}$/;

/** The class name when it looks like one (`TypeError`, `SqliteError`); anything else is just `Error`. */
export function redactErrorClass(name: unknown): string {
  return typeof name === 'string' && CLASS_NAME.test(name) ? name : 'Error';
}

/** The files code runs from: a bundle, a module, a page; the built renderer's names carry a hash (index-B2x9.js). */
const SOURCE_FILE = /^[\w.-]{1,100}\.(?:js|mjs|cjs|jsx|ts|mts|cts|tsx|html?|node)$/;

/** The place at the end of a frame line: `…file:line` or `…file:line:col`, maybe in parentheses. */
const PLACE = /([^\s()@]+?):(\d+)(?::\d+)?\)?$/;

/**
 * Stack frames as `file:line`, at most MAX_FRAMES, from V8's `at fn (place)`
 * or `at place` and Firefox/Safari's `fn@place` lines; other lines (the
 * message a V8 stack starts with) are dropped. Only the file's own name is
 * kept: folders can name the user (C:\Users\grace.okafor\…), and a URL
 * carries a host, a query or the browser host's token.
 */
export function stackFrames(stack: unknown): string[] {
  if (typeof stack !== 'string') return [];
  const frames: string[] = [];
  for (const raw of stack.split('\n')) {
    const line = raw.trim();
    if (!line.startsWith('at ') && !line.includes('@')) continue;
    const place = PLACE.exec(line);
    if (!place) continue;
    // In a V8 frame an `@` in the place is part of it (an address, not Firefox's separator): data, not code.
    if (line.startsWith('at ') && line.charAt(place.index - 1) === '@') continue;
    const file = place[1]!.replace(/[?#].*$/, '').split(/[/\\]/).pop() ?? '';
    // Only source files: any other name may be data (an address, a sentence, a candidate's resume.pdf).
    if (!SOURCE_FILE.test(file)) continue;
    frames.push(`${file}:${place[2]}`);
    if (frames.length >= MAX_FRAMES) break;
  }
  return frames;
}

/** What is known of an error before redaction: a thrown value's parts, or what a window sent. */
export interface RawError {
  source: ErrorSource;
  kind: ErrorKind;
  errorClass?: unknown;
  message?: unknown;
  stack?: unknown;
}

/**
 * A report to keep, built only from redacted parts; `context` must already
 * be facts about the device (mode, role, platform), which are kept as given.
 */
export function redactedReport(raw: RawError, facts: { appVersion: string; at: Date; context?: ErrorReport['context'] }): ErrorReport {
  return {
    id: randomUUID(),
    at: facts.at.toISOString(),
    source: raw.source,
    kind: raw.kind,
    errorClass: redactErrorClass(raw.errorClass),
    message: redactErrorMessage(typeof raw.message === 'string' ? raw.message : ''),
    frames: stackFrames(raw.stack),
    appVersion: facts.appVersion,
    context: { ...facts.context },
    sentAt: null,
  };
}

/** The parts of anything thrown: an Error's class, message and stack; for anything else, only that it was not an Error. */
export function thrownParts(thrown: unknown): Pick<RawError, 'errorClass' | 'message' | 'stack'> {
  if (thrown instanceof Error) return { errorClass: thrown.name, message: thrown.message, stack: thrown.stack };
  // A thrown string or object is data the code was holding: its type is all that is kept.
  return { errorClass: 'NonError', message: `a value of type ${thrown === null ? 'null' : typeof thrown} was thrown` };
}
