import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { buildElectronBinding, ELECTRON_BINDING_PATH, decide, findElectron, main, parseArgs, type Rebuild } from '../../../scripts/electron-native';
import { ELECTRON_SQLITE_BINDING } from '../../../src-main/db/open-database';

/*
 * The decisions of scripts/electron-native.ts (postinstall, prestart),
 * on made-up node_modules folders: it never downloads or builds here.
 */

let root: string;
let nodeModules: string;

function write(path: string, content: string): void {
  mkdirSync(dirname(join(nodeModules, path)), { recursive: true });
  writeFileSync(join(nodeModules, path), content);
}

/** An electron package as npm installs it (no binary: Electron 42+ downloads it on first run). */
function electronPackage(version = '45.6.1'): void {
  write('electron/package.json', JSON.stringify({ name: 'electron', version }));
  write('electron/install.js', 'process.exit(0)\n');
}

/** What Electron's installer leaves: dist/ with the binary and its version, and path.txt naming it. */
function electronBinary(version = '45.6.1', distVersion = `v${version}`): void {
  write('electron/path.txt', 'electron');
  write('electron/dist/electron', '');
  write('electron/dist/version', distVersion);
}

function betterSqlite3(version = '12.11.1'): void {
  write('better-sqlite3/package.json', JSON.stringify({ name: 'better-sqlite3', version }));
}

function existingBuild(stamp: Record<string, string> | null): void {
  write(ELECTRON_BINDING_PATH.join('/'), 'not really an addon');
  if (stamp) write('.electron-native/build.json', JSON.stringify(stamp));
}

const here = { platform: 'linux', arch: 'x64' };
const currentStamp = { electron: '45.6.1', betterSqlite3: '12.11.1', ...here };

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'electron-native-'));
  nodeModules = join(root, 'node_modules');
  mkdirSync(nodeModules);
});
afterEach(() => {
  rmSync(root, { recursive: true, force: true });
  vi.restoreAllMocks();
});

describe('when the Electron binary is absent', () => {
  it('skips without electron installed at all', () => {
    betterSqlite3();
    expect(decide(nodeModules, here)).toEqual({ action: 'skip', reason: 'the electron package is not installed' });
  });

  it('skips when npm installed electron but not its binary (always so after `npm ci` since Electron 42)', () => {
    electronPackage();
    betterSqlite3();
    const decision = decide(nodeModules, here);
    expect(decision.action).toBe('skip');
    expect(decision.action === 'skip' && decision.reason).toMatch(/no Electron binary/);
  });

  it('skips when path.txt names a binary that is not there', () => {
    electronPackage();
    betterSqlite3();
    write('electron/path.txt', 'electron');
    expect(findElectron(nodeModules)).toMatchObject({ installed: false, reason: expect.stringMatching(/names .*electron.*missing/) });
  });

  it('does not count a binary of another Electron version (as Electron’s own installer does not)', () => {
    electronPackage('45.6.1');
    electronBinary('45.6.1', 'v44.0.0');
    betterSqlite3();
    expect(findElectron(nodeModules)).toMatchObject({ installed: false, reason: expect.stringMatching(/version 44\.0\.0, not 45\.6\.1/) });
  });
});

