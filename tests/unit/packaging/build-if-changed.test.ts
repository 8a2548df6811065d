import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildIfChanged, INPUT_FOLDERS, inputFiles, OUTPUT_FOLDERS, STAMP_PATH } from '../../../scripts/build-if-changed';

/*
 * scripts/build-if-changed.ts (`npm run start:browser`) on a made-up
 * project: a fake build writes the out/ folders and counts its runs.
 */

let root: string;
let builds: number;
let logged: string[];

function write(path: string, content: string): void {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), content);
}

async function fakeBuild(): Promise<void> {
  builds++;
  for (const folder of OUTPUT_FOLDERS) write(`${folder}/index.js`, `built ${builds}`);
}

function run(options: { force?: boolean; build?: () => Promise<void> } = {}) {
  return buildIfChanged({ root, build: options.build ?? fakeBuild, log: (line) => logged.push(line), ...(options.force ? { force: true } : {}) });
}

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'kiosk-build-stamp-'));
  builds = 0;
  logged = [];
  write('package.json', '{"name":"app"}');
  write('package-lock.json', '{"lockfileVersion":3}');
  write('electron.vite.config.ts', 'export default {}');
  write('tsconfig.json', '{}');
  write('src-main/shell/main.ts', 'export const main = 1;');
  write('src-preload/index.ts', 'export const preload = 1;');
  write('src-renderer/index.html', '<!doctype html>');
  write('src-renderer/src/App.tsx', 'export const App = () => null;');
  write('shared/domain/settings.ts', 'export const a = 1;');
  write('docs/notes.md', 'not an input');
  write('tests/unit/x.test.ts', 'not an input');
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('build-if-changed', () => {
  it('builds the first time, then not again while nothing changed', async () => {
    expect(await run()).toBe('built');
    expect(logged[0]).toMatch(/No record of an earlier build/);
    expect(existsSync(join(root, STAMP_PATH))).toBe(true);
    expect(await run()).toBe('up-to-date');
    expect(await run()).toBe('up-to-date');
    expect(builds).toBe(1);
    expect(logged.at(-1)).toMatch(/up to date.*not rebuilding/);
  });

  it.each([
    ['a renderer source', () => write('src-renderer/src/App.tsx', 'export const App = () => "changed";')],
    ['a preload source', () => write('src-preload/index.ts', 'export const preload = 2;')],
    ['a shared source', () => write('shared/domain/settings.ts', 'export const a = 2;')],
    ['a main source', () => write('src-main/shell/main.ts', 'export const main = 2;')],
    ['the build config', () => write('electron.vite.config.ts', 'export default { renderer: {} }')],
    ['the lock file (other dependency versions)', () => write('package-lock.json', '{"lockfileVersion":3,"x":1}')],
    ['a tsconfig', () => write('tsconfig.json', '{"compilerOptions":{}}')],
    ['a new source file', () => write('src-renderer/src/New.tsx', 'export {};')],
    ['a new .env file', () => write('.env.production', 'VITE_X=1')],
    ['a deleted source file', () => rmSync(join(root, 'shared/domain/settings.ts'))],
    ['a renamed source file', () => renameSync(join(root, 'src-main/shell/main.ts'), join(root, 'src-main/shell/index.ts'))],
  ])('rebuilds after a change to %s', async (_what, change) => {
    await run();
    change();
    expect(await run()).toBe('built');
    expect(logged.at(-1)).toMatch(/Sources changed since the last build/);
    expect(builds).toBe(2);
    expect(await run()).toBe('up-to-date');
  });

  it('judges by content: an edit that keeps the size and the time still rebuilds, a touch alone does not', async () => {
    const file = join(root, 'src-renderer/src/App.tsx');
    await run();
    const before = statSync(file);
    writeFileSync(file, 'export const App = () => 7777;'.slice(0, before.size).padEnd(before.size, ' '));
    utimesSync(file, before.atime, before.mtime);
    expect(await run()).toBe('built');
    utimesSync(file, new Date(), new Date(Date.now() + 60_000));
    expect(await run()).toBe('up-to-date');
  });

  it('does not rebuild for files the bundles are not made from', async () => {
    await run();
    write('docs/notes.md', 'edited');
    write('tests/unit/x.test.ts', 'edited');
    write('README.md', 'new');
    expect(await run()).toBe('up-to-date');
  });

  it('rebuilds when out/ was removed, emptied or rewritten by another build', async () => {
    await run();
    rmSync(join(root, 'out'), { recursive: true });
    expect(await run()).toBe('built');
    expect(logged.at(-1)).toMatch(/bundles in out\/ were changed or removed/);
    rmSync(join(root, 'out/preload/index.js'));
    expect(await run()).toBe('built');
    // `npm run build` on its own: same sources, but these are not the files the stamp vouched for.
    write('out/renderer/index.js', 'built by someone else');
    expect(await run()).toBe('built');
    expect(builds).toBe(4);
  });

  it('leaves no stamp after a failed build, so the next start builds again', async () => {
    await run();
    write('src-renderer/src/App.tsx', 'syntax error (');
    await expect(run({ build: () => Promise.reject(new Error('Transform failed')) })).rejects.toThrow('Transform failed');
    expect(existsSync(join(root, STAMP_PATH))).toBe(false);
    expect(await run()).toBe('built');
  });

  it('counts a file saved during the build as a change for the next start', async () => {
    await run({
      build: async () => {
        await fakeBuild();
        write('src-renderer/src/App.tsx', 'saved while building');
      },
    });
    expect(await run()).toBe('built');
  });

  it('rebuilds anyway with --force', async () => {
    await run();
    expect(await run({ force: true })).toBe('built');
    expect(builds).toBe(2);
  });
});

