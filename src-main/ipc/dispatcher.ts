import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { inputByteLimit } from '../../shared/ipc/channel';
import { channels, isChannelName } from '../../shared/ipc/contract';
import { fail, ok, type Result } from '../../shared/ipc/result';
import { AppFailure } from '../common/app-failure';
import type { Logger } from '../logging/logger-types';
import type { SessionStore } from '../accounts/session-store';
import type { Caller, HandlerContext, HandlerMap } from './handler-types';

export type Dispatch = (channel: unknown, input: unknown, caller: Caller) => Promise<Result<unknown>>;

/**
 * An input still in its JSON text, as a transport that receives text (the
 * browser host's WebSocket) hands it over: its size is known without reading
 * it, and the dispatcher parses it only once the caller may send it. Nothing
 * a renderer sends can be one of these (Electron's structured clone makes
 * plain objects), so it is the transport's word, not the page's.
 */
export class SerializedInput {
  constructor(
    /** The input's JSON; empty for no input. */
    readonly text: string,
    /** Its size in bytes as it arrived (UTF-8). */
    readonly byteLength: number,
  ) {}
}

/** How much of a refused input's problems an error describes. */
const MAX_ISSUES = 3;
const MAX_ISSUE_CHARS = 160;
const MAX_KEY_CHARS = 40;

/**
 * The one gate every renderer call passes, whatever the transport (Electron
 * IPC or the browser host's WebSocket). Cheapest and least revealing first,
 * so a caller learns nothing it may not know and sends nothing big that is
 * read before it is allowed: sender check, channel lookup, session and role
 * (from the contract's access list), input size (the channel's
 * `maxInputBytes`), and only then the input's schema. Refusals are short:
 * at most three problems, never more than a few key names of the input.
 * Anything a handler throws that is not an AppFailure is logged with a
 * reference and answered as `internal`, so no stack trace or SQL ever
 * reaches the renderer.
 */
export function createDispatcher(deps: { handlers: HandlerMap; sessions: SessionStore; logger: Logger }): Dispatch {
  const { handlers, sessions, logger } = deps;

  return async function dispatch(channel, input, caller) {
    if (!caller.trustedSender) {
      logger.warn('ipc call refused: untrusted sender', { channel: String(channel).slice(0, 100) });
      return fail('untrusted_sender', 'This request did not come from the app’s own window and was refused.');
    }
    if (!isChannelName(channel)) {
      return fail('unknown_channel', 'The app asked for something this version does not know. Restart the app.');
    }
    const spec = channels[channel];

    // A call only a signed-in person's doing can make (not public) moves the kiosk's idle sign-out on.
    const user = spec.access === 'public' ? sessions.get(caller.windowId) : sessions.touch(caller.windowId);
    if (spec.access !== 'public') {
      if (!user) return fail('unauthenticated', 'You are signed out. Sign in again to continue.');
      if (!(spec.access as readonly string[]).includes(user.role)) {
        return fail('forbidden', 'Your account’s role does not allow this. Ask an administrator if you need it.');
      }
    }

    const limit = inputByteLimit(spec);
    const size = input instanceof SerializedInput ? input.byteLength : boundedJsonSize(input, limit);
    if (size > limit) {
      logger.warn('ipc call refused: input too large', { channel, limit });
      return fail('too_large', `The request is too large for this action: the limit is ${describeBytes(limit)}.`);
    }

    let value = input;
    if (input instanceof SerializedInput) {
      try {
        value = input.text === '' ? undefined : (JSON.parse(input.text) as unknown);
      } catch {
        return fail('invalid_input', 'The request was not valid JSON.');
      }
    }
    const parsed = spec.input.safeParse(value);
    if (!parsed.success) return fail('invalid_input', describeIssues(parsed.error), fieldMessages(parsed.error, spec.input));

    const context: HandlerContext = {
      caller,
      user,
      startSession: (principal) => sessions.start(caller.windowId, principal),
      endSession: () => sessions.end(caller.windowId),
      endSessionSoon: () => sessions.endSoon(caller.windowId),
    };
    try {
      const handler = handlers[channel] as (input: unknown, context: HandlerContext) => unknown;
      const data = await handler(parsed.data, context);
      return ok(spec.output.parse(data));
    } catch (error) {
      if (error instanceof AppFailure) return fail(error.code, error.message, error.fields);
      const reference = randomUUID().slice(0, 8);
      logger.error('ipc handler failed', { channel, reference, error });
      return fail('internal', `Something went wrong in the app (reference ${reference}). Try again; if it keeps happening, tell IT the reference.`);
    }
  };
}

