import { defaultExtractionLimits, failure, type ExtractionFailure, type ResumeFileType } from './extraction-result';
import { readZipDirectory } from './zip-archive';

export type FileTypeVerdict = { ok: true; fileType: ResumeFileType } | ExtractionFailure;

/** Refuses an empty or oversized file before anything reads its bytes. */
export function checkResumeFileSize(sizeBytes: number, maxFileBytes = defaultExtractionLimits.maxFileBytes): ExtractionFailure | undefined {
  if (sizeBytes === 0) return failure('empty');
  if (sizeBytes > maxFileBytes) return failure('too_large', { sizeBytes, limitBytes: maxFileBytes });
  return undefined;
}

const ascii = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0));
const PDF_MAGIC = ascii('%PDF-');
const ZIP_LOCAL_HEADER = Uint8Array.of(0x50, 0x4b, 0x03, 0x04);
const OLE2 = Uint8Array.of(0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1);
// Acrobat and pdf.js accept a PDF header after up to 1 KB of junk (some
// mail gateways and old generators prepend bytes); so do we.
const PDF_HEADER_WINDOW = 1024;

function startsWith(bytes: Uint8Array, prefix: Uint8Array, at = 0): boolean {
  if (bytes.length < at + prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (bytes[at + i] !== prefix[i]) return false;
  return true;
}

function indexOf(bytes: Uint8Array, needle: Uint8Array, limit = bytes.length): number {
  const end = Math.min(limit, bytes.length - needle.length);
  outer: for (let i = 0; i <= end; i++) {
    for (let j = 0; j < needle.length; j++) if (bytes[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

/**
 * What a file really is, from its bytes (the name and the browser's MIME
 * type are whatever the candidate's computer says): a PDF, a Word .docx, or a
 * failure that tells the candidate what the file seems to be instead.
 */
export async function detectResumeFileType(bytes: Uint8Array, maxZipEntries = defaultExtractionLimits.zip.maxEntries): Promise<FileTypeVerdict> {
  const sizeProblem = checkResumeFileSize(bytes.byteLength, Number.POSITIVE_INFINITY);
  if (sizeProblem) return sizeProblem;
  if (startsWith(bytes, PDF_MAGIC)) return { ok: true, fileType: 'pdf' };
  if (startsWith(bytes, ZIP_LOCAL_HEADER)) return detectZipType(bytes, maxZipEntries);
  if (startsWith(bytes, OLE2)) {
    // Word's password protection wraps the whole .docx in an OLE2 container
    // with an "EncryptedPackage" stream; anything else OLE2 is an old .doc/.xls.
    if (indexOf(bytes, utf16le('EncryptedPackage')) !== -1) return failure('encrypted', { fileType: 'docx' });
    return failure('unsupported_type', { hint: 'it looks like an older Word (.doc) or other Office file: save it as .docx or PDF' });
  }
  if (indexOf(bytes, PDF_MAGIC, PDF_HEADER_WINDOW) !== -1) return { ok: true, fileType: 'pdf' };
  return failure('unsupported_type', guessOtherType(bytes));
}

async function detectZipType(bytes: Uint8Array, maxZipEntries: number): Promise<FileTypeVerdict> {
  const directory = await readZipDirectory(bytes, maxZipEntries);
  if (!directory.ok) {
    if (directory.problem === 'too_many_entries') return failure('zip_bomb');
    // A .docx that lost its end (an interrupted download) still starts with
    // Word's first part: say "damaged Word document" rather than "wrong type".
    return failure('corrupt', firstLocalFileName(bytes) === '[Content_Types].xml' ? { fileType: 'docx' } : {});
  }
  // OPC part names are case-insensitive.
  const names = new Set(directory.entries.map((entry) => entry.name.toLowerCase()));
  if (names.has('word/document.xml') && names.has('[content_types].xml')) return { ok: true, fileType: 'docx' };
  if (names.has('xl/workbook.xml')) return failure('unsupported_type', { hint: 'it looks like an Excel workbook' });
  if (names.has('ppt/presentation.xml')) return failure('unsupported_type', { hint: 'it looks like a PowerPoint presentation' });
  if (names.has('content.xml') && names.has('mimetype')) {
    return failure('unsupported_type', { hint: 'it looks like an OpenDocument file: save it as .docx or PDF' });
  }
  return failure('unsupported_type', { hint: 'it looks like a ZIP archive' });
}

function firstLocalFileName(bytes: Uint8Array): string | undefined {
  if (bytes.length < 30) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const nameLength = view.getUint16(26, true);
  if (30 + nameLength > bytes.length) return undefined;
  return Buffer.from(bytes.buffer, bytes.byteOffset + 30, nameLength).toString('latin1');
}

function utf16le(text: string): Uint8Array {
  return new Uint8Array(Buffer.from(text, 'utf16le'));
}

function guessOtherType(bytes: Uint8Array): { hint?: string } {
  const image = 'it looks like an image: upload the document itself, not a photo or scan of it';
  if (startsWith(bytes, Uint8Array.of(0x89, 0x50, 0x4e, 0x47))) return { hint: image };
  if (startsWith(bytes, Uint8Array.of(0xff, 0xd8, 0xff))) return { hint: image };
  if (startsWith(bytes, ascii('GIF8'))) return { hint: image };
  if (startsWith(bytes, ascii('RIFF')) && startsWith(bytes, ascii('WEBP'), 8)) return { hint: image };
  if (startsWith(bytes, ascii('ftyp'), 4) && /^(heic|heix|mif1|avif)/.test(Buffer.from(bytes.subarray(8, 12)).toString('latin1'))) {
    return { hint: image };
  }
  if (startsWith(bytes, ascii('II*\0')) || startsWith(bytes, ascii('MM\0*'))) return { hint: image };
  if (startsWith(bytes, ascii('MZ')) || startsWith(bytes, ascii('\x7fELF'))) return { hint: 'it looks like a program' };
  if (startsWith(bytes, ascii('{\\rtf'))) return { hint: 'it looks like a Rich Text (.rtf) file: save it as .docx or PDF' };
  return {};
}

/**
 * The type a file's first bytes claim, without reading any further: enough
 * to word a timeout or memory message, never enough to trust the file.
 */
export function claimedResumeFileType(bytes: Uint8Array): ResumeFileType | undefined {
  if (indexOf(bytes, PDF_MAGIC, PDF_HEADER_WINDOW) !== -1) return 'pdf';
  if (startsWith(bytes, ZIP_LOCAL_HEADER)) return 'docx';
  return undefined;
}