describe('the real project', () => {
  const projectRoot = fileURLToPath(new URL('../../../', import.meta.url));

  it('starts the browser host through this script, not a full build every time', () => {
    const manifest = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(manifest.scripts['start:browser']).toMatch(/^node --import tsx scripts\/build-if-changed\.ts && /);
    expect(manifest.scripts['start:browser']).not.toContain('electron-vite build');
  });

  it('hashes the build config and every folder the bundles import from', () => {
    const files = inputFiles(projectRoot);
    expect(files).toContain('electron.vite.config.ts');
    expect(files).toContain('package-lock.json');
    expect(files).toContain('src-renderer/index.html');
    // Every relative import in the inputs lands inside the inputs: a bundle
    // made from a file outside them would not be rebuilt when it changes.
    const folders = INPUT_FOLDERS.map((folder) => resolve(projectRoot, folder) + sep);
    const outside: string[] = [];
    let checked = 0;
    for (const file of files.filter((name) => /\.(tsx?|css|html)$/.test(name) && name.includes('/'))) {
      const text = readFileSync(join(projectRoot, file), 'utf8');
      for (const match of text.matchAll(/(?:from\s+|import\s*\(\s*|import\s+|@import\s+|src=)['"](\.{1,2}\/[^'"]+)['"]/g)) {
        checked++;
        const target = resolve(projectRoot, dirname(file), match[1]!);
        if (!folders.some((folder) => target.startsWith(folder))) outside.push(`${file} → ${relative(projectRoot, target)}`);
      }
    }
    expect(checked).toBeGreaterThan(500);
    expect(outside).toEqual([]);
  });

  it('keeps its stamp out of out/, which is packaged whole', () => {
    expect(STAMP_PATH.startsWith('out/')).toBe(false);
    expect(readdirSync(projectRoot)).toContain('.gitignore');
    expect(readFileSync(join(projectRoot, '.gitignore'), 'utf8')).toMatch(new RegExp(`^${STAMP_PATH.split('/')[0]!.replace('.', '\\.')}/$`, 'm'));
  });
});
