/** OpenAI's limit on one text-to-speech request, in characters. */
export const MAX_SPEECH_INPUT = 4096;

const sentences = new Intl.Segmenter('en', { granularity: 'sentence' });
const words = new Intl.Segmenter('en', { granularity: 'word' });

/**
 * Splits `text` into parts of at most `max` characters (UTF-16 units, which
 * never undercount what the API counts), each ending at a sentence boundary
 * so the voice does not stop mid-sentence between requests. A sentence
 * longer than `max` is split between words; a "word" longer than `max` (a
 * pasted URL) at `max`, never inside a surrogate pair.
 */
export function splitForSpeech(text: string, max: number = MAX_SPEECH_INPUT): string[] {
  if (max < 2) throw new RangeError('max must be at least 2');
  if (text.length <= max) return text.trim() === '' ? [] : [text];
  const parts: string[] = [];
  let current = '';
  const flush = () => {
    if (current.trim() !== '') parts.push(current.trim());
    current = '';
  };
  for (const { segment } of sentences.segment(text)) {
    const pieces = segment.length <= max ? [segment] : splitLong(segment, max);
    for (const piece of pieces) {
      if (current.length + piece.length > max) flush();
      current += piece;
    }
  }
  flush();
  return parts;
}

/** Pieces of at most `max`, cut between words where possible. */
function splitLong(sentence: string, max: number): string[] {
  const pieces: string[] = [];
  let current = '';
  for (const { segment } of words.segment(sentence)) {
    if (current.length + segment.length <= max) {
      current += segment;
      continue;
    }
    if (current) pieces.push(current);
    current = '';
    let rest = segment;
    while (rest.length > max) {
      const cut = isHighSurrogate(rest.charCodeAt(max - 1)) ? max - 1 : max;
      pieces.push(rest.slice(0, cut));
      rest = rest.slice(cut);
    }
    current = rest;
  }
  if (current) pieces.push(current);
  return pieces;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
