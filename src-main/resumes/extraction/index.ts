export {
  defaultExtractionLimits,
  extractionFailureReasons,
  resumeFileTypes,
  type ExtractionFailure,
  type ExtractionFailureReason,
  type ExtractionLimits,
  type ExtractionResult,
  type ExtractionSuccess,
  type ResumeFileType,
} from './extraction-result';
export { extractionResultSchema } from './extraction-result-schema';
export { checkResumeFileSize, detectResumeFileType, type FileTypeVerdict } from './file-type';
export { ResumeTextExtractor, type ExtractionReport, type ResumeTextExtractorOptions } from './resume-text-extractor';
