import { storedSecretNames } from '../../shared/domain/settings';

/**
 * Log redaction. Logs leave the machine (support bundles, screenshots of a
 * terminal), so personal data and credentials are removed before a line is
 * written, not when it is read.
 */

export const REDACTED = '[redacted]';

export interface RedactOptions {
  /** Error stacks name files and lines; useful when debugging, noise otherwise. */
  includeStack?: boolean;
  /** Deeper structures are cut off so one huge object cannot stall logging. */
  maxDepth?: number;
}

// Keys are compared lower-cased with separators removed, so `api_key`,
// `API-Key` and `apiKey` are one key.
const sensitiveKeyParts = [
  'password',
  'passwd',
  'passphrase',
  'secret',
  'apikey',
  'authorization',
  'cookie',
  'email',
  'phone',
  'credential',
  'privatekey',
];
// `token` alone would also hit `maxTokens` and `tokenCount`, which an LLM
// app logs all the time; credentials are named `token`, `accessToken`, ...
const sensitiveKeySuffixes = ['token'];
// A key that names or counts secrets is not one: `secretName: 'smtp-password'`
// is what an audit line needs.
const safeKeySuffixes = ['name', 'names', 'count', 'backend'];

export function isSensitiveKey(key: string): boolean {
  const k = key.toLowerCase().replace(/[^a-z0-9]/g, '');
  if (safeKeySuffixes.some((suffix) => k.endsWith(suffix))) return false;
  return sensitiveKeyParts.some((part) => k.includes(part)) || sensitiveKeySuffixes.some((suffix) => k.endsWith(suffix));
}

const knownSecretNames: ReadonlySet<string> = new Set(storedSecretNames);

// Deliberately loose: a false positive costs a log detail, a miss leaks PII.
const emailPattern = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;
const secretPatterns: Array<[RegExp, string | ((match: string, ...groups: string[]) => string)]> = [
  // Authorization header values keep their scheme so the line still says what kind of credential it was.
  [/\b(Bearer)\s+[A-Za-z0-9._~+/=-]{6,}/gi, '$1 [secret]'],
  // "Basic" is also an English word: only take it when what follows decodes to user:password.
  [/\bBasic\s+([A-Za-z0-9+/]{4,}={0,2})/g, (match: string, encoded: string) => (Buffer.from(encoded, 'base64').toString('utf8').includes(':') ? 'Basic [secret]' : match)],
  // OpenAI-style keys (sk-..., sk-proj-...) and Stripe-style sk_live_... .
  [/\bsk[-_][A-Za-z0-9_-]{8,}/g, '[secret]'],
  // JSON Web Tokens.
  [/\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g, '[secret]'],
  // Credentials carried in URLs: https://user:pass@host and ?api_key=... .
  [/([a-z][a-z0-9+.-]*:\/\/)[^/\s:@]+:[^/\s@]+@/gi, '$1[secret]@'],
  [/([?&](?:api[_-]?key|key|token|access_token|password|secret)=)[^&\s#]+/gi, '$1[secret]'],
];

/** Replaces e-mail addresses and credential-looking substrings in free text. */
export function redactString(text: string): string {
  let result = text;
  // URL credentials contain an `@` that the e-mail pattern would otherwise eat first.
  for (const [pattern, replacement] of secretPatterns) {
    result = typeof replacement === 'string' ? result.replace(pattern, replacement) : result.replace(pattern, replacement);
  }
  return result.replace(emailPattern, '[email]');
}

/**
 * A JSON-safe, redacted copy of `value`: sensitive keys lose their values,
 * strings are scrubbed, errors become plain objects, cycles are cut.
 */
export function redact(value: unknown, options: RedactOptions = {}): unknown {
  return walk(value, options, new WeakSet<object>(), 0);
}

function walk(value: unknown, options: RedactOptions, ancestors: WeakSet<object>, depth: number): unknown {
  switch (typeof value) {
    case 'string':
      return redactString(value);
    case 'number':
      return Number.isFinite(value) ? value : String(value);
    case 'boolean':
    case 'undefined':
      return value;
    case 'bigint':
      return value.toString();
    case 'symbol':
      return redactString(value.toString());
    case 'function':
      return '[function]';
  }
  if (value === null || typeof value !== 'object') return null;
  const object: object = value;
  if (ancestors.has(object)) return '[circular]';
  if (depth >= (options.maxDepth ?? 10)) return '[too deep]';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString();
  // Raw bytes could hold anything (a key file, a recording); only the size is safe.
  if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) return `[binary ${value.byteLength} bytes]`;

  ancestors.add(object);
  try {
    if (value instanceof Error) return serialiseError(value, options, ancestors, depth);
    if (Array.isArray(value)) return value.map((item) => walk(item, options, ancestors, depth + 1));
    if (value instanceof Set) return [...value].map((item) => walk(item, options, ancestors, depth + 1));
    if (value instanceof Map) return walkEntries([...value.entries()].map(([k, v]) => [String(k), v]), options, ancestors, depth);
    const toJSON = (value as { toJSON?: unknown }).toJSON;
    if (typeof toJSON === 'function') return walk(toJSON.call(value), options, ancestors, depth + 1);
    return walkEntries(Object.entries(object), options, ancestors, depth);
  } finally {
    // Only the current path counts: the same object twice side by side is not a cycle.
    ancestors.delete(object);
  }
}

function walkEntries(entries: Array<[string, unknown]>, options: RedactOptions, ancestors: WeakSet<object>, depth: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, item] of entries) {
    // Keys can be data too (a map keyed by e-mail address).
    out[redactString(key)] = isSensitiveKey(key) ? redactSensitive(item) : walk(item, options, ancestors, depth + 1);
  }
  return out;
}

function redactSensitive(value: unknown): unknown {
  if (value === undefined || value === null) return value;
  // `{ secret: 'openai-api-key' }` names a secret, it does not hold one.
  if (typeof value === 'string' && knownSecretNames.has(value)) return value;
  return REDACTED;
}

function serialiseError(error: Error, options: RedactOptions, ancestors: WeakSet<object>, depth: number): Record<string, unknown> {
  const out: Record<string, unknown> = { name: redactString(error.name), message: redactString(error.message) };
  if (options.includeStack && error.stack) out.stack = redactString(error.stack);
  if (error.cause !== undefined) out.cause = walk(error.cause, options, ancestors, depth + 1);
  // Own fields (`code`, `path`, `syscall`) are often what tells one failure from another.
  const extra = Object.entries(error).filter(([key]) => !(key in out) && key !== 'stack' && key !== 'cause');
  return { ...out, ...walkEntries(extra, options, ancestors, depth) };
}
