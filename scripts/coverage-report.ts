/**
 * The last step of `npm run test:coverage` (scripts/test-coverage.sh): one
 * line and branch figure for src-main/, shared/ and src-renderer/ from every
 * kind of test.
 *
 *   node --import tsx scripts/coverage-report.ts      (npm run coverage:merge)
 *
 * It merges, with istanbul's own merge (the one vitest uses):
 *  - vitest's V8 coverage, as istanbul JSON, of the unit, shell and
 *    integration run and of the end-to-end run (the e2e tests start the
 *    browser host, and so the main-process code, in vitest's worker), and
 *  - the renderer's coverage in Chromium during the e2e tests: the raw V8
 *    entries tests/e2e/support/coverage.ts wrote, mapped through the
 *    bundle's source maps (`electron-vite build --sourcemap`) back to
 *    src-renderer/ and shared/.
 * It prints each file's, each folder's and the total figures and writes
 * .cache/coverage/merged-summary.json (the figures) and
 * merged-coverage.json (the merged coverage, in istanbul's format).
 *
 * The renderer's entries are converted the way vitest's v8-to-istanbul
 * converts Node's, so a file both kinds of test run merges line by line:
 * every source line with code in the bundle is one statement, hit as often as
 * the innermost V8 range around its code ran (the most of its pieces), and
 * every V8 range is a branch. Code the bundler dropped is not counted from
 * the bundle (vitest's own runs still count it).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import libCoverage, { type CoverageMap, type CoverageMapData, type FileCoverageData, type Location, type Totals } from 'istanbul-lib-coverage';

export const AREAS = ['src-main', 'shared', 'src-renderer'] as const;
export type Area = (typeof AREAS)[number];

/** Which of the three folders `path` is in; null for anything else, type declarations and node_modules included. */
export function areaOf(root: string, path: string): Area | null {
  const inRoot = relative(root, path).split(sep).join('/');
  if (inRoot.endsWith('.d.ts') || inRoot.split('/').includes('node_modules')) return null;
  return AREAS.find((area) => inRoot.startsWith(`${area}/`)) ?? null;
}

// ---------------------------------------------------------------------------
// The renderer's V8 coverage, through the bundle's source map

/** What V8's Profiler.takePreciseCoverage (and Playwright's stopJSCoverage) gives per script. */
export interface V8Range {
  startOffset: number;
  endOffset: number;
  count: number;
}
export interface V8Function {
  functionName: string;
  ranges: V8Range[];
  isBlockCoverage: boolean;
}
export interface V8Script {
  url: string;
  functions: V8Function[];
}

export interface SourceMap {
  sources: string[];
  sourcesContent?: (string | null)[];
  sourceRoot?: string;
  mappings: string;
}

/** A point in the bundle (an offset into its text) and where it came from: source index, line from 1, column from 0. */
interface Segment {
  offset: number;
  source: number;
  line: number;
  column: number;
}

