import { failure, type ExtractionLimits, type ExtractionResult } from './extraction-result';
import { describeError } from './describe-error';
import { finishText } from './finish-text';

export async function extractPdf(bytes: Uint8Array, limits: ExtractionLimits, diagnostics: string[]): Promise<ExtractionResult> {
  // Loaded on first use: a worker given a .docx never pays for pdf.js.
  const { PDFParse } = await import('pdf-parse');
  const parser = new PDFParse({
    data: bytes,
    // pdf.js can compile font programs with eval; a hostile PDF gets no such door.
    isEvalSupported: false,
    useSystemFonts: false,
    disableFontFace: true,
    verbosity: 0,
  });
  try {
    const result = await parser.getText({ first: limits.maxPdfPages, pageJoiner: '' });
    const notes: string[] = [];
    if (result.total > limits.maxPdfPages) {
      notes.push(`Only the first ${limits.maxPdfPages} of ${result.total} pages were read.`);
    }
    const pagesWithoutText = result.pages.filter((page) => !/\p{L}/u.test(page.text)).map((page) => page.num);
    if (pagesWithoutText.length > 0 && pagesWithoutText.length < result.pages.length) {
      const list = pagesWithoutText.length > 10 ? `${pagesWithoutText.slice(0, 10).join(', ')} and ${pagesWithoutText.length - 10} more` : pagesWithoutText.join(', ');
      notes.push(`${pagesWithoutText.length === 1 ? 'Page' : 'Pages'} ${list} had no text (perhaps scanned images or pictures).`);
    }
    const raw = result.pages.map((page) => page.text).join('\n\n');
    return finishText(raw, { fileType: 'pdf', pageCount: result.total, notes, limits, whenNoText: failure('no_text_layer', { fileType: 'pdf' }) });
  } catch (error) {
    diagnostics.push(`pdf: ${describeError(error)}`);
    return pdfFailure(error);
  } finally {
    await parser.destroy().catch(() => {});
  }
}

function pdfFailure(error: unknown): ExtractionResult {
  const name = error instanceof Error ? error.name : '';
  if (name === 'PasswordException') return failure('encrypted', { fileType: 'pdf' });
  // pdf.js grows typed arrays for decoded streams; a decompression bomb ends here
  // when the allocation itself fails (the heap limit does not cover array buffers).
  if (error instanceof RangeError && /allocation|array length|buffer/i.test(error.message)) return failure('out_of_memory', { fileType: 'pdf' });
  // InvalidPDFException, FormatError, UnknownErrorException and the like.
  return failure('corrupt', { fileType: 'pdf' });
}
