import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import type { CoverageMapData, FileCoverageData } from 'istanbul-lib-coverage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatReport, mergeCoverage, type V8Script } from '../../../scripts/coverage-report';

/*
 * scripts/coverage-report.ts (the last step of `npm run test:coverage`) on a
 * made-up project: esbuild bundles a few sources, minified and with a source
 * map as the renderer's build is; Node runs the bundle with
 * NODE_V8_COVERAGE, and that real V8 entry is saved as the e2e hook
 * (tests/e2e/support/coverage.ts) saves a page's, under the URL the browser
 * host would serve it at.
 */

const greetSource = [
  'export interface Greeting {', //                   1: a type, no code
  '  text: string;',
  '}',
  '',
  'export function greet(name: string): Greeting {', // 5: run
  "  if (name === '') {",
  "    return { text: 'Hello, stranger' };", //         7: never run
  '  }',
  '  return { text: `Hello, ${name}` };', //             9: run
  '}',
  '',
  'export function farewell(name: string): string {', // 12: never called by the bundle
  '  return `Goodbye, ${name}`;', //                    13
  '}',
  '',
].join('\n');

let root: string;
const write = (path: string, content: string) => {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), content);
};
const rendererDir = () => join(root, 'out', 'renderer');
const coverageDir = () => join(root, '.cache', 'coverage', 'e2e-renderer');

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'kiosk-coverage-report-'));
  write('src-renderer/src/greet.ts', greetSource);
  write('shared/shout.ts', 'export const shout = (text: string): string => text.toUpperCase();\n');
  write('tools/helper.ts', "export const helper = (): string => '!';\n");
  write(
    'src-renderer/src/main.ts',
    [
      "import { farewell, greet } from './greet';",
      "import { shout } from '../../shared/shout';",
      "import { helper } from '../../tools/helper';",
      "console.log(shout(greet('Ada').text) + helper());",
      '(globalThis as Record<string, unknown>).farewell = farewell;',
      '',
    ].join('\n'),
  );
  const bundle = join(rendererDir(), 'assets', 'index-abc123.js');
  await build({ entryPoints: [join(root, 'src-renderer/src/main.ts')], outfile: bundle, bundle: true, minify: true, sourcemap: true, format: 'iife', logLevel: 'silent' });

  const v8Dir = join(root, 'v8');
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_V8_COVERAGE: v8Dir };
  delete env.NODE_OPTIONS;
  const run = spawnSync(process.execPath, [bundle], { env, encoding: 'utf8' });
  expect(run.stdout).toBe('HELLO, ADA!\n');
  const entries = readdirSync(v8Dir).flatMap((name) => (JSON.parse(readFileSync(join(v8Dir, name), 'utf8')) as { result: V8Script[] }).result);
  const entry = entries.find((script) => script.url === pathToFileURL(bundle).href);
  expect(entry, 'V8 reported the bundle').toBeDefined();

  mkdirSync(coverageDir(), { recursive: true });
  const page = {
    result: [
      { url: 'http://127.0.0.1:5173/assets/index-abc123.js', functions: entry!.functions },
      // A vendored script with no source map of ours: left out, and named.
      { url: 'http://127.0.0.1:5173/vad/vad.worklet.bundle.min.js', functions: [] },
    ],
  };
  writeFileSync(join(coverageDir(), 'page-1.json'), JSON.stringify(page));
});

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

/** Each line's hits, as istanbul counts lines. */
function lineHits(file: FileCoverageData): Map<number, number> {
  const hits = new Map<number, number>();
  for (const [key, loc] of Object.entries(file.statementMap)) hits.set(loc.start.line, Math.max(hits.get(loc.start.line) ?? 0, file.s[key]!));
  return hits;
}

const merge = (istanbulFiles: string[] = []) =>
  mergeCoverage({ root, istanbulFiles, rendererCoverageDir: coverageDir(), rendererBuildDir: rendererDir() });

/** A file's line coverage as vitest's v8-to-istanbul writes it: one statement per line. */
function vitestCoverage(path: string, lines: Record<number, number>, all = false): FileCoverageData {
  const text = readFileSync(join(root, path), 'utf8').split('\n');
  const data: FileCoverageData = { path: join(root, path), statementMap: {}, s: {}, fnMap: {}, f: {}, branchMap: {}, b: {}, all };
  Object.entries(lines).forEach(([line, count], i) => {
    data.statementMap[i] = { start: { line: Number(line), column: 0 }, end: { line: Number(line), column: text[Number(line) - 1]!.length } };
    data.s[i] = count;
  });
  return data;
}

