import type { PDFFont } from 'pdf-lib';

/**
 * Text the PDF's standard fonts can draw. They know only WinAnsi, so every
 * string goes through toPdfText before it is measured or drawn: a name or an
 * answer in another script must never stop a report from being made.
 */

/** WinAnsi's characters above Latin-1's range (the 0x80..0x9F slots). */
const WIN_ANSI_EXTRAS = new Set([
  0x0152, 0x0153, 0x0160, 0x0161, 0x0178, 0x017d, 0x017e, 0x0192, 0x02c6, 0x02dc, 0x2013, 0x2014, 0x2018, 0x2019, 0x201a,
  0x201c, 0x201d, 0x201e, 0x2020, 0x2021, 0x2022, 0x2026, 0x2030, 0x2039, 0x203a, 0x20ac, 0x2122,
]);

function isWinAnsi(codePoint: number): boolean {
  return (codePoint >= 0x20 && codePoint <= 0x7e) || (codePoint >= 0xa0 && codePoint <= 0xff) || WIN_ANSI_EXTRAS.has(codePoint);
}

/** Letters NFKD leaves whole (they are not a base letter plus a mark) and symbols that read fine in ASCII. */
const FALLBACKS: Record<string, string> = {
  Ł: 'L',
  ł: 'l',
  Đ: 'D',
  đ: 'd',
  Ħ: 'H',
  ħ: 'h',
  ı: 'i',
  ŧ: 't',
  Ŧ: 'T',
  '\u2010': '-',
  '\u2011': '-',
  '\u2212': '-',
  '\u2032': "'",
  '\u2033': '"',
  '\u2190': '<-',
  '\u2192': '->',
  '\u2264': '<=',
  '\u2265': '>=',
  '\u2260': '!=',
};

/** Text every rule in toPdfChar keeps unchanged. */
const PRINTABLE_ASCII = /^[\x20-\x7e\n]*$/;

/**
 * Makes text drawable with Helvetica: WinAnsi characters (é, ü, ñ, €, —)
 * stay, others lose their diacritics when that leaves a WinAnsi letter
 * (ą → a), invisible ones (zero-width joiners, variation selectors) go, and
 * anything else becomes '?'. Line breaks survive as '\n' for the wrapper;
 * tabs become spaces. pdf-lib throws on a character it cannot encode, so a
 * name in another script or an emoji in an answer must never reach it.
 */
export function toPdfText(text: string): string {
  const lines = text.replace(/\r\n?|[\u2028\u2029]/g, '\n');
  // Most text is plain printable ASCII, which every test below keeps as it is: one scan instead of a
  // Unicode-property test per character, which was most of a report's time on main's event loop.
  if (PRINTABLE_ASCII.test(lines)) return lines;
  let out = '';
  for (const char of lines.normalize('NFC')) out += toPdfChar(char);
  return out;
}

function toPdfChar(char: string): string {
  if (char === '\n') return '\n';
  if (char === '\t') return ' ';
  // Before the WinAnsi test: the soft hyphen is in WinAnsi but should not show.
  if (/[\p{Cc}\p{Default_Ignorable_Code_Point}]/u.test(char)) return '';
  if (isWinAnsi(char.codePointAt(0) ?? 0)) return char;
  const fallback = FALLBACKS[char];
  if (fallback !== undefined) return fallback;
  const stripped = char.normalize('NFKD').replace(/\p{M}/gu, '');
  if (stripped.length > 0 && [...stripped].every((c) => isWinAnsi(c.codePointAt(0) ?? 0))) return stripped;
  if (/\p{Zs}/u.test(char)) return ' ';
  // A combining mark NFC could not fold into its letter: the letter is already out.
  if (/\p{M}/u.test(char)) return '';
  return '?';
}

/**
 * Breaks text into lines no wider than maxWidth. Paragraphs ('\n') start new
 * lines; a word wider than the line (a URL, a run of '?') is cut by
 * characters so it cannot run off the page.
 */
export function wrapText(text: string, font: PDFFont, size: number, maxWidth: number): string[] {
  const width = (line: string) => font.widthOfTextAtSize(line, size);
  const fits = (line: string) => width(line) <= maxWidth;
  const lines: string[] = [];
  for (const paragraph of toPdfText(text).split('\n')) {
    let line = '';
    let lineWidth = 0;
    for (const word of paragraph.split(' ').filter((w) => w.length > 0)) {
      // Measuring the whole line again for every word made a long answer quadratic (most of a report's
      // time). Widths add up except for the kerning where two pieces meet, so the line's last letter is
      // measured with the space and the word, and then taken off again.
      const last = line.at(-1);
      const candidateWidth = last === undefined ? width(word) : lineWidth + width(`${last} ${word}`) - width(last);
      if (candidateWidth <= maxWidth) {
        line = last === undefined ? word : `${line} ${word}`;
        lineWidth = candidateWidth;
        continue;
      }
      if (line) lines.push(line);
      line = word;
      while (!fits(line)) {
        const cut = longestFittingPrefix(line, fits);
        lines.push(line.slice(0, cut));
        line = line.slice(cut);
      }
      lineWidth = width(line);
    }
    if (line) lines.push(line);
  }
  return lines.length > 0 ? lines : [''];
}

function longestFittingPrefix(word: string, fits: (line: string) => boolean): number {
  let cut = 1;
  while (cut < word.length && fits(word.slice(0, cut + 1))) cut += 1;
  return cut;
}
