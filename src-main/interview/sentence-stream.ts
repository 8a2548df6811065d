const sentences = new Intl.Segmenter('en', { granularity: 'sentence' });

/**
 * A clause break inside the first sentence: a comma, semicolon, colon or
 * dash, then a space and the next word already begun (so "1,000" and a
 * comma at the very end of the text so far are not breaks yet).
 */
const CLAUSE_BREAK = /^(.+?[,;:—–])\s+(?=\S)/s;

/**
 * Cuts a streamed reply into whole sentences as soon as each is certain to
 * be over, so the first sentence can be spoken while the model writes the
 * next. A boundary is only certain once the next sentence has begun ("3." may
 * be "3.5"; "e.g." may be followed by a lower-case word), so the sentence
 * still being written stays pending until more text or the end arrives.
 *
 * The reply's first part ends sooner, at the first sentence's first clause
 * break when it has one ("Okay, thank you…" is spoken from "Okay,"): the
 * candidate hears the interviewer a sentence's writing sooner, and a clause
 * break is where a speaker pauses anyway. After that, whole sentences only,
 * which keep their intonation.
 */
export class SentenceStream {
  private pending = '';
  private begun = false;

  /** Parts completed by this piece of text, trimmed, in order. */
  push(delta: string): string[] {
    this.pending += delta;
    const out: string[] = [];
    if (!this.begun) {
      const first = sentences.segment(this.pending)[Symbol.iterator]().next().value?.segment ?? '';
      const clause = CLAUSE_BREAK.exec(first)?.[0];
      if (clause) {
        out.push(clause.trim());
        this.pending = this.pending.slice(clause.length);
      }
    }
    const parts = [...sentences.segment(this.pending)].map((part) => part.segment);
    if (parts.length >= 2) {
      this.pending = parts.pop()!;
      out.push(...parts.map((part) => part.trim()).filter((part) => part.length > 0));
    }
    if (out.length > 0) this.begun = true;
    return out;
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
