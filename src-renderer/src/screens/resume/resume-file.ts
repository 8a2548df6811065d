import { RESUME_MAX_BYTES } from '../../../../shared/domain/resume';
import { bytesToBase64 } from '../../voice/base64';

const ACCEPTED_EXTENSIONS = ['.pdf', '.docx'] as const;

/** For the file input's `accept`: extensions plus MIME types, since some pickers filter on one or the other. */
export const RESUME_ACCEPT = '.pdf,.docx,application/pdf,application/vnd.openxmlformats-officedocument.wordprocessingml.document';

export const MAX_SIZE_LABEL = `${RESUME_MAX_BYTES / (1024 * 1024)} MB`;

/**
 * A quick check in the form so a candidate is not left waiting on an upload
 * that is bound to be refused; main checks the real bytes either way.
 */
export function resumeFileProblem(file: { name: string; size: number }): string | null {
  const name = file.name.toLowerCase();
  if (!ACCEPTED_EXTENSIONS.some((extension) => name.endsWith(extension))) {
    return 'Choose a PDF or Word (.docx) file. Other file types cannot be read.';
  }
  if (file.size === 0) return 'That file is empty. Choose your resume file.';
  if (file.size > RESUME_MAX_BYTES) return `That file is larger than ${MAX_SIZE_LABEL}. Choose a smaller file.`;
  return null;
}

export async function fileToBase64(file: Blob): Promise<string> {
  return bytesToBase64(new Uint8Array(await file.arrayBuffer()));
}

export function formatFileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
