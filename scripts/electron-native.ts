/**
 * better-sqlite3 for Electron, beside better-sqlite3 for Node.
 *
 * better-sqlite3 is not an N-API module: its .node file works only in the
 * runtime (NODE_MODULE_VERSION) it was built for. `npm ci` builds it for
 * Node, which the tests, the CLI and the browser host need; the Electron app
 * needs a build for Electron's ABI. This script makes that second build in a
 * folder of its own, so neither ever overwrites the other:
 *
 *   node_modules/.electron-native/node_modules/better-sqlite3/build/Release/better_sqlite3.node
 *
 * and src-main/db/open-database.ts hands that file to better-sqlite3
 * (`nativeBinding`) when it runs inside Electron. (keytar and bcrypt are
 * N-API modules: one build loads in both runtimes, so they need nothing.)
 *
 * The build uses @electron/rebuild, which electron-builder already brings
 * (app-builder-lib depends on it) and uses itself for packaged builds: it
 * first asks prebuild-install for better-sqlite3's prebuilt binary for this
 * Electron (`--runtime electron --target <version>`), else compiles with
 * node-gyp against Electron's headers. Both download, so this needs internet.
 *
 *   node --import tsx scripts/electron-native.ts [--optional]         (postinstall)
 *     builds when an Electron binary is installed and the copy is missing
 *     or was built for another Electron or better-sqlite3; otherwise says
 *     in one line why it does nothing. (After `npm ci` there is never a
 *     binary yet: since Electron 42 it is downloaded on first run.)
 *   node --import tsx scripts/electron-native.ts --install-electron   (prestart, predev)
 *     first installs the Electron binary if it is missing, with Electron's
 *     own installer (its `install-electron` bin): since Electron 42 `npm ci`
 *     no longer downloads it. Refused when ELECTRON_SKIP_BINARY_DOWNLOAD is set.
 *   --optional   trouble is one line and exit 0 (postinstall, so a failed build
 *                never blocks an install; before the end-to-end tests)
 *   --force      build even if the copy looks current
 *
 * Packaged apps do not use this folder: electron-builder (npmRebuild) builds
 * the packaged better-sqlite3 for Electron itself, and .electron-native is not
 * a dependency, so it never enters app.asar.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The Electron build of better-sqlite3, relative to node_modules. open-database.ts looks in the same place. */
