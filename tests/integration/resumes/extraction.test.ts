import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFParse } from 'pdf-parse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExtractionFailureReason, ExtractionResult, ExtractionSuccess } from '../../../src-main/resumes/extraction';
import { ResumeTextExtractor } from '../../../src-main/resumes/extraction';
import { MB } from '../../../src-main/resumes/extraction/extraction-result';
import { makeResumeFixtures, NAMES, type FixtureName, type ResumeFixtures } from '../../fixtures/resumes/make-resumes';

const HOSTILE_BUDGET_MS = 10_000;

let dir: string;
let files: ResumeFixtures;
let extractor: ResumeTextExtractor;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kiosk-resumes-'));
  files = await makeResumeFixtures(dir);
  extractor = new ResumeTextExtractor();
  await extractor.ready();
}, 60_000);

afterAll(async () => {
  await extractor?.close();
  rmSync(dir, { recursive: true, force: true });
});

const read = (name: FixtureName) => new Uint8Array(readFileSync(files[name]));

function expectSuccess(result: ExtractionResult): ExtractionSuccess {
  if (!result.ok) throw new Error(`expected text, got ${result.reason}: ${result.message}`);
  return result;
}

/** Each phrase present, whole, and after the one before it. */
function expectInOrder(text: string, phrases: string[]): void {
  let from = 0;
  for (const phrase of phrases) {
    const at = text.indexOf(phrase, from);
    expect(at, `"${phrase}" after position ${from} in:\n${text}`).toBeGreaterThanOrEqual(0);
    from = at + phrase.length;
  }
}