/**
 * About how many bytes `value` would be as JSON, counted only until it
 * passes `limit` (the walk stops there, so a huge or cyclic input costs no
 * more than the limit). Strings count by length, binary (which Electron's
 * structured clone can carry) by byte length.
 */
export function boundedJsonSize(value: unknown, limit: number): number {
  let total = 0;
  const pending: unknown[] = [value];
  while (pending.length > 0 && total <= limit) {
    const item = pending.pop();
    switch (typeof item) {
      case 'string':
        total += item.length + 2;
        break;
      case 'number':
      case 'bigint':
        total += 8;
        break;
      case 'boolean':
        total += 5;
        break;
      case 'object': {
        if (item === null) {
          total += 4;
        } else if (ArrayBuffer.isView(item)) {
          total += item.byteLength;
        } else if (item instanceof ArrayBuffer || item instanceof SharedArrayBuffer) {
          total += item.byteLength;
        } else if (Array.isArray(item)) {
          total += 2 + item.length;
          if (total > limit) break;
          for (const element of item) pending.push(element);
        } else if (item instanceof Map || item instanceof Set) {
          total += 2 + item.size;
          if (total > limit) break;
          for (const entry of item) pending.push(entry);
        } else {
          total += 2;
          for (const key in item) {
            if (!Object.hasOwn(item, key)) continue;
            total += key.length + 4;
            if (total > limit) break;
            pending.push((item as Record<string, unknown>)[key]);
          }
        }
        break;
      }
      default:
        total += 4;
    }
  }
  return total;
}

function describeBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MB (${bytes} bytes)`;
  if (bytes >= 1024) return `${Math.floor(bytes / 1024)} KiB (${bytes} bytes)`;
  return `${bytes} bytes`;
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** The first few problems, in words, never echoing more than a few short key names of the input. */
function describeIssues(error: z.ZodError): string {
  const issues = error.issues;
  const first = issues[0];
  if (!first) return 'The request was not valid.';
  const described = issues.slice(0, MAX_ISSUES).map((issue) => {
    if (issue.code === 'unrecognized_keys') {
      const names = issue.keys.slice(0, MAX_ISSUES).map((key) => clip(key, MAX_KEY_CHARS));
      const more = issue.keys.length > names.length ? ` and ${issue.keys.length - names.length} more` : '';
      return `The request had fields the app does not accept: ${names.join(', ')}${more}.`;
    }
    return clip(issue.message, MAX_ISSUE_CHARS);
  });
  const unique = [...new Set(described)];
  const rest = issues.length > MAX_ISSUES ? ` (${issues.length - MAX_ISSUES} more problems not shown)` : '';
  if (issues.length === 1 && first.code !== 'unrecognized_keys' && first.path.length === 0) {
    return `The request was not valid: ${unique[0]}`;
  }
  return `${unique.join(' ')}${rest}`;
}

/**
 * First message per top-level field, for forms to show beside their inputs.
 * Only fields the schema declares are named, so an input's own keys are never echoed.
 */
function fieldMessages(error: z.ZodError, schema: z.ZodType): Record<string, string> | undefined {
  if (!(schema instanceof z.ZodObject)) return undefined;
  const declared = schema.shape as Record<string, unknown>;
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path[0];
    if (typeof key === 'string' && Object.hasOwn(declared, key) && !Object.hasOwn(fields, key)) {
      fields[key] = clip(issue.message, MAX_ISSUE_CHARS);
    }
  }
  return Object.keys(fields).length > 0 ? fields : undefined;
}
