import { describe, expect, it } from 'vitest';
import { extractionFailureReasons, failure, MB } from '../../../src-main/resumes/extraction/extraction-result';
import { extractionResultSchema } from '../../../src-main/resumes/extraction/extraction-result-schema';

describe('failure messages', () => {
  it('give every reason a message a person can act on, with no placeholders left', () => {
    for (const reason of extractionFailureReasons) {
      for (const fileType of [undefined, 'pdf', 'docx'] as const) {
        const result = failure(reason, { sizeBytes: 12 * MB, limitBytes: 10 * MB, timeoutMs: 8_000, ...(fileType ? { fileType } : {}) });
        expect(result).toEqual({ ok: false, reason, message: expect.any(String) });
        expect(result.message).not.toMatch(/undefined|NaN|\[object/);
        // What happened, then what to do: at least two sentences.
        expect(result.message.split(/(?<=\.) /).length).toBeGreaterThanOrEqual(2);
        expect(extractionResultSchema.safeParse(result).success).toBe(true);
      }
    }
  });

  it('name the kind of document and the limits involved', () => {
    expect(failure('no_text_layer', { fileType: 'pdf' }).message).toBe(
      'This PDF seems to be a scanned image with no text layer. Upload a PDF exported from a word processor, or a .docx.',
    );
    expect(failure('timeout', { fileType: 'pdf', timeoutMs: 8_000 }).message).toMatch(/^Reading this PDF took too long \(over 8 seconds\)/);
    expect(failure('encrypted', { fileType: 'docx' }).message).toMatch(/^This Word document is password-protected/);
  });
});
