import type { ExtractionFailure, ExtractionLimits, ExtractionResult, ResumeFileType } from './extraction-result';
import { countCodePoints, countLetters, countWords, normaliseText, truncateText } from './normalise-text';

export interface FinishOptions {
  fileType: ResumeFileType;
  pageCount?: number;
  notes: string[];
  limits: ExtractionLimits;
  /** What to say when the document has (next to) no letters: a scan for a PDF, an empty .docx. */
  whenNoText: ExtractionFailure;
}

/** The raw text of either kind of document, turned into the success value (or `whenNoText`). */
export function finishText(raw: string, options: FinishOptions): ExtractionResult {
  const normalised = normaliseText(raw);
  if (countLetters(normalised) < options.limits.minLetters) return options.whenNoText;
  const { text, truncated } = truncateText(normalised, options.limits.maxTextCharacters);
  const notes = [...options.notes];
  if (truncated) notes.push(`The text was cut at ${options.limits.maxTextCharacters.toLocaleString('en')} characters.`);
  return {
    ok: true,
    fileType: options.fileType,
    text,
    ...(options.pageCount === undefined ? {} : { pageCount: options.pageCount }),
    wordCount: countWords(text),
    characters: countCodePoints(text),
    ...(notes.length > 0 ? { layoutNotes: notes } : {}),
  };
}
