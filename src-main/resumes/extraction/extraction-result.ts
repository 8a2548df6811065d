export const resumeFileTypes = ['pdf', 'docx'] as const;
export type ResumeFileType = (typeof resumeFileTypes)[number];

export const extractionFailureReasons = [
  'too_large',
  'unsupported_type',
  'encrypted',
  'no_text_layer',
  'corrupt',
  'zip_bomb',
  'timeout',
  'out_of_memory',
  'empty',
] as const;
export type ExtractionFailureReason = (typeof extractionFailureReasons)[number];

export interface ExtractionSuccess {
  ok: true;
  fileType: ResumeFileType;
  text: string;
  /** PDFs only: the document's page count (even when only the first pages were read). */
  pageCount?: number;
  wordCount: number;
  /** Unicode code points in `text`. */
  characters: number;
  /** What a reader of `text` should know about how it was read, e.g. pages that had no text. */
  layoutNotes?: string[];
}

export interface ExtractionFailure {
  ok: false;
  reason: ExtractionFailureReason;
  /** For the candidate: what happened and what to do. Never technical, never a secret. */
  message: string;
}

export type ExtractionResult = ExtractionSuccess | ExtractionFailure;

export const MB = 1024 * 1024;

export interface ExtractionLimits {
  maxFileBytes: number;
  /** Pages read from a PDF; a resume longer than this is read in part, with a layout note. */
  maxPdfPages: number;
  /** Characters kept; more than this is no resume and only costs the parser later. */
  maxTextCharacters: number;
  /** A document with fewer letters than this has no usable text. */
  minLetters: number;
  zip: ZipLimits;
}

export interface ZipLimits {
  maxEntries: number;
  maxTotalUncompressedBytes: number;
  /** Uncompressed : compressed, checked for entries of at least `ratioCheckMinBytes`. */
  maxCompressionRatio: number;
  /** Tiny parts of repetitive XML legitimately compress very well: only larger ones are judged by ratio. */
  ratioCheckMinBytes: number;
}

export const defaultExtractionLimits: ExtractionLimits = {
  maxFileBytes: 10 * MB,
  maxPdfPages: 50,
  maxTextCharacters: 200_000,
  minLetters: 20,
  zip: {
    maxEntries: 1000,
    maxTotalUncompressedBytes: 50 * MB,
    maxCompressionRatio: 100,
    ratioCheckMinBytes: MB,
  },
};

/** Plain size text for messages: "14.2 MB", "10 MB" (not "10.0 MB"). */
function sizeText(bytes: number): string {
  const mb = bytes / MB;
  return Number.isInteger(mb) ? `${mb} MB` : `${mb.toFixed(1)} MB`;
}

function secondsText(ms: number): string {
  const seconds = Number((ms / 1000).toFixed(1));
  return `${seconds} ${seconds === 1 ? 'second' : 'seconds'}`;
}

const TRY_AGAIN_AS = 'Upload a PDF exported from a word processor, or a .docx.';

export interface FailureContext {
  sizeBytes?: number;
  limitBytes?: number;
  timeoutMs?: number;
  /** e.g. "It looks like a PNG image." */
  hint?: string;
  /** 'pdf' or 'docx', where the message differs by kind. */
  fileType?: ResumeFileType;
}

/** Every failure a person can see is built here, so the wording stays consistent. */
export function failure(reason: ExtractionFailureReason, context: FailureContext = {}): ExtractionFailure {
  const noun = context.fileType === 'pdf' ? 'this PDF' : context.fileType === 'docx' ? 'this Word document' : 'this file';
  const subject = `T${noun.slice(1)}`;
  let message: string;
  switch (reason) {
    case 'too_large':
      message =
        `The file is ${sizeText(context.sizeBytes ?? 0)}; the limit is ${sizeText(context.limitBytes ?? defaultExtractionLimits.maxFileBytes)}. ` +
        'Save a shorter version, or export the PDF again without large images, and upload that.';
      break;
    case 'unsupported_type':
      message = `This file is not a PDF or Word (.docx) document${context.hint ? ` (${context.hint})` : ''}. Upload your resume as a PDF or .docx file.`;
      break;
    case 'encrypted':
      message =
        `${subject} is password-protected, so its text can't be read. ` +
        'Upload a copy without a password (for example, print it to a new PDF or save it again without protection), or a .docx.';
      break;
    case 'no_text_layer':
      message = `This PDF seems to be a scanned image with no text layer. ${TRY_AGAIN_AS}`;
      break;
    case 'corrupt':
      message =
        `${subject} is damaged or incomplete and can't be read. ` +
        'Check that it opens on your own computer, save or export it again, and upload the new copy.';
      break;
    case 'zip_bomb':
      message =
        'This Word document is built in an unusual way: it would expand to far more data than any resume needs, so it was not opened. ' +
        'Save it again from your word processor as a new .docx, or export it as a PDF.';
      break;
    case 'timeout':
      message =
        `Reading ${noun} took too long${context.timeoutMs ? ` (over ${secondsText(context.timeoutMs)})` : ''} and was stopped. ` +
        'Export it again as a simpler PDF (without large images), or upload a .docx.';
      break;
    case 'out_of_memory':
      message =
        `${subject} needed too much memory to read and was stopped. ` + 'Export it again as a simpler PDF (without large images), or upload a .docx.';
      break;
    case 'empty':
      message =
        context.fileType === undefined
          ? 'The file is empty (0 bytes). Check that you chose the right file and upload it again.'
          : `${subject} has no text in it. Check that you chose the right file, or upload a PDF or .docx that contains your resume's text.`;
      break;
  }
  return { ok: false, reason, message };
}
