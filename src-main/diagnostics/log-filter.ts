import { createHmac, randomBytes } from 'node:crypto';
import { isProgramPhrase } from '../errors/redact-message';
import { isSensitiveKey } from '../logging/redact';

/**
 * What of a log line may leave the device in a diagnostics bundle. The
 * logger already redacts as it writes (logging/redact.ts), but a bundle
 * goes to people outside the organisation, so here nothing is trusted:
 * only the envelope and values of known harmless shapes are kept, by
 * allow-list. A line that is not the logger's JSON is dropped whole.
 *
 * Kept: the time, the level, the message when it reads as the code's own
 * (lower-case words, no digits, quotes, paths or names; the logger puts
 * data in fields, so a message that is not one is data put there by
 * mistake, and only its keyed hash is kept, which tells lines apart within
 * the bundle and cannot be looked up from outside it), the component,
 * numbers, true/false, and strings of a harmless shape (uuids, times,
 * versions, single words of letters: states, kinds, error codes) in fields
 * not named like a secret or a person. Everything else (sentences, error
 * messages, addresses, paths, a capitalised word that may be a name,
 * anything with a space or a digit) becomes REMOVED.
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
const WORD = /^[A-Za-z][A-Za-z_.-]{0,63}$/;
/** A capitalised word standing alone is more likely a name ("Grace", "Okafor") than a code, which is lower-case, all capitals or CamelCase. */
const NAME_LIKE = /^\p{Lu}\p{Ll}+$/u;
/** Fields whose words are a person's: a name, a login, a job title. Their uuids stay; their words do not. */
const PERSON_KEY = /^(?:name|title|who|user(?:name)?|login|candidate|recruiter|author|owner|person|applicant|interviewer|proctor|(?:full|first|last|given|family|display|nick|sur)_?name)$/i;
/** What an error's `name` holds when the logger serialises it: its class. */
const ERROR_CLASS = /^(?:[A-Z][A-Za-z]*(?:Error|Exception)|Error|AbortError)$/;
/** A message as the code writes it: starts lower-case (or with an acronym), plain words and punctuation only. */
const CODE_MESSAGE = /^(?:[a-z]|[A-Z]{2,}\b)[A-Za-z ;,:()’'-]*$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const VERSION = /^\d+(?:\.\d+){1,3}$/;
const MESSAGE_MAX = 200;
/** The app's longest log messages explain what happens next; a message is still cut at MESSAGE_MAX. */
const MESSAGE_MAX_WORDS = 40;
const MAX_DEPTH = 4;

export interface LogFilter {
  /** One line of a log file as it may appear in the bundle, or null to drop it. */
  line(text: string): string | null;
}

/**
 * A filter for one bundle: its hashing key is random and thrown away with
 * it, so the same message hashes the same within the bundle (support can
 * see it repeat) but a guess ("No interview for <name>") cannot be checked.
 */
export function createLogFilter(key: Buffer = randomBytes(32)): LogFilter {
  const message = (text: string): string => {
    const clipped = text.length > MESSAGE_MAX ? text.slice(0, MESSAGE_MAX) : text;
    if (CODE_MESSAGE.test(clipped) && isProgramPhrase(clipped, MESSAGE_MAX_WORDS)) return clipped;
    return `[message ${createHmac('sha256', key).update(text).digest('hex').slice(0, 12)}]`;
  };
  return {
    line(text) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        return null;
      }
      if (!isRecord(parsed)) return null;
      const { time, level, msg, ...fields } = parsed;
      if (typeof time !== 'string' || !TIME.test(time) || typeof level !== 'string' || !LEVELS.has(level) || typeof msg !== 'string') return null;
      const kept: Record<string, unknown> = { time, level, msg: message(msg) };
      Object.assign(kept, filterFields(fields, 0));
      return JSON.stringify(kept);
    },
  };
}

function filterFields(fields: Record<string, unknown>, depth: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) {
    if (!KEY.test(key)) continue;
    out[key] = isSensitiveKey(key) ? REMOVED : filterValue(value, depth + 1, key);
  }
  return out;
}

function filterValue(value: unknown, depth: number, key: string): unknown {
  if (value === null || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string') return safeToken(value, key) ? value : REMOVED;
  if (depth > MAX_DEPTH) return REMOVED;
  if (Array.isArray(value)) return value.slice(0, 50).map((item) => filterValue(item, depth + 1, key));
  if (isRecord(value)) return filterFields(value, depth);
  return REMOVED;
}

function safeToken(value: string, key: string): boolean {
  if (UUID.test(value) || VERSION.test(value) || TIME.test(value)) return true;
  if (key === 'name' && ERROR_CLASS.test(value)) return true;
  return WORD.test(value) && !NAME_LIKE.test(value) && !PERSON_KEY.test(key);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
