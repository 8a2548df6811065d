import type { ChatMessage } from './types';

/** How many of the latest non-system messages survive when a conversation is too long for the model. */
export const MESSAGES_KEPT_WHEN_TRIMMED = 5;

/**
 * The specification's fallback for a context-length error: every system
 * message (the interviewer's instructions, in their order) followed by the
 * last five other messages. Returns the same array when there is nothing
 * to drop, so the caller can tell that retrying would not help.
 */
export function trimForContext(messages: readonly ChatMessage[]): readonly ChatMessage[] {
  const system = messages.filter((m) => m.role === 'system');
  const rest = messages.filter((m) => m.role !== 'system');
  const trimmed = [...system, ...rest.slice(-MESSAGES_KEPT_WHEN_TRIMMED)];
  // Nothing dropped (only reordered) makes the request no shorter.
  return trimmed.length === messages.length ? messages : trimmed;
}