describe('good resumes', () => {
  it('reads a one-column PDF in order, with non-ASCII names intact', async () => {
    const result = expectSuccess(await extractor.extract(read('one-column.pdf')));
    expect(result).toMatchObject({ fileType: 'pdf', pageCount: 1 });
    expectInOrder(result.text, [
      NAMES.jose,
      'Summary',
      'Backend engineer with nine years of experience',
      'Experience',
      'Led the migration of the billing platform to Kubernetes with zero downtime.',
      'Szybkie Płatności S.A., Warszawa',
      'Skills',
      'TypeScript, Node.js, Go, PostgreSQL',
      'Education',
      'Uniwersytet Jagielloński',
      `${NAMES.malgorzata}, CTO; ${NAMES.francois}, Head of Payments`,
    ]);
    expect(result.wordCount).toBeGreaterThan(90);
    expect(result.characters).toBe(Array.from(result.text).length);
    expect(result.text).toBe(result.text.normalize('NFC'));
    expect(result.layoutNotes).toBeUndefined();
  });

  it('reads a two-column PDF one column after the other, each line whole', async () => {
    const { text } = expectSuccess(await extractor.extract(read('two-column.pdf')));
    // The sidebar, in its order…
    expectInOrder(text, [NAMES.zoe, 'Data Engineer', 'Göteborg, Sweden', 'Skills', 'Python and pandas', 'Apache Spark', 'Languages', 'Swedish, English, German']);
    // …then the main column, in its order: the lines share baselines but are not interleaved.
    expectInOrder(text, [
      'Swedish, English, German',
      'Experience',
      'Senior Data Engineer, Nordlys Analytics',
      'Designed the streaming ingestion layer',
      'for 40 retail clients on Apache Spark.',
      'Data Analyst, Fjällräven Retail Group',
      'BSc Statistics, Lunds universitet',
    ]);
  });

  it('reads a table drawn as cells row by row, each row on its own line', async () => {
    const { text } = expectSuccess(await extractor.extract(read('table.pdf')));
    expectInOrder(text, [NAMES.oyvind, 'Platform Engineer • Tromsø, Norway', 'Skills matrix']);
    const lines = text.split('\n');
    for (const row of [/^Skill Years Level$/, /^TypeScript 6 Expert$/, /^PostgreSQL 4 Advanced$/, /^Kubernetes 3 Intermediate$/, /^Rust 1 Beginner$/]) {
      expect(lines.some((line) => row.test(line)), `${row} in:\n${text}`).toBe(true);
    }
    expectInOrder(text, ['Skill Years Level', 'TypeScript 6 Expert', 'Rust 1 Beginner', 'Certifications: CKA (2023)']);
  });

  it('reads every page of 2- and 20-page PDFs in page order', async () => {
    const two = expectSuccess(await extractor.extract(read('two-page.pdf')));
    expect(two.pageCount).toBe(2);
    expectInOrder(two.text, [NAMES.francois, 'Role 1: Engineering Lead', 'Role 2: Engineering Lead', 'Page 2 of 2']);
    const twenty = expectSuccess(await extractor.extract(read('twenty-page.pdf')));
    expect(twenty.pageCount).toBe(20);
    expectInOrder(twenty.text, Array.from({ length: 20 }, (_, i) => `Role ${i + 1}: Engineering Lead, Company Number ${i + 1}`));
    expect(twenty.wordCount).toBeGreaterThan(10_000);
  });

  it('reads a .docx with a table and non-ASCII names', async () => {
    const result = expectSuccess(await extractor.extract(read('resume.docx')));
    expect(result).toMatchObject({ fileType: 'docx' });
    expect(result.pageCount).toBeUndefined();
    expectInOrder(result.text, [
      NAMES.malgorzata,
      'Full-stack Developer • Gdańsk, Poland',
      `Worked with ${NAMES.zoe} and ${NAMES.jose} on open-source tooling.`,
      'Skills',
      'Skill',
      'Years',
      'Level',
      'React',
      '7',
      'Expert',
      'GraphQL',
      'Politechnika Gdańska',
    ]);
  });

  it('reads only the first pages of a very long PDF, and says so', async () => {
    const short = new ResumeTextExtractor({ keepWarmWorker: false, limits: { maxPdfPages: 3 } });
    try {
      const result = expectSuccess(await short.extract(read('twenty-page.pdf')));
      expect(result.pageCount).toBe(20);
      expect(result.text).toContain('Role 3:');
      expect(result.text).not.toContain('Role 4:');
      expect(result.layoutNotes).toEqual(['Only the first 3 of 20 pages were read.']);
    } finally {
      await short.close();
    }
  });

  it('leaves the caller’s bytes untouched (only a copy goes to the worker), Buffers from Node’s shared pool included', async () => {
    const bytes = read('one-column.pdf');
    const before = Buffer.from(bytes).toString('base64');
    expectSuccess(await extractor.extract(bytes));
    expect(Buffer.from(bytes).toString('base64')).toBe(before);

    // A Buffer of its own (not pooled), as fs.readFile gives for a real resume.
    const buffer = Buffer.concat([readFileSync(files['one-column.pdf']), Buffer.alloc(64 * 1024, 0x20)]);
    const length = buffer.byteLength;
    expectSuccess(await extractor.extract(buffer));
    expect(buffer.byteLength).toBe(length);
    // Small Buffers share one pooled ArrayBuffer: transferring it would break unrelated Buffers.
    const neighbour = Buffer.from('neighbour');
    const pooled = Buffer.from('%PDF-1.4 tiny');
    expect(pooled.buffer).toBe(neighbour.buffer);
    await extractor.extract(pooled);
    expect(neighbour.toString()).toBe('neighbour');
    expect(pooled.toString()).toBe('%PDF-1.4 tiny');
  });
});

