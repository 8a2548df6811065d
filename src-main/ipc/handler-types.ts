import { AppFailure } from '../common/app-failure';
import type { ChannelName, ChannelOutput, ParsedInput, SessionUser } from '../../shared/ipc/contract';
import type { Principal } from '../accounts/session-store';
import type { WindowId } from '../../shared/ipc/event-sink';

/** What a transport knows about who is calling. */
export interface Caller {
  windowId: WindowId;
  /** False when the call came from a frame other than the app's own page. */
  trustedSender: boolean;
}

export interface HandlerContext {
  caller: Caller;
  /** The window's live session; non-null on every channel that is not public. */
  user: SessionUser | null;
  startSession(principal: Principal): SessionUser;
  endSession(): void;
  /** At a kiosk, ends the candidate's session after a visible countdown (their interview is submitted); elsewhere nothing. */
  endSessionSoon(): void;
}

export type Handler<C extends ChannelName> = (
  input: ParsedInput<C>,
  context: HandlerContext,
) => ChannelOutput<C> | Promise<ChannelOutput<C>>;

/** Exactly one handler per channel: the type fails to check if one is missing. */
export type HandlerMap = { [C in ChannelName]: Handler<C> };

/**
 * The caller's session on a channel that is not public. The dispatcher has
 * already checked it against the channel's access list, so a missing one
 * here is a wiring fault; it still fails closed.
 */
export function sessionUser(context: HandlerContext): SessionUser {
  if (!context.user) throw new AppFailure('unauthenticated', 'Sign in first.');
  return context.user;
}
