/** A stored message as far as re-asks are concerned: its type, and its metadata naming the question it replaces. */
export interface MessageForReask {
  messageType: string;
  metadata: Record<string, unknown> | null;
}

/**
 * The questions that were asked again in other words (the `reask`
 * accommodation): each re-asked question's metadata names, as `reaskOf`,
 * the one it replaces. The replaced one stays on record but no longer
 * counts as a question: the candidate answered the newer wording.
 */
export function reaskedQuestionIds(messages: readonly MessageForReask[]): Set<string> {
  const ids = new Set<string>();
  for (const message of messages) {
    const replaced = message.messageType === 'ai_question' ? message.metadata?.['reaskOf'] : undefined;
    if (typeof replaced === 'string') ids.add(replaced);
  }
  return ids;
}
