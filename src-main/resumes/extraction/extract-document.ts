import { describeError } from './describe-error';
import { extractDocx } from './extract-docx';
import { extractPdf } from './extract-pdf';
import { failure, type ExtractionLimits, type ExtractionResult, type ResumeFileType } from './extraction-result';
import { checkResumeFileSize, detectResumeFileType } from './file-type';

export interface DocumentExtraction {
  result: ExtractionResult;
  /** The real type, when the bytes told it. */
  fileType?: ResumeFileType;
  /** Technical notes for logs and support (library messages); never shown to a candidate. */
  diagnostics: string[];
}

/**
 * The whole extraction in the calling thread: size, real type, then the
 * reader for that type. Runs inside the extraction worker; a caller on the
 * main thread goes through ResumeTextExtractor instead.
 */
export async function extractDocument(bytes: Uint8Array, limits: ExtractionLimits): Promise<DocumentExtraction> {
  const diagnostics: string[] = [];
  const sizeProblem = checkResumeFileSize(bytes.byteLength, limits.maxFileBytes);
  if (sizeProblem) return { result: sizeProblem, diagnostics };
  const detected = await detectResumeFileType(bytes, limits.zip.maxEntries);
  if (!detected.ok) return { result: detected, diagnostics };
  const { fileType } = detected;
  try {
    const result = fileType === 'pdf' ? await extractPdf(bytes, limits, diagnostics) : await extractDocx(bytes, limits, diagnostics);
    return { result, fileType, diagnostics };
  } catch (error) {
    // The readers turn every error they expect into a value; this is one they did not.
    diagnostics.push(`unexpected: ${describeError(error)}`);
    return { result: failure('corrupt', { fileType }), fileType, diagnostics };
  }
}