describe('when the Electron binary is installed', () => {
  beforeEach(() => {
    electronPackage();
    electronBinary();
    betterSqlite3();
  });

  it('finds it as Electron’s installer leaves it', () => {
    expect(findElectron(nodeModules)).toEqual({ installed: true, version: '45.6.1', executable: join(nodeModules, 'electron', 'dist', 'electron') });
  });

  it('builds when there is no Electron build of better-sqlite3 yet', () => {
    expect(decide(nodeModules, here)).toEqual({
      action: 'build',
      binding: join(nodeModules, ...ELECTRON_BINDING_PATH),
      stamp: currentStamp,
      why: 'there is no Electron build of better-sqlite3 yet',
    });
  });

  it('does nothing when the build matches this Electron, better-sqlite3 and machine', () => {
    existingBuild(currentStamp);
    expect(decide(nodeModules, here)).toMatchObject({ action: 'up-to-date' });
  });

  it('rebuilds after an Electron or better-sqlite3 upgrade, or without a record', () => {
    existingBuild({ ...currentStamp, electron: '44.1.0' });
    expect(decide(nodeModules, here)).toMatchObject({ action: 'build', why: expect.stringMatching(/electron 44\.1\.0 → 45\.6\.1/) });
    existingBuild({ ...currentStamp, betterSqlite3: '12.10.0' });
    expect(decide(nodeModules, here)).toMatchObject({ action: 'build', why: expect.stringMatching(/betterSqlite3 12\.10\.0 → 12\.11\.1/) });
    rmSync(join(nodeModules, '.electron-native', 'build.json'));
    expect(decide(nodeModules, here)).toMatchObject({ action: 'build', why: expect.stringMatching(/no record/) });
  });

  it('rebuilds when asked to', () => {
    existingBuild(currentStamp);
    expect(decide(nodeModules, { ...here, force: true })).toMatchObject({ action: 'build', why: 'asked to (--force)' });
  });
});

describe('the command', () => {
  it('says in one line why it does nothing after `npm ci` without the binary, and succeeds', async () => {
    electronPackage();
    betterSqlite3();
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    expect(await main([], nodeModules, {})).toBe(0);
    expect(log).toHaveBeenCalledTimes(1);
    expect(log.mock.calls[0]![0]).toMatch(/^electron-native: skipped: there is no Electron binary in node_modules\/electron yet/);
  });

  it('refuses to download Electron for `npm start` when ELECTRON_SKIP_BINARY_DOWNLOAD is set, pointing at the browser host', async () => {
    electronPackage();
    betterSqlite3();
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    expect(await main(['--install-electron'], nodeModules, { ELECTRON_SKIP_BINARY_DOWNLOAD: '1' })).toBe(1);
    expect(error.mock.calls.map((call) => String(call[0])).join('\n')).toMatch(/ELECTRON_SKIP_BINARY_DOWNLOAD is set.*npm run start:browser/s);
  });

  it('only notes it before the end-to-end tests (--optional), which then skip the Electron test', async () => {
    electronPackage();
    betterSqlite3();
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    expect(await main(['--install-electron', '--optional'], nodeModules, { ELECTRON_SKIP_BINARY_DOWNLOAD: '1' })).toBe(0);
    expect(log).toHaveBeenCalledTimes(1);
    expect(log.mock.calls[0]![0]).toMatch(/^electron-native: skipped: no Electron binary, and ELECTRON_SKIP_BINARY_DOWNLOAD is set/);
  });

  it('refuses arguments it does not know', () => {
    expect(() => parseArgs(['--instal-electron'])).toThrow(/unknown argument --instal-electron/);
  });

  it('runs as npm’s postinstall does on this repository: one line, exit 0', () => {
    // This machine has no Electron binary (it cannot be downloaded here); on one that has it, the
    // build would be up to date or be made, and this test says so rather than build.
    const installed = findElectron(join(process.cwd(), 'node_modules')).installed;
    if (installed) return void console.warn('An Electron binary is installed: not running the postinstall step from a test.');
    const postinstall = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }).scripts.postinstall!;
    const [command, ...args] = postinstall.split(' ');
    expect([command, ...args.slice(0, 3)]).toEqual(['node', '--import', 'tsx', 'scripts/electron-native.ts']);
    const result = spawnSync(process.execPath, args, { cwd: process.cwd(), encoding: 'utf8' });
    expect(result.status).toBe(0);
    expect(result.stdout.trim().split('\n')).toHaveLength(1);
    expect(result.stdout).toMatch(/^electron-native: skipped: /);
  });
});

/**
 * Stand-ins for the two outside parties of a build, as strict as they are:
 * - @electron/rebuild (rebuild.ts, ModuleWalker) rebuilds only modules it finds
 *   through buildPath's package.json and its node_modules, in place, into
 *   build/Release; a module it cannot find is silently not built.
 * - Electron, run as Node, refuses to load an addon built for another ABI
 *   ("was compiled against a different Node.js version").
 * The "addon" records which Electron it was built for.
 */
