import { describeError } from './describe-error';
import { failure, type ExtractionLimits, type ExtractionResult } from './extraction-result';
import { finishText } from './finish-text';
import { checkDeclaredSizes, readZipDirectory, verifyInflatedSizes, type ZipBudgetVerdict } from './zip-archive';

/**
 * A .docx is a ZIP archive, and a ZIP can expand a few kilobytes into
 * gigabytes. mammoth (through JSZip) inflates whole parts into memory, and
 * buffers are not covered by the worker's heap limit, so the archive is
 * judged first: its declared sizes, then its real ones.
 */
export async function extractDocx(bytes: Uint8Array, limits: ExtractionLimits, diagnostics: string[]): Promise<ExtractionResult> {
  const directory = await readZipDirectory(bytes, limits.zip.maxEntries);
  if (!directory.ok) {
    diagnostics.push(`zip: ${directory.detail}`);
    return directory.problem === 'too_many_entries' ? failure('zip_bomb') : failure('corrupt', { fileType: 'docx' });
  }
  const declared = checkDeclaredSizes(directory.entries, bytes.byteLength, limits.zip);
  if (!declared.ok) return zipFailure(declared, diagnostics);
  const inflated = await verifyInflatedSizes(bytes, limits.zip);
  if (!inflated.ok) return zipFailure(inflated, diagnostics);

  let raw: string;
  try {
    // Loaded on first use: a worker given a PDF never pays for mammoth.
    const { default: mammoth } = await import('mammoth');
    const result = await mammoth.extractRawText({ buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) });
    raw = result.value;
    for (const message of result.messages.slice(0, 5)) diagnostics.push(`mammoth ${message.type}: ${message.message}`);
  } catch (error) {
    diagnostics.push(`docx: ${describeError(error)}`);
    return failure('corrupt', { fileType: 'docx' });
  }
  return finishText(raw, { fileType: 'docx', notes: [], limits, whenNoText: failure('empty', { fileType: 'docx' }) });
}

function zipFailure(verdict: Exclude<ZipBudgetVerdict, { ok: true }>, diagnostics: string[]): ExtractionResult {
  diagnostics.push(`zip: ${verdict.detail}`);
  if (verdict.problem === 'bomb') return failure('zip_bomb');
  if (verdict.problem === 'encrypted') return failure('encrypted', { fileType: 'docx' });
  return failure('corrupt', { fileType: 'docx' });
}