describe('broken and hostile files', () => {
  const cases: [FixtureName, ExtractionFailureReason, RegExp][] = [
    ['scanned.pdf', 'no_text_layer', /^This PDF seems to be a scanned image with no text layer\. Upload a PDF exported from a word processor, or a \.docx\.$/],
    ['truncated.pdf', 'corrupt', /^This PDF is damaged or incomplete/],
    ['garbage-after-header.pdf', 'corrupt', /^This PDF is damaged or incomplete/],
    ['encrypted.pdf', 'encrypted', /^This PDF is password-protected/],
    ['zip-bomb.docx', 'zip_bomb', /^This Word document is built in an unusual way/],
    ['zip-bomb-lying.docx', 'zip_bomb', /^This Word document is built in an unusual way/],
    ['empty.docx', 'empty', /^This Word document has no text in it/],
    ['program.exe.pdf', 'unsupported_type', /^This file is not a PDF or Word \(\.docx\) document \(it looks like a program\)/],
    ['image.png.pdf', 'unsupported_type', /^This file is not a PDF or Word \(\.docx\) document \(it looks like an image/],
    ['empty.pdf', 'empty', /^The file is empty \(0 bytes\)/],
  ];

  it.each(cases)('%s fails as %s within 10 s, and the next good file still extracts', async (name, reason, message) => {
    const started = performance.now();
    const report = await extractor.extractFile(files[name]);
    expect(performance.now() - started).toBeLessThan(HOSTILE_BUDGET_MS);
    expect(report.result).toEqual({ ok: false, reason, message: expect.stringMatching(message) });
    expectSuccess(await extractor.extract(read('one-column.pdf')));
  });

  it('stops a PDF that inflates to a gigabyte, keeping the event loop responsive, then carries on', async () => {
    let ticks = 0;
    let longestGapMs = 0;
    let last = performance.now();
    const ticker = setInterval(() => {
      const now = performance.now();
      longestGapMs = Math.max(longestGapMs, now - last);
      last = now;
      ticks++;
    }, 10);
    const started = performance.now();
    const report = await extractor.extractFile(files['inflate-bomb.pdf']);
    const elapsed = performance.now() - started;
    clearInterval(ticker);

    expect(elapsed).toBeLessThan(HOSTILE_BUDGET_MS);
    // Either guard may win on a given machine: the memory watchdog or the clock.
    expect(['out_of_memory', 'timeout']).toContain(report.result.ok ? 'ok' : report.result.reason);
    // The main thread kept its 10 ms timer going the whole time (loosely: CI shares two cores).
    expect(ticks).toBeGreaterThan((elapsed / 10) * 0.25);
    expect(longestGapMs).toBeLessThan(500);

    expectSuccess(await extractor.extract(read('two-column.pdf')));
  });

  it('ends a worker that runs past its time budget, and says how long it had', async () => {
    const hurried = new ResumeTextExtractor({ timeoutMs: 200, keepWarmWorker: false });
    try {
      const started = performance.now();
      const result = await hurried.extract(read('twenty-page.pdf'));
      expect(performance.now() - started).toBeLessThan(2_000);
      expect(result).toEqual({ ok: false, reason: 'timeout', message: expect.stringMatching(/^Reading this PDF took too long \(over 0\.2 seconds\) and was stopped\./) });
      // A timeout ends that one worker only: the next file gets a fresh one.
      const relaxed = await extractor.extract(read('one-column.pdf'));
      expectSuccess(relaxed);
    } finally {
      await hurried.close();
    }
  });

  it('reports a worker killed by its heap limit as out_of_memory', async () => {
    const cramped = new ResumeTextExtractor({ maxOldGenerationSizeMb: 16, keepWarmWorker: false });
    try {
      const report = await cramped.extractWithReport(read('twenty-page.pdf'));
      expect(report.result).toMatchObject({ ok: false, reason: 'out_of_memory' });
      expect(report.diagnostics.join(' ')).toMatch(/memory limit/);
    } finally {
      await cramped.close();
    }
    expectSuccess(await extractor.extract(read('one-column.pdf')));
  });

  it('refuses a file over 10 MB before reading it', async () => {
    const big = join(dir, 'big.pdf');
    writeFileSync(big, Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(Math.round(10.5 * MB))]));
    const report = await extractor.extractFile(big);
    expect(report.result).toEqual({ ok: false, reason: 'too_large', message: expect.stringMatching(/^The file is 10\.5 MB; the limit is 10 MB\./) });
    expect(report.worker).toBeUndefined();
  });

  it('takes files one at a time, in order, when several arrive together', async () => {
    const results = await Promise.all([read('one-column.pdf'), read('scanned.pdf'), read('resume.docx')].map((bytes) => extractor.extract(bytes)));
    expect(results.map((result) => (result.ok ? result.fileType : result.reason))).toEqual(['pdf', 'no_text_layer', 'docx']);
  });
});

describe('the fixtures themselves', () => {
  it('encrypted.pdf is really encrypted: with its password, pdf.js reads it', async () => {
    const parser = new PDFParse({ data: read('encrypted.pdf'), password: 'secret', verbosity: 0 });
    try {
      expect((await parser.getText()).text).toContain(`Resume of ${NAMES.francois}, encrypted`);
    } finally {
      await parser.destroy();
    }
  });

  it('the zip bombs are small files that declare or hold hundreds of megabytes', () => {
    expect(readFileSync(files['zip-bomb.docx']).byteLength).toBeLessThan(400 * 1024);
    expect(readFileSync(files['zip-bomb-lying.docx']).byteLength).toBeLessThan(400 * 1024);
  });
});
