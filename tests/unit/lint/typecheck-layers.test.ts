import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

/*
 * Each process is type-checked with only the globals it has at run time
 * (tsconfig.shared.json, tsconfig.main.json, tsconfig.renderer.json, all run
 * by `npm run typecheck`). Proved here by placing a probe file where it
 * would break its process's rules and type-checking it with that project.
 */
const root = process.cwd();
mkdirSync(join(root, '.cache'), { recursive: true });
const probes = mkdtempSync(join(root, '.cache', 'layer-probes-'));
afterAll(() => rmSync(probes, { recursive: true, force: true }));

const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');

/** Declaration files a project includes besides its folders (a probe's include list replaces the project's). */
const projectGlobals: Record<string, string[]> = { 'tsconfig.shared.json': ['types/shared-globals.d.ts'] };

/** The errors `project` reports for a file holding `code`, checked alone under that project's options. */
function typeErrors(project: string, name: string, code: string): string {
  const dir = mkdtempSync(join(probes, `${name}-`));
  writeFileSync(join(dir, `${name}.ts`), code);
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({ extends: relative(dir, join(root, project)), include: [`${name}.ts`, ...(projectGlobals[project] ?? []).map((file) => relative(dir, join(root, file)))], compilerOptions: { noEmit: true } }),
  );
  try {
    execFileSync(process.execPath, [tsc, '-p', join(dir, 'tsconfig.json')], { encoding: 'utf8', stdio: 'pipe' });
    return '';
  } catch (error) {
    return String((error as { stdout?: string }).stdout ?? error);
  }
}

describe('type-checking each process with its own globals', { timeout: 60_000 }, () => {
  it('the renderer has no Buffer or process (they are Node’s)', () => {
    expect(typeErrors('tsconfig.renderer.json', 'renderer-buffer', "export const bytes = Buffer.from('x');\n")).toMatch(/Cannot find name 'Buffer'/);
    expect(typeErrors('tsconfig.renderer.json', 'renderer-process', 'export const home = process.env.HOME;\n')).toMatch(/Cannot find name 'process'/);
    expect(typeErrors('tsconfig.renderer.json', 'renderer-ok', 'export const title = document.title;\n')).toBe('');
  });

  it('shared code has neither Node’s process nor the DOM’s document', () => {
    expect(typeErrors('tsconfig.shared.json', 'shared-process', 'export const mode = process.env.NODE_ENV;\n')).toMatch(/Cannot find name 'process'/);
    expect(typeErrors('tsconfig.shared.json', 'shared-document', 'export const title = document.title;\n')).toMatch(/Cannot find name 'document'/);
    expect(typeErrors('tsconfig.shared.json', 'shared-ok', "export const host = new URL('https://example.com').host;\n")).toBe('');
  });

  it('main has Node but no DOM', () => {
    expect(typeErrors('tsconfig.main.json', 'main-document', 'export const title = document.title;\n')).toMatch(/Cannot find name 'document'/);
    expect(typeErrors('tsconfig.main.json', 'main-ok', "export const bytes = Buffer.from('x');\n")).toBe('');
  });
});
