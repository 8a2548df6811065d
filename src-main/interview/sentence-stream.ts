const sentences = new Intl.Segmenter('en', { granularity: 'sentence' });

/**
 * Cuts a streamed reply into whole sentences as soon as each is certain to
 * be over, so the first sentence can be spoken while the model writes the
 * next. A boundary is only certain once the next sentence has begun ("3." may
 * be "3.5"; "e.g." may be followed by a lower-case word), so the sentence
 * still being written stays pending until more text or the end arrives.
 */
export class SentenceStream {
  private pending = '';

  /** Sentences completed by this piece of text, trimmed, in order. */
  push(delta: string): string[] {
    this.pending += delta;
    const parts = [...sentences.segment(this.pending)].map((part) => part.segment);
    if (parts.length < 2) return [];
    this.pending = parts.pop()!;
    return parts.map((part) => part.trim()).filter((part) => part.length > 0);
  }

  /** Whatever is left once the reply has ended. */
  end(): string[] {
    const rest = this.pending.trim();
    this.pending = '';
    return rest.length > 0 ? [rest] : [];
  }
}

/** The same cut applied to a whole text, for speaking a stored question again in the parts it was first spoken in. */
export function splitSentences(text: string): string[] {
  const stream = new SentenceStream();
  return [...stream.push(text), ...stream.end()];
}
