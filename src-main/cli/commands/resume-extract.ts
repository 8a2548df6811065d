import { resolve } from 'node:path';
import { stat } from 'node:fs/promises';
import { ResumeTextExtractor, type ExtractionReport } from '../../resumes/extraction';
import { EXIT, UsageError, parseArguments, type CliCommand } from '../cli-command';

// Stands in for the parse result until the LLM resume parser exists; IT
// scripts can already read the key and will get an object there later.
const PARSE_NOTE = 'The resume parser (skills from the text, by the LLM) is not built yet; this shows the text extraction only.';

export const resumeExtractCommand: CliCommand = {
  path: ['resume', 'extract'],
  synopsis: 'FILE [--json]',
  summary: 'Extract the text of a resume (PDF or .docx) as the kiosk does, and show the result or why it failed.',
  async run(args, output) {
    const { positional, flags } = parseArguments(args, ['--json']);
    if (positional.length !== 1) throw new UsageError(positional.length === 0 ? 'Name the resume file to extract.' : 'Give exactly one file.');
    const file = resolve(positional[0]!);
    const info = await stat(file).catch(() => undefined);
    if (!info) throw new UsageError(`No such file: ${file}`);
    if (!info.isFile()) throw new UsageError(`Not a file: ${file}`);

    // One file, then exit: a standby worker would only delay the exit.
    const extractor = new ResumeTextExtractor({ keepWarmWorker: false });
    let report: ExtractionReport;
    try {
      report = await extractor.extractFile(file);
    } finally {
      await extractor.close();
    }
    if (flags.has('--json')) output.out(`${JSON.stringify(toJson(file, report), null, 2)}\n`);
    else output.out(toText(file, report));
    return report.result.ok ? EXIT.ok : EXIT.failed;
  },
};

function toJson(file: string, report: ExtractionReport) {
  return {
    file,
    sizeBytes: report.sizeBytes,
    fileType: report.fileType ?? null,
    elapsedMs: Math.round(report.elapsedMs),
    extraction: report.result,
    parse: null,
    parseNote: PARSE_NOTE,
    diagnostics: report.diagnostics,
    worker: report.worker
      ? {
          elapsedMs: Math.round(report.worker.elapsedMs),
          heapPeakMb: Number(report.worker.heapPeakMb.toFixed(1)),
          processMaxRssMb: Number(report.worker.processMaxRssMb.toFixed(1)),
        }
      : null,
  };
}

function toText(file: string, report: ExtractionReport): string {
  const { result } = report;
  const lines = [`File:      ${file} (${report.sizeBytes.toLocaleString('en')} bytes${report.fileType ? `, ${report.fileType.toUpperCase()}` : ''})`];
  if (result.ok) {
    const pages = result.pageCount === undefined ? '' : `${result.pageCount} ${result.pageCount === 1 ? 'page' : 'pages'}, `;
    lines.push(`Result:    text extracted: ${pages}${result.wordCount} words, ${result.characters} characters, in ${Math.round(report.elapsedMs)} ms`);
    for (const note of result.layoutNotes ?? []) lines.push(`Note:      ${note}`);
  } else {
    lines.push(`Result:    failed (${result.reason}) after ${Math.round(report.elapsedMs)} ms`, `Message:   ${result.message}`);
  }
  for (const diagnostic of report.diagnostics) lines.push(`Technical: ${diagnostic}`);
  lines.push(`Parse:     none (${PARSE_NOTE})`);
  if (result.ok) lines.push('', '--- text ---', result.text, '--- end ---');
  return `${lines.join('\n')}\n`;
}
