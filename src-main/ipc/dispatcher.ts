import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { channels, isChannelName } from '../../shared/ipc/contract';
import { fail, ok, type Result } from '../../shared/ipc/result';
import { AppFailure } from '../common/app-failure';
import type { Logger } from '../logging/logger-types';
import type { SessionStore } from '../services/session-store';
import type { Caller, HandlerContext, HandlerMap } from './handler-types';

export type Dispatch = (channel: unknown, input: unknown, caller: Caller) => Promise<Result<unknown>>;

/**
 * The one gate every renderer call passes, whatever the transport (Electron
 * IPC or the browser host's WebSocket): sender check, channel lookup, input
 * validation, role check, then the handler. Anything a handler throws that is
 * not an AppFailure is logged with a reference and answered as `internal`,
 * so no stack trace or SQL ever reaches the renderer.
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

    const parsed = spec.input.safeParse(input);
    if (!parsed.success) return fail('invalid_input', describeIssues(parsed.error), fieldMessages(parsed.error));

    const user = sessions.get(caller.windowId);
    if (spec.access !== 'public') {
      if (!user) return fail('unauthenticated', 'You are signed out. Sign in again to continue.');
      if (!spec.access.includes(user.role)) {
        return fail('forbidden', 'Your account’s role does not allow this. Ask an administrator if you need it.');
      }
    }

    const context: HandlerContext = {
      caller,
      user,
      startSession: (principal) => sessions.start(caller.windowId, principal),
      endSession: () => sessions.end(caller.windowId),
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

function describeIssues(error: z.ZodError): string {
  const first = error.issues[0];
  if (!first) return 'The request was not valid.';
  if (first.code === 'unrecognized_keys') return `The request had fields the app does not accept: ${first.keys.join(', ')}.`;
  return first.message && first.path.length > 0 ? first.message : `The request was not valid: ${first.message}`;
}

/** First message per top-level field, for forms to show beside their inputs. */
function fieldMessages(error: z.ZodError): Record<string, string> | undefined {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path[0];
    if (typeof key === 'string' && !(key in fields)) fields[key] = issue.message;
  }
  return Object.keys(fields).length > 0 ? fields : undefined;
}