const base64Digits = new Map([...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'].map((char, value) => [char, value]));

function decodeVlq(field: string): number[] {
  const values: number[] = [];
  let value = 0;
  let shift = 0;
  for (const char of field) {
    const digit = base64Digits.get(char);
    if (digit === undefined) throw new Error(`A source map's mappings hold "${char}", which is not base64.`);
    value += (digit & 31) * 2 ** shift;
    if (digit & 32) {
      shift += 5;
    } else {
      values.push(value % 2 === 1 ? -Math.floor(value / 2) : value / 2);
      value = 0;
      shift = 0;
    }
  }
  return values;
}

/** The source map's mappings (version 3), as offsets into `code`, in order. */
export function decodeMappings(code: string, mappings: string): Segment[] {
  const lineStarts = [0];
  for (let i = code.indexOf('\n'); i !== -1; i = code.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  const segments: Segment[] = [];
  let source = 0;
  let line = 0;
  let column = 0;
  mappings.split(';').forEach((group, generatedLine) => {
    let generatedColumn = 0;
    for (const field of group.split(',')) {
      if (!field) continue;
      const [columnDelta = 0, sourceDelta, lineDelta, columnInSourceDelta] = decodeVlq(field);
      generatedColumn += columnDelta;
      if (sourceDelta === undefined || lineDelta === undefined || columnInSourceDelta === undefined) continue;
      source += sourceDelta;
      line += lineDelta;
      column += columnInSourceDelta;
      const lineStart = lineStarts[generatedLine];
      if (lineStart !== undefined) segments.push({ offset: lineStart + generatedColumn, source, line: line + 1, column });
    }
  });
  return segments.sort((a, b) => a.offset - b.offset);
}

/** The last segment at or before `offset`. */
function segmentAt(segments: Segment[], offset: number): Segment | undefined {
  let low = 0;
  let high = segments.length - 1;
  let found: Segment | undefined;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const segment = segments[middle]!;
    if (segment.offset <= offset) {
      found = segment;
      low = middle + 1;
    } else {
      high = middle - 1;
    }
  }
  return found;
}

/** A built script with its source map, decoded once however many pages ran it. */
export interface Bundle {
  length: number;
  segments: Segment[];
  /** Each source's absolute path, or null when it is outside the three folders. */
  paths: (string | null)[];
  /** Each kept source's line lengths (without the line break), as v8-to-istanbul measures them. */
  lineLengths: (number[] | null)[];
}

/** `sourcesFrom`: the folder the map's relative sources start from, the script's own unless it was copied since. */
export function loadBundle(root: string, scriptFile: string, sourcesFrom = dirname(scriptFile)): Bundle | null {
  const mapFile = `${scriptFile}.map`;
  if (!existsSync(scriptFile) || !existsSync(mapFile)) return null;
  const code = readFileSync(scriptFile, 'utf8');
  const map = JSON.parse(readFileSync(mapFile, 'utf8')) as SourceMap;
  const paths = map.sources.map((source) => {
    const path = resolve(sourcesFrom, map.sourceRoot ?? '', source);
    return areaOf(root, path) ? path : null;
  });
  const lineLengths = paths.map((path, i) => {
    if (!path) return null;
    const text = map.sourcesContent?.[i] ?? (existsSync(path) ? readFileSync(path, 'utf8') : null);
    return text === null ? null : text.trimEnd().split(/\r?\n/).map((line) => line.length);
  });
  return { length: code.length, segments: decodeMappings(code, map.mappings), paths, lineLengths };
}

const keyOf = ({ start, end }: Location) => `${start.line}|${start.column}|${end.line}|${end.column}`;

/** One page's V8 coverage of one bundle, as istanbul file coverage of the sources in the three folders. */
export function bundleCoverage(bundle: Bundle, functions: V8Function[]): CoverageMapData {
  // Every offset's count is that of the innermost range around it: paint the ranges widest first.
  const counts = new Float64Array(bundle.length);
  const ranges = functions.flatMap((fn) => fn.ranges).sort((a, b) => b.endOffset - b.startOffset - (a.endOffset - a.startOffset));
  for (const range of ranges) counts.fill(range.count, range.startOffset, Math.min(range.endOffset, bundle.length));

  const files = new Map<number, { lines: Map<number, number>; branches: Map<string, [Location, number]>; functions: Map<string, [string, Location, number]> }>();
  const fileFor = (source: number) => {
    let file = files.get(source);
    if (!file) files.set(source, (file = { lines: new Map(), branches: new Map(), functions: new Map() }));
    return file;
  };
  for (const segment of bundle.segments) {
    const lengths = bundle.lineLengths[segment.source];
    if (!lengths || segment.line > lengths.length) continue;
    const lines = fileFor(segment.source).lines;
    lines.set(segment.line, Math.max(lines.get(segment.line) ?? 0, counts[segment.offset] ?? 0));
  }
  for (const fn of functions) {
    fn.ranges.forEach((range, i) => {
      const start = segmentAt(bundle.segments, range.startOffset);
      const end = segmentAt(bundle.segments, range.endOffset - 1);
      // A range whose ends come from different files (the module scope of a bundle) belongs to none.
      if (!start || !end || start.source !== end.source || !bundle.lineLengths[start.source]) return;
      if (end.line < start.line || (end.line === start.line && end.column < start.column)) return;
      const loc = { start: { line: start.line, column: start.column }, end: { line: end.line, column: end.column } };
      const file = fileFor(start.source);
      const key = keyOf(loc);
      file.branches.set(key, [loc, (file.branches.get(key)?.[1] ?? 0) + range.count]);
      if (i === 0 && fn.functionName) file.functions.set(key, [fn.functionName, loc, (file.functions.get(key)?.[2] ?? 0) + range.count]);
    });
  }

  const data: CoverageMapData = {};
  for (const [source, file] of files) {
    const path = bundle.paths[source]!;
    const lengths = bundle.lineLengths[source]!;
    const coverage: FileCoverageData = { path, statementMap: {}, s: {}, fnMap: {}, f: {}, branchMap: {}, b: {} };
    [...file.lines].sort(([a], [b]) => a - b).forEach(([line, count], i) => {
      coverage.statementMap[i] = { start: { line, column: 0 }, end: { line, column: lengths[line - 1]! } };
      coverage.s[i] = count;
    });
    [...file.branches.values()].forEach(([loc, count], i) => {
      coverage.branchMap[i] = { type: 'branch', line: loc.start.line, loc, locations: [loc] };
      coverage.b[i] = [count];
    });
    [...file.functions.values()].forEach(([name, loc, count], i) => {
      coverage.fnMap[i] = { name, decl: loc, loc, line: loc.start.line };
      coverage.f[i] = count;
    });
    data[path] = coverage;
  }
  return data;
}

/**
 * Every page's entries (the JSON files tests/e2e/support/coverage.ts wrote),
 * mapped to the sources. A script is found by its URL's path under
 * `buildDir`; one without a source map beside it (the voice detector's
 * vendored files, a bundle rebuilt without maps meanwhile) is left out and
 * named. `builtAt` is where the build was written, when `buildDir` is a copy.
 */
export function rendererCoverage(
  root: string,
  coverageDir: string,
  buildDir: string,
  builtAt = buildDir,
): { map: CoverageMap; pages: number; scripts: number; unmapped: Set<string> } {
  const map = libCoverage.createCoverageMap();
  const bundles = new Map<string, Bundle | null>();
  const unmapped = new Set<string>();
  let pages = 0;
  let scripts = 0;
  const files = existsSync(coverageDir) ? readdirSync(coverageDir).filter((name) => name.endsWith('.json')) : [];
  for (const name of files.sort()) {
    const { result } = JSON.parse(readFileSync(join(coverageDir, name), 'utf8')) as { result: V8Script[] };
    pages++;
    for (const script of result) {
      const scriptPath = decodeURIComponent(new URL(script.url).pathname);
      const file = join(buildDir, ...scriptPath.split('/'));
      if (!bundles.has(file)) bundles.set(file, loadBundle(root, file, dirname(join(builtAt, ...scriptPath.split('/')))));
      const bundle = bundles.get(file);
      if (!bundle) {
        unmapped.add(scriptPath);
        continue;
      }
      scripts++;
      map.merge(bundleCoverage(bundle, script.functions));
    }
  }
  return { map, pages, scripts, unmapped };
}

// ---------------------------------------------------------------------------
// Merging and the figures

export interface Figure {
  covered: number;
  total: number;
  /** Per cent, two decimals; 100 when there is nothing to cover. */
  pct: number;
}
export interface Figures {
  lines: Figure;
  branches: Figure;
}
export interface MergedSummary {
  total: Figures & { files: number };
  areas: Record<Area, Figures & { files: number }>;
  /** By path from the project root. */
  files: Record<string, Figures>;
  inputs: { istanbul: string[]; rendererPages: number; rendererScripts: number; unmappedScripts: string[] };
}

const figure = ({ covered, total }: Totals): Figure => ({ covered, total, pct: total === 0 ? 100 : Math.floor((10000 * covered) / total) / 100 });

export interface MergeOptions {
  root: string;
  /** coverage-final.json files vitest wrote; a missing one is reported, not fatal. */
  istanbulFiles: string[];
  /** Where tests/e2e/support/coverage.ts wrote the pages' V8 entries. */
  rendererCoverageDir: string;
  /** The built renderer the e2e tests served, with its source maps, or a copy of it. */
  rendererBuildDir: string;
  /** Where that build was written (out/renderer), when rendererBuildDir is a copy: the maps' sources are relative to it. */
  rendererBuiltAt?: string;
}

export function mergeCoverage(options: MergeOptions): { map: CoverageMap; summary: MergedSummary; missing: string[] } {
  const map = libCoverage.createCoverageMap();
  const missing: string[] = [];
  for (const file of options.istanbulFiles) {
    if (existsSync(file)) map.merge(JSON.parse(readFileSync(file, 'utf8')) as CoverageMapData);
    else missing.push(file);
  }
  const renderer = rendererCoverage(options.root, options.rendererCoverageDir, options.rendererBuildDir, options.rendererBuiltAt);
  map.merge(renderer.map);
  map.filter((path) => areaOf(options.root, path) !== null);

  const totals = { all: libCoverage.createCoverageSummary() } as Record<Area | 'all', ReturnType<typeof libCoverage.createCoverageSummary>>;
  const counts = { all: 0 } as Record<Area | 'all', number>;
  for (const area of AREAS) [totals[area], counts[area]] = [libCoverage.createCoverageSummary(), 0];
  const files: Record<string, Figures> = {};
  for (const path of map.files().sort()) {
    const area = areaOf(options.root, path)!;
    const summary = map.fileCoverageFor(path).toSummary();
    files[relative(options.root, path).split(sep).join('/')] = { lines: figure(summary.lines), branches: figure(summary.branches) };
    for (const key of [area, 'all'] as const) {
      totals[key].merge(summary);
      counts[key]++;
    }
  }
  const figuresOf = (key: Area | 'all') => ({ lines: figure(totals[key].lines), branches: figure(totals[key].branches), files: counts[key] });
  const summary: MergedSummary = {
    total: figuresOf('all'),
    areas: Object.fromEntries(AREAS.map((area) => [area, figuresOf(area)])) as MergedSummary['areas'],
    files,
    inputs: {
      istanbul: options.istanbulFiles.filter((file) => !missing.includes(file)).map((file) => relative(options.root, file).split(sep).join('/')),
      rendererPages: renderer.pages,
      rendererScripts: renderer.scripts,
      unmappedScripts: [...renderer.unmapped].sort(),
    },
  };
  return { map, summary, missing };
}

const percent = (f: Figure) => `${f.pct.toFixed(1).padStart(5)} % ${`(${f.covered}/${f.total})`.padEnd(15)}`;

/** Each file, then each folder and the total, lines and branches. */
export function formatReport(summary: MergedSummary): string {
  const width = Math.max(40, ...Object.keys(summary.files).map((path) => path.length)) + 2;
  const row = (name: string, figures: Figures) => `${name.padEnd(width)}${percent(figures.lines)}  ${percent(figures.branches)}`;
  const header = `${'file'.padEnd(width)}${'lines'.padEnd(25)}  branches`;
  const rule = '-'.repeat(width + 52);
  return [
    header,
    rule,
    ...Object.entries(summary.files).map(([path, figures]) => row(path, figures)),
    rule,
    ...AREAS.map((area) => row(`${area}/ (${summary.areas[area].files} files)`, summary.areas[area])),
    row(`all three (${summary.total.files} files)`, summary.total),
  ].join('\n');
}

function main(argv: readonly string[]): void {
  if (argv.length > 0) {
    console.error('Usage: node --import tsx scripts/coverage-report.ts (no options; npm run test:coverage runs it last)');
    process.exitCode = 2;
    return;
  }
  const root = fileURLToPath(new URL('..', import.meta.url));
  const reports = join(root, '.cache', 'coverage');
  // scripts/test-coverage.sh copies the source-mapped build it tested with, so a rebuild of out/ since changes nothing.
  const built = join(root, 'out', 'renderer');
  const copy = join(reports, 'renderer-build');
  const { map, summary, missing } = mergeCoverage({
    root,
    istanbulFiles: [join(reports, 'unit', 'coverage-final.json'), join(reports, 'e2e', 'coverage-final.json')],
    rendererCoverageDir: join(reports, 'e2e-renderer'),
    rendererBuildDir: existsSync(copy) ? copy : built,
    rendererBuiltAt: built,
  });
  mkdirSync(reports, { recursive: true });
  writeFileSync(join(reports, 'merged-summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
  writeFileSync(join(reports, 'merged-coverage.json'), JSON.stringify(map.toJSON()));
  console.log(formatReport(summary));
  console.log(
    `\nMerged: ${summary.inputs.istanbul.join(', ') || 'no vitest report'}; the renderer in Chromium from ${summary.inputs.rendererPages} pages (${summary.inputs.rendererScripts} scripts).`,
  );
  if (summary.inputs.unmappedScripts.length > 0) console.log(`Not counted (no source map beside them): ${summary.inputs.unmappedScripts.join(', ')}.`);
  const { lines, branches } = summary.total;
  console.log(`Total: ${lines.pct.toFixed(1)} % of lines, ${branches.pct.toFixed(1)} % of branches (src-main/, shared/, src-renderer/). Written to .cache/coverage/merged-summary.json.`);
  for (const file of missing) console.error(`Missing ${relative(root, file)}: its tests did not write coverage, so the figures above leave them out.`);
  if (summary.inputs.rendererPages === 0) console.error('No renderer coverage from the end-to-end tests: run them with KIOSK_E2E_COVERAGE_DIR set (npm run test:coverage does).');
  else if (summary.inputs.rendererScripts === 0) console.error('The renderer coverage matched no source map: build with `electron-vite build --sourcemap` before the end-to-end run.');
  if (missing.length > 0 || summary.inputs.rendererScripts === 0) process.exitCode = 1;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main(process.argv.slice(2));
