import { resolve } from 'node:path';
import { stat } from 'node:fs/promises';
import type { ExtractionReport } from '../../resumes/extraction';
import { EXIT, UsageError, parseArguments, type CliCommand } from '../cli-command';
import { loadProviderSetup, PROVIDER_OPTIONS, PROVIDER_SYNOPSIS, providerHelp, type ProviderSetup } from '../provider/provider-setup';
import type { ParseOutcome } from '../resume-parse';

export const resumeExtractCommand: CliCommand = {
  path: ['resume', 'extract'],
  // The provider options (with --parse) are in `details`: the list of commands stays readable.
  synopsis: 'FILE [--json] [--parse]',
  summary: "Extract a resume's text (PDF or .docx) as the kiosk does, with --parse also parse it as the app does; show the result or why it failed.",
  details: [
    '  --json           print one JSON document instead of the report; `parse` is null without --parse.',
    "  --parse          also make the app's parse request (skills, years, education, roles, domains, summary) with",
    "                   this device's AI provider settings and key, and show its result or the provider's error.",
    `                   With it: ${PROVIDER_SYNOPSIS}.`,
    '',
    providerHelp(),
    '',
    'Exit codes: 0 the text was extracted (and parsed), 1 extraction or parsing failed or no key could be used, 2 a usage error.',
  ].join('\n'),
  async run(args, output) {
    const { positional, flags, values } = parseArguments(args, ['--json', '--parse'], PROVIDER_OPTIONS);
    if (positional.length !== 1) throw new UsageError(positional.length === 0 ? 'Name the resume file to extract.' : 'Give exactly one file.');
    if (!flags.has('--parse') && values.size > 0) throw new UsageError(`${[...values.keys()].join(' and ')} only apply with --parse.`);
    const file = resolve(positional[0]!);
    const info = await stat(file).catch(() => undefined);
    if (!info) throw new UsageError(`No such file: ${file}`);
    if (!info.isFile()) throw new UsageError(`Not a file: ${file}`);
    let setup: ProviderSetup | null = null;
    if (flags.has('--parse')) {
      // Before extracting, so a missing key is said at once rather than after a long extraction.
      const loaded = await loadProviderSetup(values);
      if (!loaded.ok) {
        output.err(`${loaded.message}\n`);
        return EXIT.failed;
      }
      setup = loaded.setup;
    }

    // Loaded only now, so usage errors and --help answer without loading the extractors and the AI client.
    const { ResumeTextExtractor } = await import('../../resumes/extraction');
    // One file, then exit: a standby worker would only delay the exit.
    const extractor = new ResumeTextExtractor({ keepWarmWorker: false });
    let report: ExtractionReport;
    try {
      report = await extractor.extractFile(file);
    } finally {
      await extractor.close();
    }
    const { parseLines, parseResumeText } = await import('../resume-parse');
    const parse = setup && report.result.ok ? await parseResumeText(setup, report.result.text) : null;
    if (flags.has('--json')) output.out(`${JSON.stringify(toJson(file, report, parse), null, 2)}\n`);
    else output.out(toText(file, report, parse ? parseLines(parse) : null, setup !== null));
    return report.result.ok && (parse === null || parse.ok) ? EXIT.ok : EXIT.failed;
  },
};

function toJson(file: string, report: ExtractionReport, parse: ParseOutcome | null) {
  return {
    file,
    sizeBytes: report.sizeBytes,
    fileType: report.fileType ?? null,
    elapsedMs: Math.round(report.elapsedMs),
    extraction: report.result,
    parse,
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

function toText(file: string, report: ExtractionReport, parsed: string[] | null, parseAsked: boolean): string {
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
  if (parsed) lines.push(...parsed);
  else lines.push(`Parse:     not run (${parseAsked ? 'there is no text to parse' : "--parse reads the text with the AI provider, as the app does"})`);
  if (result.ok) lines.push('', '--- text ---', result.text, '--- end ---');
  return `${lines.join('\n')}\n`;
}
