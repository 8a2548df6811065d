/**
 * Reads the fuses of a packaged Electron binary back and compares them with
 * electron-builder.yml's `electronFuses`, so a build whose fuses were not
 * flipped (or flipped otherwise) fails instead of shipping.
 *
 *   node --import tsx scripts/check-fuses.ts [path ...]
 *
 * A path is the packaged executable (Linux, Windows) or the .app (macOS);
 * with none, every unpacked app in dist/ (linux-unpacked, win-unpacked,
 * mac, mac-arm64, ...). It reads with @electron/fuses (electron-builder's own
 * copy, the same reader as `npx @electron/fuses read --app <path>`).
 */
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadBuilderConfig, PROJECT_ROOT, requireFromBuilder } from './builder-config';

/** '0' and '1' in the wire, as @electron/fuses' FuseState names them (constants.ts). */
const DISABLE = 48;
const ENABLE = 49;

interface FusesModule {
  getCurrentFuseWire(pathToElectron: string): Promise<Record<string, unknown>>;
  FuseV1Options: Record<string, number | string>;
}

function fusesModule(projectRoot: string): FusesModule {
  return requireFromBuilder(projectRoot)('@electron/fuses') as FusesModule;
}

export interface FuseMismatch {
  fuse: string;
  expected: boolean;
  actual: string;
}

/** electronFuses' keys (runAsNode, ...) are @electron/fuses' FuseV1Options names with a lower-case first letter. */
export function wireIndex(option: string, projectRoot = PROJECT_ROOT): number {
  const name = option.charAt(0).toUpperCase() + option.slice(1);
  const index = fusesModule(projectRoot).FuseV1Options[name];
  if (typeof index !== 'number') throw new Error(`electronFuses.${option} is not a fuse @electron/fuses knows`);
  return index;
}

/** The fuses of one packaged app that differ from `expected` (electronFuses). */
export async function checkFuses(appPath: string, expected: Record<string, boolean>, projectRoot = PROJECT_ROOT): Promise<FuseMismatch[]> {
  const wire = await fusesModule(projectRoot).getCurrentFuseWire(appPath);
  const mismatches: FuseMismatch[] = [];
  for (const [option, want] of Object.entries(expected)) {
    const state = wire[String(wireIndex(option, projectRoot))];
    const actual = state === ENABLE ? 'enabled' : state === DISABLE ? 'disabled' : state === undefined ? 'absent from the wire' : `state ${String(state)}`;
    if (actual !== (want ? 'enabled' : 'disabled')) mismatches.push({ fuse: option, expected: want, actual });
  }
  return mismatches;
}

/** The unpacked apps electron-builder left in `distDir`. */
export function findPackagedApps(distDir: string, productName: string, linuxExecutable: string): string[] {
  if (!existsSync(distDir)) return [];
  const apps: string[] = [];
  for (const entry of readdirSync(distDir, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const dir = join(distDir, entry.name);
    for (const candidate of [join(dir, linuxExecutable), join(dir, `${productName}.exe`), join(dir, `${productName}.app`)]) {
      if (existsSync(candidate)) apps.push(candidate);
    }
  }
  return apps;
}

async function main(paths: string[]): Promise<number> {
  const config = loadBuilderConfig();
  const expected = config.electronFuses;
  if (!expected || Object.keys(expected).length === 0) {
    console.error('electron-builder.yml sets no electronFuses: nothing to check.');
    return 1;
  }
  const linux = (config.linux ?? {}) as { executableName?: string };
  const apps =
    paths.length > 0
      ? paths.map((path) => resolve(path))
      : findPackagedApps(join(PROJECT_ROOT, 'dist'), String(config.productName), linux.executableName ?? String(config.productName));
  if (apps.length === 0) {
    console.error('No packaged app found in dist/ (run `npx electron-builder --dir` first) and none named.');
    return 1;
  }
  let failed = false;
  for (const app of apps) {
    const mismatches = await checkFuses(app, expected);
    if (mismatches.length === 0) {
      console.log(`fuses as configured (${Object.keys(expected).length}): ${app}`);
    } else {
      failed = true;
      for (const m of mismatches) console.error(`${app}: ${m.fuse} should be ${m.expected ? 'enabled' : 'disabled'} but is ${m.actual}`);
    }
  }
  return failed ? 1 : 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await main(process.argv.slice(2));
}
