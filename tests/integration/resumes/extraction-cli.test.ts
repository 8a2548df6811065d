import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PARSED_RESUME, scriptResumeAi } from '../../e2e/support/resume-ai';
import { makeResumeFixtures, NAMES, type ResumeFixtures } from '../../fixtures/resumes/make-resumes';
import { useFakeOpenAi } from '../providers/support';

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
  return cliWithEnv({}, ...args);
}

function cliWithEnv(env: NodeJS.ProcessEnv, ...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src-main/cli/main.ts', ...args], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
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
    expect(output).toMatchObject({ file: files['one-column.pdf'], fileType: 'pdf', parse: null });
    expect(stdout).not.toContain('not built yet');
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
    expect(stdout).toMatch(/^Parse: +not run \(--parse reads the text/m);
    expect(stdout).not.toContain('not built yet');
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

describe('npm run cli -- resume extract --parse', () => {
  const fake = useFakeOpenAi();
  let dataDir: string;
  /**
   * The key in the environment, so no keychain is ever opened (a missing key is tested in-process, with the
   * keychain replaced, in tests/integration/cli), and no IT machine file, whatever this machine has in /etc.
   */
  const env = () => ({ TEAMIFIED_OPENAI_API_KEY: 'resume-cli-test-key', TEAMIFIED_MACHINE_SETTINGS: join(dataDir, 'machine-settings.json') });

  beforeEach(() => {
    dataDir = mkdtempSync(join(dir, 'data-'));
    writeFileSync(join(dataDir, 'settings.json'), JSON.stringify({ provider: { baseUrl: fake.server.url } }));
    scriptResumeAi(fake.server);
  });

  it("makes the app's parse request with the extracted text and prints the parsed resume under `parse`", async () => {
    const { code, stdout, stderr } = await cliWithEnv(env(), 'resume', 'extract', files['one-column.pdf'], '--json', '--parse', '--data-dir', dataDir);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const output = JSON.parse(stdout) as { parse: unknown };
    expect(output.parse).toEqual({ ok: true, result: PARSED_RESUME, model: 'gpt-4o-mini', latencyMs: expect.any(Number), usage: expect.any(Object) });
    expect(fake.server.requests).toHaveLength(1);
    const request = fake.server.requests[0]!;
    expect(request.json.response_format.json_schema.name).toBe('parsed_resume');
    expect(JSON.stringify(request.json.messages)).toContain(NAMES.jose);
    // Nothing written on the device.
    expect(readdirSync(dataDir)).toEqual(['settings.json']);
  });

  it('prints the parsed fields in the readable report', async () => {
    const { code, stdout } = await cliWithEnv(env(), 'resume', 'extract', files['resume.docx'], '--parse', '--data-dir', dataDir);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Parse: +parsed by gpt-4o-mini in \d+ ms/m);
    expect(stdout).toContain(`Skills:    ${PARSED_RESUME.skills.join('; ')}`);
    expect(stdout).toContain('Years:     7');
    expect(stdout).toContain('Roles:     Senior Backend Engineer at Allegro (4 years)');
    expect(stdout).toContain(`Summary:   ${PARSED_RESUME.summary}`);
  });

  it("prints the provider's error and exits 1 when the parse fails", async () => {
    fake.server.enqueue('chat', { kind: 'fault', fault: 'bad_request' });
    const text = await cliWithEnv(env(), 'resume', 'extract', files['resume.docx'], '--parse', '--data-dir', dataDir);
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(/^Parse: +failed \(bad_request, HTTP 400\)\nMessage: +\S/m);

    fake.server.enqueue('chat', { kind: 'fault', fault: 'bad_request' });
    const json = await cliWithEnv(env(), 'resume', 'extract', files['resume.docx'], '--parse', '--json', '--data-dir', dataDir);
    expect(json.code).toBe(1);
    expect((JSON.parse(json.stdout) as { parse: unknown }).parse).toEqual({ ok: false, error: { kind: 'bad_request', status: 400, message: expect.any(String) } });
  });

  it('touches no provider without --parse, and refuses provider options without it', async () => {
    const { code } = await cliWithEnv(env(), 'resume', 'extract', files['resume.docx'], '--json');
    expect(code).toBe(0);
    expect(fake.server.requests).toHaveLength(0);
    const misuse = await cliWithEnv(env(), 'resume', 'extract', files['resume.docx'], '--data-dir', dataDir);
    expect(misuse.code).toBe(2);
    expect(misuse.stderr).toContain('--data-dir only apply with --parse');
  });
});
