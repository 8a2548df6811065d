import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBuilderConfig, parseYaml, PROJECT_ROOT, requireFromBuilder } from '../../../scripts/builder-config';
import { checkFuses } from '../../../scripts/check-fuses';
import { createFakeElectronDist, electronVersion, ELECTRON_45_FUSE_DEFAULTS } from './support/fake-electron-dist';

/*
 * What IT installs, minus the Electron binary: electron-builder's real
 * packaging (`--dir` for Linux, this project's electron-builder.yml) around
 * a stand-in Electron distribution (support/fake-electron-dist.ts), so
 * nothing is downloaded. Only three settings differ from a release build,
 * on the command line: electronDist (the stand-in), npmRebuild false
 * (rebuilding native modules for Electron needs Electron's headers from the
 * internet; the real build does it) and the output folder (a temp folder).
 * The fuses are flipped for real, in the stand-in's copy of Electron's fuse wire.
 *
 * It packages the bundles in out/. `npm test` builds them before this runs;
 * run alone, the test builds them first when out/ is missing or older than
 * the sources.
 */

interface AsarModule {
  listPackage(archive: string, options: { isPack: boolean }): string[];
  extractFile(archive: string, filename: string): Buffer;
  statFile(archive: string, filename: string): { unpacked?: boolean; size?: number; files?: unknown };
}
const asar = requireFromBuilder()('@electron/asar') as AsarModule;

const config = loadBuilderConfig();
const executableName = (config.linux as { executableName: string }).executableName;
const SOURCE_DIRS = ['src-main', 'src-preload', 'src-renderer', 'shared'];
// out/main/core.js is the app's core, which index.js starts in a utility process (src-main/shell/core-process.ts).
const BUNDLES = ['out/main/index.js', 'out/main/core.js', 'out/main/resume-extraction-worker.js', 'out/preload/index.cjs', 'out/renderer/index.html'];

