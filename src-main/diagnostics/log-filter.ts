import { isSensitiveKey, redactString } from '../logging/redact';

/**
 * What of a log line may leave the device in a diagnostics bundle. The
 * logger already redacts as it writes (logging/redact.ts), but a bundle
 * goes to people outside the organisation, so here nothing is trusted:
 * only the envelope and values of known harmless shapes are kept, by
 * allow-list. A line that is not the logger's JSON is dropped whole.
 *
 * Kept: the time, the level, the message (fixed text the code writes; data
 * goes in fields), the component, numbers, true/false, and strings of a
 * harmless shape (uuids, times, versions, single words of letters: states,
 * kinds, error codes) in fields not named like a secret. Everything else
 * (sentences, error messages, addresses, anything with a space or a digit)
 * becomes REMOVED.
 */

export const REMOVED = '[removed]';

const LEVELS = new Set(['debug', 'info', 'warn', 'error']);
const TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?Z$/;
/** A field's name. */
const KEY = /^[A-Za-z][A-Za-z0-9._-]{0,63}$/;
/**
 * A code, a kind or a state ('ENOENT', 'retention.expire', 'idle'): letters
 * and separators only. No digits, so no password the app accepts (they need
 * one, and a special character) and no key or token fits.
 */
const WORD = /^[A-Za-z][A-Za-z_.:/-]{0,63}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const VERSION = /^\d+(?:\.\d+){1,3}$/;
const MESSAGE_MAX = 200;
const MAX_DEPTH = 4;

/** One line of a log file as it may appear in the bundle, or null to drop it. */
export function filterLogLine(line: string): string | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    return null;
  }
  if (!isRecord(parsed)) return null;
  const { time, level, msg, ...fields } = parsed;
  if (typeof time !== 'string' || !TIME.test(time) || typeof level !== 'string' || !LEVELS.has(level) || typeof msg !== 'string') return null;
  const kept: Record<string, unknown> = { time, level, msg: message(msg) };
  Object.assign(kept, filterFields(fields, 0));
  return JSON.stringify(kept);
}

function message(text: string): string {
  const clean = redactString(text);
  return clean.length > MESSAGE_MAX ? `${clean.slice(0, MESSAGE_MAX - 1)}…` : clean;
}

function filterFields(fields: Record<string, unknown>, depth: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) {
    if (!KEY.test(key)) continue;
    out[key] = isSensitiveKey(key) ? REMOVED : filterValue(value, depth + 1);
  }
  return out;
}

function filterValue(value: unknown, depth: number): unknown {
  if (value === null || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string') return safeToken(value) ? value : REMOVED;
  if (depth > MAX_DEPTH) return REMOVED;
  if (Array.isArray(value)) return value.slice(0, 50).map((item) => filterValue(item, depth + 1));
  if (isRecord(value)) return filterFields(value, depth);
  return REMOVED;
}

function safeToken(value: string): boolean {
  return UUID.test(value) || VERSION.test(value) || TIME.test(value) || WORD.test(value);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