describe('the renderer coverage from the end-to-end pages', () => {
  it('maps the minified bundle back to the source lines that ran and those that did not', () => {
    const { map, summary } = merge();
    const greet = lineHits(map.fileCoverageFor(join(root, 'src-renderer/src/greet.ts')).data);
    expect(greet.get(5)).toBeGreaterThan(0);
    expect(greet.get(9)).toBeGreaterThan(0);
    expect(greet.get(7)).toBe(0);
    expect(greet.get(12)).toBe(0);
    expect(greet.get(13)).toBe(0);
    // Lines with no code in the bundle are not lines to cover.
    for (const line of [1, 2, 3, 4, 11]) expect(greet.has(line)).toBe(false);

    expect(summary.files['src-renderer/src/greet.ts']!.lines).toMatchObject({ total: 8, covered: 4 }); // 5, 6, 9 and 10 (its closing brace) ran
    expect(summary.files['src-renderer/src/greet.ts']!.branches.covered).toBeLessThan(summary.files['src-renderer/src/greet.ts']!.branches.total);
    expect(summary.files['shared/shout.ts']!.lines).toMatchObject({ total: 1, covered: 1 });
  });

  it('counts only src-main, shared and src-renderer, and names the scripts it could not map', () => {
    const { summary } = merge();
    expect(Object.keys(summary.files)).toEqual(['shared/shout.ts', 'src-renderer/src/greet.ts', 'src-renderer/src/main.ts']);
    expect(summary.inputs).toMatchObject({ rendererPages: 1, rendererScripts: 1, unmappedScripts: ['/vad/vad.worklet.bundle.min.js'] });
  });
});

describe('merged with vitest reports', () => {
  it('adds the hits of the Node runs line by line, and sums each folder and all three', () => {
    const unit: CoverageMapData = {
      // A unit test called farewell (line 13), which the pages never did.
      [join(root, 'src-renderer/src/greet.ts')]: vitestCoverage('src-renderer/src/greet.ts', { 5: 1, 6: 1, 7: 0, 9: 1, 12: 1, 13: 1 }),
      // No Node test loaded main.ts: vitest's placeholder gives way to the pages' coverage.
      [join(root, 'src-renderer/src/main.ts')]: vitestCoverage('src-renderer/src/main.ts', { 4: 0, 5: 0 }, true),
    };
    write('src-main/app.ts', 'export const a = 1;\nexport const b = 2;\n');
    write('src-main/types.d.ts', 'export type T = 1;\n');
    const e2e: CoverageMapData = {
      [join(root, 'src-main/app.ts')]: vitestCoverage('src-main/app.ts', { 1: 1, 2: 0 }),
      [join(root, 'src-main/types.d.ts')]: vitestCoverage('src-main/types.d.ts', { 1: 1 }),
    };
    write('.cache/coverage/unit/coverage-final.json', JSON.stringify(unit));
    write('.cache/coverage/e2e/coverage-final.json', JSON.stringify(e2e));

    const { map, summary, missing } = merge([join(root, '.cache/coverage/unit/coverage-final.json'), join(root, '.cache/coverage/e2e/coverage-final.json'), join(root, 'absent.json')]);
    expect(missing).toEqual([join(root, 'absent.json')]);

    const greet = lineHits(map.fileCoverageFor(join(root, 'src-renderer/src/greet.ts')).data);
    expect(greet.get(13)).toBe(1);
    expect(greet.get(7)).toBe(0);
    expect(greet.get(9)).toBeGreaterThan(1);
    expect(summary.files['src-renderer/src/main.ts']!.lines.covered).toBeGreaterThan(0);
    expect(summary.files['src-renderer/src/main.ts']!.lines.covered).toBe(summary.files['src-renderer/src/main.ts']!.lines.total);

    expect(Object.keys(summary.files)).not.toContain('src-main/types.d.ts');
    expect(summary.areas['src-main']).toMatchObject({ files: 1, lines: { covered: 1, total: 2, pct: 50 } });
    const areas = Object.values(summary.areas);
    expect(summary.total.lines.total).toBe(areas.reduce((sum, area) => sum + area.lines.total, 0));
    expect(summary.total.lines.covered).toBe(areas.reduce((sum, area) => sum + area.lines.covered, 0));
    expect(summary.total.branches.total).toBe(areas.reduce((sum, area) => sum + area.branches.total, 0));
    expect(summary.total.files).toBe(4);

    const report = formatReport(summary);
    expect(report).toContain('src-main/app.ts');
    expect(report).toMatch(/all three \(4 files\)\s+\d+\.\d %/);
  });
});
