import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeResumeFixtures, NAMES, type ResumeFixtures } from '../../fixtures/resumes/make-resumes';

const ROOT = join(import.meta.dirname, '..', '..', '..');

let dir: string;
let files: ResumeFixtures;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kiosk-resume-cli-'));
  files = await makeResumeFixtures(dir);
}, 60_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The CLI exactly as `npm run cli --` starts it. */
function cli(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src-main/cli/main.ts', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('npm run cli -- resume extract', () => {
  it('prints the extraction as JSON and exits 0 when the text was read', async () => {
    const { code, stdout, stderr } = await cli('resume', 'extract', files['one-column.pdf'], '--json');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const output = JSON.parse(stdout) as Record<string, unknown> & { extraction: { ok: boolean; text: string; pageCount: number } };
    expect(output).toMatchObject({ file: files['one-column.pdf'], fileType: 'pdf', parse: null, parseNote: expect.stringContaining('not built yet') });
    expect(output.extraction).toMatchObject({ ok: true, fileType: 'pdf', pageCount: 1, wordCount: expect.any(Number), characters: expect.any(Number) });
    expect(output.extraction.text).toContain(NAMES.jose);
    expect(output.extraction.text).toContain(NAMES.francois);
  });

  it('prints the reason and message and exits 1 when the extraction failed', async () => {
    const { code, stdout } = await cli('resume', 'extract', files['encrypted.pdf'], '--json');
    expect(code).toBe(1);
    const output = JSON.parse(stdout) as { extraction: unknown; diagnostics: string[] };
    expect(output.extraction).toEqual({ ok: false, reason: 'encrypted', message: expect.stringMatching(/^This PDF is password-protected/) });
    expect(output.diagnostics.join(' ')).toContain('PasswordException');
  });

  it('exits 1 with reason zip_bomb for a .docx zip bomb, quickly', async () => {
    const started = performance.now();
    const { code, stdout } = await cli('resume', 'extract', files['zip-bomb-lying.docx'], '--json');
    expect(code).toBe(1);
    expect((JSON.parse(stdout) as { extraction: { reason: string } }).extraction.reason).toBe('zip_bomb');
    expect(performance.now() - started).toBeLessThan(10_000);
  });

  it('prints a readable report without --json', async () => {
    const { code, stdout } = await cli('resume', 'extract', files['resume.docx']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^File: +.*resume\.docx \([\d,]+ bytes, DOCX\)$/m);
    expect(stdout).toMatch(/^Result: +text extracted: \d+ words/m);
    expect(stdout).toContain(`--- text ---\n${NAMES.malgorzata}`);
    const failed = await cli('resume', 'extract', files['scanned.pdf']);
    expect(failed.code).toBe(1);
    expect(failed.stdout).toMatch(/^Result: +failed \(no_text_layer\)/m);
    expect(failed.stdout).toContain('This PDF seems to be a scanned image with no text layer.');
  });

  it('exits 2 with a usage message for usage errors', async () => {
    for (const args of [[], ['resume'], ['resume', 'extract'], ['resume', 'extract', 'a.pdf', 'b.pdf'], ['resume', 'extract', files['one-column.pdf'], '--yaml'], ['frobnicate']]) {
      const { code, stdout, stderr } = await cli(...args);
      expect(code, args.join(' ')).toBe(2);
      expect(stdout).toBe('');
      expect(stderr).toContain('Usage: npm run cli --');
    }
    const missing = await cli('resume', 'extract', join(dir, 'no-such-file.pdf'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('No such file');
  });

  it('lists its commands with --help and exits 0', async () => {
    const { code, stdout } = await cli('--help');
    expect(code).toBe(0);
    expect(stdout).toContain('resume extract FILE [--json]');
  });
});
