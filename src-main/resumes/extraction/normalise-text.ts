/**
 * Text as the parser (an LLM) and a person reading the CLI's output should
 * see it: one Unicode form, plain spaces, no invisible characters, and
 * paragraphs kept apart by one blank line.
 */

// PDF fonts often draw these as single glyphs; "ﬁle" must read (and search) as "file".
const LIGATURES: Record<string, string> = {
  '\uFB00': 'ff',
  '\uFB01': 'fi',
  '\uFB02': 'fl',
  '\uFB03': 'ffi',
  '\uFB04': 'ffl',
  '\uFB05': 'st',
  '\uFB06': 'st',
};
const LIGATURE = /[\uFB00-\uFB06]/g;

// Soft hyphens, zero-width spaces, word joiners and byte-order marks carry no
// text. Zero-width (non-)joiners are kept: Persian and Indic names need them.
const INVISIBLE = /[\u00AD\u200B\u2060\uFEFF]/g;
// C0/C1 controls other than tab and newline come from broken fonts or exotic
// encodings; a space keeps the words on either side apart.
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;
// Tabs (pdf-parse's cell separator), no-break and other typographic spaces.
const HORIZONTAL_SPACE = /[\t\p{Zs}]+/gu;
const LINE_SEPARATORS = /\r\n?|[\u2028\u2029\u0085]/g;

export function normaliseText(raw: string): string {
  const text = raw
    .replace(LINE_SEPARATORS, '\n')
    // A form feed is a page break: keep the pages apart as paragraphs.
    .replace(/\f/g, '\n\n')
    .normalize('NFC')
    .replace(LIGATURE, (ligature) => LIGATURES[ligature] ?? ligature)
    .replace(INVISIBLE, '')
    .replace(CONTROL, ' ')
    .replace(HORIZONTAL_SPACE, ' ');
  const lines = text.split('\n').map((line) => line.trim());
  return lines
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

// Chinese and Japanese are written without spaces: each ideograph or kana
// counts as a word, a close enough measure for "how much text is there".
// (Intl.Segmenter would be exact, but takes seconds on a long CV in Node 20.)
const WORD = /[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}]|(?:(?![\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}])[\p{L}\p{N}\p{M}])+(?:['’-](?:(?![\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}])[\p{L}\p{N}\p{M}])+)*/gu;

export function countWords(text: string): number {
  return text.match(WORD)?.length ?? 0;
}

export function countCodePoints(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}

export function countLetters(text: string): number {
  return text.match(/\p{L}/gu)?.length ?? 0;
}

/** Cuts at `maxCharacters` code points, at a line or word break where one is near, never inside a surrogate pair. */
export function truncateText(text: string, maxCharacters: number): { text: string; truncated: boolean } {
  if (text.length <= maxCharacters) return { text, truncated: false };
  const codePoints = Array.from(text);
  if (codePoints.length <= maxCharacters) return { text, truncated: false };
  let cut = codePoints.slice(0, maxCharacters).join('');
  const lastBreak = Math.max(cut.lastIndexOf('\n'), cut.lastIndexOf(' '));
  // A word cut in half reads as a typo to the parser; a break within the last 200 characters is near enough.
  if (lastBreak > 0 && lastBreak >= cut.length - 200) cut = cut.slice(0, lastBreak);
  return { text: cut.trimEnd(), truncated: true };
}