function newestMtime(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

/** The three bundles in out/, built now if missing or older than any source. */
function ensureBuilt(): void {
  const bundles = BUNDLES.map((file) => join(PROJECT_ROOT, file));
  const inputs = [...SOURCE_DIRS, 'electron.vite.config.ts', 'package.json'].map((path) => join(PROJECT_ROOT, path));
  const fresh =
    bundles.every((file) => existsSync(file)) &&
    Math.min(...bundles.map((file) => statSync(file).mtimeMs)) >= Math.max(...inputs.map(newestMtime));
  if (fresh) return;
  const result = spawnSync(process.execPath, [join(PROJECT_ROOT, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'], {
    cwd: PROJECT_ROOT,
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`npm run build failed:\n${result.stdout}\n${result.stderr}`);
}

/** Every file under dir, relative to it, with forward slashes. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)).split('\\').join('/'))
    .sort();
}

/** Packages the built main bundle imports by name (static and literal dynamic imports). */
function bareImports(code: string): Set<string> {
  const names = new Set<string>();
  // A package name holds no space, comma or parenthesis: `textDetail(event, "from"), to: …` in the bundle is no import.
  for (const match of code.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)["']([^"'./\s(),][^"'\s(),]*)["']/g)) {
    const specifier = match[1]!;
    if (specifier.startsWith('node:')) continue;
    const parts = specifier.split('/');
    names.add(specifier.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!);
  }
  return names;
}

let work: string;
let appOut: string;
let archive: string;
let entries: string[];
let builderLog: string;
let durationMs: number;

describe.skipIf(process.platform === 'win32')('the packaged app (electron-builder --dir, Linux, stand-in Electron)', () => {
  beforeAll(() => {
    const started = Date.now();
    ensureBuilt();
    work = mkdtempSync(join(tmpdir(), 'kiosk-package-'));
    const electronDist = join(work, 'electron-dist');
    createFakeElectronDist(electronDist, electronVersion(PROJECT_ROOT));
    const env = { ...process.env };
    // Signing and publishing are not what this test is about; keep a developer's variables out of it.
    for (const name of Object.keys(env)) if (/^(CSC_|WIN_CSC_|APPLE_|AZURE_|GH_TOKEN|GITHUB_TOKEN)/.test(name)) delete env[name];
    // electron-builder logs nothing but errors when it sees VITEST; its log is what shows nothing was downloaded.
    for (const name of Object.keys(env)) if (name.startsWith('VITEST')) delete env[name];
    const result = spawnSync(
      process.execPath,
      [
        join(PROJECT_ROOT, 'node_modules', 'electron-builder', 'cli.js'),
        '--linux',
        'dir',
        '--x64',
        '--publish',
        'never',
        `-c.electronDist=${electronDist}`,
        '-c.npmRebuild=false',
        `-c.directories.output=${join(work, 'dist')}`,
      ],
      { cwd: PROJECT_ROOT, env, encoding: 'utf8' },
    );
    builderLog = `${result.stdout}\n${result.stderr}`;
    if (result.status !== 0) throw new Error(`electron-builder failed (exit ${result.status}):\n${builderLog}`);
    appOut = join(work, 'dist', 'linux-unpacked');
    archive = join(appOut, 'resources', 'app.asar');
    entries = asar.listPackage(archive, { isPack: false }).map((entry) => entry.split('\\').join('/'));
    durationMs = Date.now() - started;
  }, 120_000);

  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('packages without downloading anything, within a minute', () => {
    expect(builderLog).toMatch(/using custom unpacked Electron distribution/);
    expect(builderLog).not.toMatch(/download/i);
    expect(durationMs).toBeLessThan(60_000);
  });

  it('holds the three bundles and package.json in app.asar, and nothing else from the checkout', () => {
    for (const file of ['/package.json', ...BUNDLES.map((file) => `/${file}`)]) expect(entries).toContain(file);
    const topLevel = new Set(entries.map((entry) => entry.split('/')[1]));
    expect([...topLevel].sort()).toEqual(['node_modules', 'out', 'package.json']);
    expect(entries.filter((entry) => entry.endsWith('.map'))).toEqual([]);
    const packaged = JSON.parse(asar.extractFile(archive, 'package.json').toString('utf8')) as { main: string };
    expect(entries).toContain(`/${packaged.main.replace(/^\.\//, '')}`);
  });

  it('leaves the browser host out of the main bundle', () => {
    const mainFiles = entries.filter((entry) => entry.startsWith('/out/main/') && entry.endsWith('.js'));
    expect(mainFiles.length).toBeGreaterThan(0);
    for (const file of mainFiles) {
      const code = asar.extractFile(archive, file.slice(1)).toString('utf8');
      expect(code, file).not.toMatch(/__kiosk-bridge\.js|WebSocketServer|browser host request failed/);
    }
  });

  it('carries the main process’s packages and no renderer, test or build packages', () => {
    const modules = new Set(
      entries
        .filter((entry) => entry.startsWith('/node_modules/'))
        .map((entry) => entry.split('/').slice(2, 4))
        .map(([scope, name]) => (scope!.startsWith('@') ? (name ? `${scope}/${name}` : '') : scope!))
        .filter(Boolean),
    );
    const mainCode = entries
      .filter((entry) => entry.startsWith('/out/main/') && entry.endsWith('.js'))
      .map((entry) => asar.extractFile(archive, entry.slice(1)).toString('utf8'))
      .join('\n');
    const needed = [...bareImports(mainCode)].filter((name) => name !== 'electron');
    expect(needed).toContain('better-sqlite3');
    for (const name of [...needed, 'keytar' /* imported through a variable */]) expect(modules, name).toContain(name);
    // `ws` is packaged: live transcription's WebSocket client needs it (it is among `needed` above); the browser host's server is not in the bundle.
    for (const name of ['react', 'react-dom', 'scheduler', '@ricky0123/vad-web', 'onnxruntime-web', 'electron', 'vite', 'vitest', 'esbuild', 'playwright-core', 'typescript', 'tsx']) {
      expect(modules, name).not.toContain(name);
    }
    // The Electron build of better-sqlite3 for `npm start` (scripts/electron-native.ts) is not a dependency.
    expect(entries.filter((entry) => entry.includes('.electron-native'))).toEqual([]);
  });

  it('unpacks every native addon beside the archive (asarUnpack **/*.node)', () => {
    const addons = entries.filter((entry) => entry.endsWith('.node'));
    for (const name of ['better_sqlite3.node', 'keytar.node', 'bcrypt.node']) expect(addons.some((entry) => entry.endsWith(`/${name}`)), name).toBe(true);
    for (const addon of addons) {
      expect(asar.statFile(archive, addon.slice(1)).unpacked, addon).toBe(true);
      expect(existsSync(join(appOut, 'resources', 'app.asar.unpacked', addon)), addon).toBe(true);
    }
  });

  it('puts the SQLite migrations, the prompts, role definitions, question bank and candidate notices beside the archive', () => {
    const resources = join(appOut, 'resources');
    expect(readdirSync(resources).sort()).toEqual(['app-update.yml', 'app.asar', 'app.asar.unpacked', 'migrations', 'resources']);
    expect(filesUnder(join(resources, 'migrations'))).toEqual(filesUnder(join(PROJECT_ROOT, 'migrations', 'sqlite')).map((file) => `sqlite/${file}`));
    expect(filesUnder(join(resources, 'resources'))).toEqual(
      ['prompts', 'roles', 'question-bank', 'notice'].flatMap((folder) => filesUnder(join(PROJECT_ROOT, 'resources', folder)).map((file) => `${folder}/${file}`)).sort(),
    );
    expect(readFileSync(join(resources, 'migrations', 'sqlite', 'meta', '_journal.json'), 'utf8')).toBe(
      readFileSync(join(PROJECT_ROOT, 'migrations', 'sqlite', 'meta', '_journal.json'), 'utf8'),
    );
  });

  it('carries the app-update.yml electron-updater needs before it downloads anything (its cache folder’s name)', () => {
    const written = parseYaml(readFileSync(join(appOut, 'resources', 'app-update.yml'), 'utf8'));
    expect(written).toEqual({ provider: 'generic', url: 'https://updates.invalid/teamified-kiosk/', updaterCacheDirName: 'teamified-kiosk-updater' });
  });

  it('flips the fuses electron-builder.yml asks for in the packaged executable', async () => {
    const executable = join(appOut, executableName);
    expect(existsSync(executable)).toBe(true);
    expect(await checkFuses(executable, config.electronFuses!)).toEqual([]);
    // The one fuse the config leaves alone keeps Electron's default (the ninth, wasm_trap_handlers, too).
    const wire = readFileSync(executable, 'latin1');
    const states = wire.slice(wire.indexOf('dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX') + 34, wire.indexOf('dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX') + 34 + 9);
    expect(states).toBe('010011001');
    expect(ELECTRON_45_FUSE_DEFAULTS[6]).toBe(states[6]);
  });
});
