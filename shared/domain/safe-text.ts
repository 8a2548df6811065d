import { z } from 'zod';

/*
 * Text that cannot lie (issue 14, finding 7). Names, file names and other
 * text a candidate types are shown to recruiters, put in emails and PDFs,
 * and synced to Postgres. Some characters make what is shown differ from
 * what is stored:
 *
 * - C0 and C1 control characters (NUL, escape, U+0085 ...): invisible, can
 *   end strings early, and Postgres refuses NUL in text outright, which
 *   would stop the row from ever syncing;
 * - bidirectional embeddings, overrides and isolates (U+202A-U+202E,
 *   U+2066-U+2069): "\u202Egnp.exe" shows as "exe.png";
 * - zero-width characters and the byte-order mark (U+200B-U+200D, U+FEFF):
 *   two names that look the same compare different.
 *
 * Such text is refused with a message naming the character, not silently
 * cleaned: the person can fix it, and nothing is stored that differs from
 * what they saw. Accepted text is normalised to NFC, so "é" typed as e plus
 * a combining accent is stored (and searched, and compared) as one
 * character.
 *
 * The zero-width non-joiner and joiner (U+200C, U+200D) are part of how
 * many Persian and Indic names are spelled, so names allow them (and only
 * them) while file names do not; multi-line free text allows every
 * zero-width character (emoji sequences use the joiner).
 */

const CONTROL = /[\u0000-\u001F\u007F-\u009F]/u;
const BIDI = /[\u202A-\u202E\u2066-\u2069]/u;
const ZERO_WIDTH = /[\u200B-\u200D\uFEFF]/u;
const JOINER = /[\u200C\u200D]/u;

export type UnsafeKind = 'control' | 'bidi' | 'zero_width';

export interface UnsafeCharacter {
  kind: UnsafeKind;
  /** "U+202E" */
  codePoint: string;
  /** 0-based index in the string as given. */
  index: number;
}

export interface SafeTextOptions {
  /** Tab and line breaks (\n, \r) are allowed: multi-line free text. */
  multiLine?: boolean;
  /** Zero-width characters are allowed (free text; never names or file names). */
  allowZeroWidth?: boolean;
  /** The zero-width non-joiner and joiner alone are allowed (names in scripts that spell with them). */
  allowJoiners?: boolean;
}

/** The first character that makes the text unsafe to show, or null when there is none. */
export function findUnsafeCharacter(text: string, options: SafeTextOptions = {}): UnsafeCharacter | null {
  let index = 0;
  for (const char of text) {
    const kind = unsafeKind(char, options);
    if (kind) return { kind, codePoint: codePointLabel(char), index };
    index += char.length;
  }
  return null;
}

function unsafeKind(char: string, options: SafeTextOptions): UnsafeKind | null {
  if (CONTROL.test(char)) return options.multiLine && (char === '\t' || char === '\n' || char === '\r') ? null : 'control';
  if (BIDI.test(char)) return 'bidi';
  if (ZERO_WIDTH.test(char)) return options.allowZeroWidth || (options.allowJoiners && JOINER.test(char)) ? null : 'zero_width';
  return null;
}

function codePointLabel(char: string): string {
  return `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

const described: Record<UnsafeKind, string> = {
  control: 'a control character',
  bidi: 'a text-direction control',
  zero_width: 'an invisible (zero-width) character',
};

/** "Full name contains a text-direction control (U+202E). Remove it and try again." */
export function unsafeTextMessage(label: string, found: UnsafeCharacter): string {
  return `${label} contains ${described[found.kind]} (${found.codePoint}). Remove it and try again.`;
}

export interface SafeTextSchemaOptions extends SafeTextOptions {
  /** How the field is named in messages: "Full name", "File name". */
  label: string;
  min?: number;
  max: number;
  /** Messages for the length limits (defaults name the label and the number). */
  minMessage?: string;
  maxMessage?: string;
}

/**
 * A string refused if it carries a character from the lists above, then
 * normalised to NFC and trimmed; the length limits apply to what is stored.
 */
export function safeTextSchema(options: SafeTextSchemaOptions) {
  const { label, min = 0, max } = options;
  const minMessage = options.minMessage ?? `${label} needs at least ${min} characters.`;
  const maxMessage = options.maxMessage ?? `${label} can be at most ${max} characters.`;
  return z
    .string()
    // A bound before the scan: NFC never makes text more than a few times shorter.
    .max(max * 4, maxMessage)
    .superRefine((text, context) => {
      const found = findUnsafeCharacter(text, options);
      if (found) context.addIssue({ code: 'custom', message: unsafeTextMessage(label, found) });
    })
    .transform((text) => text.normalize('NFC').trim())
    .pipe(z.string().min(min, minMessage).max(max, maxMessage));
}

/** A name or other single line of text a person typed. */
export const singleLineText = (options: Omit<SafeTextSchemaOptions, 'multiLine' | 'allowZeroWidth'>) => safeTextSchema(options);

/** Free text over several lines (tabs and line breaks allowed; zero-width joiners too). */
export const multiLineText = (options: Omit<SafeTextSchemaOptions, 'multiLine' | 'allowZeroWidth'>) =>
  safeTextSchema({ ...options, multiLine: true, allowZeroWidth: true });

/** A file name as the candidate's computer named it: one line, nothing hidden, no path. */
export function fileNameSchema(max = 255) {
  return singleLineText({ label: 'File name', min: 1, max, minMessage: 'Choose a file with a name.', maxMessage: `File name can be at most ${max} characters.` }).refine(
    (name) => !/[\\/]/.test(name),
    'File name cannot contain / or \\.',
  );
}