export const ELECTRON_NATIVE_DIR = '.electron-native';
export const ELECTRON_BINDING_PATH = [ELECTRON_NATIVE_DIR, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node'] as const;
const STAMP = 'build.json';

export interface Stamp {
  electron: string;
  betterSqlite3: string;
  platform: string;
  arch: string;
}

export type ElectronInstall =
  | { installed: true; version: string; executable: string }
  | { installed: false; version: string | null; reason: string };

export type Decision =
  | { action: 'skip'; reason: string }
  | { action: 'up-to-date'; binding: string; stamp: Stamp }
  | { action: 'build'; binding: string; stamp: Stamp; why: string };

function readJson(file: string): unknown {
  return JSON.parse(readFileSync(file, 'utf8'));
}

function versionOf(packageDir: string): string | null {
  try {
    const version = (readJson(join(packageDir, 'package.json')) as { version?: unknown }).version;
    return typeof version === 'string' ? version : null;
  } catch {
    return null;
  }
}

/**
 * Whether node_modules/electron holds its binary, judged as Electron's own
 * installer judges it (npm/install.js, isInstalled): path.txt names the
 * executable under dist/, and dist/version is the package's version.
 * Never `require('electron')`: since Electron 42 that downloads the binary.
 */
export function findElectron(nodeModules: string): ElectronInstall {
  const packageDir = join(nodeModules, 'electron');
  const version = versionOf(packageDir);
  if (!version) return { installed: false, version: null, reason: 'the electron package is not installed' };
  const downloadHint = 'since Electron 42 it is downloaded on first run, which `npm start` does';
  let executable: string;
  try {
    executable = join(packageDir, 'dist', readFileSync(join(packageDir, 'path.txt'), 'utf8').trim());
  } catch {
    return { installed: false, version, reason: `there is no Electron binary in node_modules/electron yet (${downloadHint})` };
  }
  if (!existsSync(executable)) {
    return { installed: false, version, reason: `node_modules/electron/path.txt names ${relative(nodeModules, executable)}, which is missing (${downloadHint})` };
  }
  let distVersion: string | null = null;
  try {
    distVersion = readFileSync(join(packageDir, 'dist', 'version'), 'utf8').trim().replace(/^v/, '');
  } catch {
    // handled below
  }
  if (distVersion !== version) {
    return {
      installed: false,
      version,
      reason: `the Electron binary in node_modules/electron/dist is ${distVersion ? `version ${distVersion}` : 'of an unknown version'}, not ${version} (${downloadHint})`,
    };
  }
  return { installed: true, version, executable };
}

export function bindingPath(nodeModules: string): string {
  return join(nodeModules, ...ELECTRON_BINDING_PATH);
}

function readStamp(nodeModules: string): Stamp | null {
  try {
    return readJson(join(nodeModules, ELECTRON_NATIVE_DIR, STAMP)) as Stamp;
  } catch {
    return null;
  }
}

/** What the postinstall step should do, from the files alone. */
export function decide(nodeModules: string, options: { platform?: string; arch?: string; force?: boolean } = {}): Decision {
  const electron = findElectron(nodeModules);
  if (!electron.installed) return { action: 'skip', reason: electron.reason };
  const betterSqlite3 = versionOf(join(nodeModules, 'better-sqlite3'));
  if (!betterSqlite3) return { action: 'skip', reason: 'better-sqlite3 is not installed' };

  const stamp: Stamp = { electron: electron.version, betterSqlite3, platform: options.platform ?? process.platform, arch: options.arch ?? process.arch };
  const binding = bindingPath(nodeModules);
  if (options.force) return { action: 'build', binding, stamp, why: 'asked to (--force)' };
  if (!existsSync(binding)) return { action: 'build', binding, stamp, why: 'there is no Electron build of better-sqlite3 yet' };
  const built = readStamp(nodeModules);
  const changed = (Object.keys(stamp) as (keyof Stamp)[]).filter((key) => built?.[key] !== stamp[key]);
  if (changed.length > 0) {
    const was = built ? changed.map((key) => `${key} ${built[key]} → ${stamp[key]}`).join(', ') : 'no record of what it was built for';
    return { action: 'build', binding, stamp, why: `the existing build is out of date (${was})` };
  }
  return { action: 'up-to-date', binding, stamp };
}

export type Rebuild = (options: import('@electron/rebuild').RebuildOptions) => Promise<void>;

/** electron-builder's own copy of @electron/rebuild (an ES module). */
async function builderRebuild(nodeModules: string): Promise<Rebuild> {
  const fromBuilder = createRequire(join(nodeModules, 'app-builder-lib', 'package.json'));
  const module = (await import(pathToFileURL(fromBuilder.resolve('@electron/rebuild')).href)) as typeof import('@electron/rebuild');
  return (options) => module.rebuild(options);
}

/**
 * Builds better-sqlite3 for Electron into node_modules/.electron-native,
 * replacing what was there only once the new build is complete and loads in
 * this Electron. `rebuild` replaces @electron/rebuild in tests.
 */
export async function buildElectronBinding(
  nodeModules: string,
  stamp: Stamp,
  electronExecutable: string,
  tools: { rebuild?: Rebuild } = {},
): Promise<string> {
  const target = join(nodeModules, ELECTRON_NATIVE_DIR);
  const partial = `${target}.partial`;
  rmSync(partial, { recursive: true, force: true });
  const source = join(nodeModules, 'better-sqlite3');
  const copy = join(partial, 'node_modules', 'better-sqlite3');
  mkdirSync(dirname(copy), { recursive: true });
  // Sources only: the Node build in build/ must not be mistaken for an Electron one.
  cpSync(source, copy, { recursive: true, filter: (file) => file !== join(source, 'build') && !file.startsWith(join(source, 'build') + sep) });
  writeFileSync(
    join(partial, 'package.json'),
    `${JSON.stringify({ name: 'electron-native', private: true, dependencies: { 'better-sqlite3': stamp.betterSqlite3 } }, null, 2)}\n`,
  );

  try {
    const rebuild = tools.rebuild ?? (await builderRebuild(nodeModules));
    await rebuild({
      buildPath: partial,
      electronVersion: stamp.electron,
      arch: stamp.arch,
      onlyModules: ['better-sqlite3'],
      force: true,
      mode: 'sequential',
    });
    const built = join(partial, ...ELECTRON_BINDING_PATH.slice(1));
    if (!existsSync(built)) throw new Error(`@electron/rebuild finished but ${relative(nodeModules, built)} is missing`);
    loadInElectron(electronExecutable, built);
  } catch (error) {
    rmSync(partial, { recursive: true, force: true });
    throw error;
  }

  writeFileSync(join(partial, STAMP), `${JSON.stringify(stamp, null, 2)}\n`);
  rmSync(target, { recursive: true, force: true });
  renameSync(partial, target);
  return bindingPath(nodeModules);
}

/** Proves the build loads in this Electron (as Node, with ELECTRON_RUN_AS_NODE: no window, no display). */
function loadInElectron(electronExecutable: string, binding: string): void {
  const result = spawnSync(electronExecutable, ['-e', `require(${JSON.stringify(binding)})`], {
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
    encoding: 'utf8',
  });
  if (result.status !== 0) {
    throw new Error(`the new build does not load in Electron: ${(result.stderr || result.error?.message || '').trim().split('\n')[0]}`);
  }
}

/** Runs Electron's own installer (the `install-electron` bin, npm/install.js in Electron's repository). */
function installElectron(nodeModules: string): void {
  const installer = join(nodeModules, 'electron', 'install.js');
  if (!existsSync(installer)) throw new Error('node_modules/electron/install.js is missing: run `npm ci` first');
  const result = spawnSync(process.execPath, [installer], { stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`Electron's installer failed (exit ${result.status ?? result.signal})`);
}

export interface CliOptions {
  installElectron: boolean;
  optional: boolean;
  force: boolean;
}

export function parseArgs(argv: readonly string[]): CliOptions {
  const known = new Set(['--install-electron', '--optional', '--force']);
  const unknown = argv.filter((arg) => !known.has(arg));
  if (unknown.length > 0) throw new Error(`unknown argument ${unknown[0]} (expected --install-electron, --optional, --force)`);
  return { installElectron: argv.includes('--install-electron'), optional: argv.includes('--optional'), force: argv.includes('--force') };
}

const PREFIX = 'electron-native:';

export async function main(argv: readonly string[], nodeModules: string, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const options = parseArgs(argv);
  let building = false;
  try {
    if (options.installElectron && !findElectron(nodeModules).installed) {
      if (env.ELECTRON_SKIP_BINARY_DOWNLOAD) {
        throw new Error(
          'no Electron binary, and ELECTRON_SKIP_BINARY_DOWNLOAD is set, so it is not downloaded. Without Electron, `npm run start:browser` runs the same app in a browser.',
        );
      }
      installElectron(nodeModules);
    }
    const decision = decide(nodeModules, { force: options.force });
    if (decision.action === 'skip') {
      console.log(`${PREFIX} skipped: ${decision.reason}. Until then the app runs only under Node (\`npm run start:browser\`).`);
      return options.installElectron && !options.optional ? 1 : 0;
    }
    if (decision.action === 'up-to-date') {
      console.log(`${PREFIX} better-sqlite3 ${decision.stamp.betterSqlite3} for Electron ${decision.stamp.electron} is built (${relative(process.cwd(), decision.binding)}).`);
      return 0;
    }
    console.log(`${PREFIX} building better-sqlite3 ${decision.stamp.betterSqlite3} for Electron ${decision.stamp.electron} (${decision.why}) ...`);
    building = true;
    const electron = findElectron(nodeModules);
    if (!electron.installed) throw new Error(electron.reason);
    const binding = await buildElectronBinding(nodeModules, decision.stamp, electron.executable);
    console.log(`${PREFIX} built ${relative(process.cwd(), binding)}.`);
    return 0;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (options.optional) {
      console.log(`${PREFIX} skipped: ${message}`);
      return 0;
    }
    console.error(`${PREFIX} ${message}`);
    if (building) {
      console.error(`${PREFIX} the Electron app cannot open its database without this build; run \`npm run rebuild:electron\` once the cause is fixed.`);
    }
    return 1;
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const nodeModules = fileURLToPath(new URL('../node_modules', import.meta.url));
  process.exitCode = await main(process.argv.slice(2), nodeModules);
}