type RebuildOptions = Parameters<Rebuild>[0];
function fakeRebuild(calls: RebuildOptions[]) {
  return async (options: RebuildOptions) => {
    calls.push(options);
    const pkg = JSON.parse(readFileSync(join(options.buildPath, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
    for (const name of options.onlyModules ?? []) {
      const dir = join(options.buildPath, 'node_modules', name);
      if (!pkg.dependencies?.[name] || !existsSync(join(dir, 'package.json'))) continue;
      mkdirSync(join(dir, 'build', 'Release'), { recursive: true });
      writeFileSync(join(dir, 'build', 'Release', 'better_sqlite3.node'), `addon for electron ${options.electronVersion}`);
    }
  };
}
function fakeElectron(version: string): string {
  const file = join(root, 'electron-bin');
  writeFileSync(
    file,
    `#!/bin/sh\n[ "$ELECTRON_RUN_AS_NODE" = 1 ] && [ "$1" = -e ] || exit 2\n` +
      `addon=$(printf %s "$2" | sed -e 's/^require("//' -e 's/")$//')\n` +
      `grep -qx "addon for electron ${version}" "$addon" && exit 0\n` +
      `echo "Error: The module '$addon' was compiled against a different Node.js version" >&2; exit 1\n`,
  );
  chmodSync(file, 0o755);
  return file;
}

describe.skipIf(process.platform === 'win32')('a build', () => {
  beforeEach(() => {
    electronPackage();
    electronBinary();
    betterSqlite3();
    // Node's build, which must stay as it is and not be copied into the Electron one.
    write('better-sqlite3/build/Release/better_sqlite3.node', 'addon for node');
    write('better-sqlite3/lib/index.js', 'module.exports = {};');
  });

  it('builds a copy of better-sqlite3 for this Electron in its own folder, leaving Node’s build alone', async () => {
    const calls: RebuildOptions[] = [];
    const binding = await buildElectronBinding(nodeModules, currentStamp, fakeElectron('45.6.1'), { rebuild: fakeRebuild(calls) });
    expect(binding).toBe(join(nodeModules, ...ELECTRON_BINDING_PATH));
    expect(readFileSync(binding, 'utf8')).toBe('addon for electron 45.6.1');
    expect(readFileSync(join(nodeModules, 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node'), 'utf8')).toBe('addon for node');
    expect(calls).toEqual([
      { buildPath: join(nodeModules, '.electron-native.partial'), electronVersion: '45.6.1', arch: 'x64', onlyModules: ['better-sqlite3'], force: true, mode: 'sequential' },
    ]);
    expect(readdirSync(join(nodeModules, '.electron-native', 'node_modules', 'better-sqlite3')).sort()).toEqual(['build', 'lib', 'package.json']);
    expect(JSON.parse(readFileSync(join(nodeModules, '.electron-native', 'build.json'), 'utf8'))).toEqual(currentStamp);
    expect(decide(nodeModules, here)).toMatchObject({ action: 'up-to-date' });
  });

  it('keeps the previous build when the new one does not load in this Electron', async () => {
    existingBuild({ ...currentStamp, electron: '44.1.0' });
    const before = readFileSync(join(nodeModules, ...ELECTRON_BINDING_PATH), 'utf8');
    await expect(
      buildElectronBinding(nodeModules, currentStamp, fakeElectron('46.0.0'), { rebuild: fakeRebuild([]) }),
    ).rejects.toThrow(/does not load in Electron: Error: The module .* was compiled against a different Node\.js version/);
    expect(readFileSync(join(nodeModules, ...ELECTRON_BINDING_PATH), 'utf8')).toBe(before);
    expect(existsSync(join(nodeModules, '.electron-native.partial'))).toBe(false);
  });

  it('fails, saying so, when @electron/rebuild built nothing', async () => {
    await expect(buildElectronBinding(nodeModules, currentStamp, fakeElectron('45.6.1'), { rebuild: async () => {} })).rejects.toThrow(
      /@electron\/rebuild finished but .*better_sqlite3\.node is missing/,
    );
  });
});

it('builds where open-database.ts looks', () => {
  expect([...ELECTRON_BINDING_PATH]).toEqual([...ELECTRON_SQLITE_BINDING]);
});
