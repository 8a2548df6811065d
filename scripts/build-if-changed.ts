/**
 * `npm run start:browser` needs the built bundles in out/, but rebuilding
 * all three (`electron-vite build`) takes about ten seconds on every start.
 * This script builds only when something the bundles are made from changed
 * since the last build it made:
 *
 *   node --import tsx scripts/build-if-changed.ts [--force]
 *
 * "Changed" is judged by content, not time: a SHA-256 over the path and
 * content of every input file (the source folders, the build config,
 * package.json and the lock file, tsconfig and .env files). So an edit, a
 * new, deleted or renamed file, a `git checkout` of another branch or an
 * `npm ci` with other versions all rebuild, while a checkout that only
 * touched times does not. After a successful build it writes a stamp
 * (.cache/build-stamp.json) with that hash and a fingerprint of what the
 * build wrote (each output file's path, size and time), so bundles another
 * command rebuilt or deleted since (`npm run build`, a failed build, a clean)
 * are built again too rather than trusted. `--force` always builds.
 *
 * electron-vite itself has no such check: its build always starts afresh.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Folders whose every file goes into a bundle or decides how it is built. */
export const INPUT_FOLDERS = ['src-main', 'src-preload', 'src-renderer', 'shared', 'types'] as const;
/** Files at the project root that change what the build makes. */
export const INPUT_ROOT_FILES = /^(electron\.vite\.config\.[cm]?[jt]s|package\.json|package-lock\.json|tsconfig.*\.json|\.env(\..+)?|postcss\.config\.[cm]?[jt]s|\.browserslistrc)$/;
/** What `electron-vite build` writes (electron.vite.config.ts's outDirs). */
export const OUTPUT_FOLDERS = ['out/main', 'out/preload', 'out/renderer'] as const;
/** Under .cache/, which git and lint ignore; not under out/, which is packaged whole. */
export const STAMP_PATH = '.cache/build-stamp.json';

interface Stamp {
  inputs: string;
  outputs: string;
}

export type BuildDecision = { build: false } | { build: true; reason: string };

export interface BuildIfChangedOptions {
  root: string;
  /** Makes the bundles; throws when the build fails. */
  build: () => Promise<void>;
  log: (line: string) => void;
  force?: boolean;
}

/** Every file under `folder`, as paths relative to `root` with forward slashes. */
function filesUnder(root: string, folder: string): string[] {
  const start = join(root, folder);
  if (!existsSync(start)) return [];
  const found: string[] = [];
  const pending = [start];
  while (pending.length > 0) {
    const dir = pending.pop()!;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules') pending.push(path);
      } else if (entry.isFile()) {
        found.push(relative(root, path).split(sep).join('/'));
      }
    }
  }
  return found;
}

export function inputFiles(root: string): string[] {
  const atRoot = readdirSync(root, { withFileTypes: true })
    .filter((entry) => entry.isFile() && INPUT_ROOT_FILES.test(entry.name))
    .map((entry) => entry.name);
  return [...atRoot, ...INPUT_FOLDERS.flatMap((folder) => filesUnder(root, folder))].sort();
}

/** A hash of every input file's path and content. */
export function fingerprintInputs(root: string): string {
  const hash = createHash('sha256');
  for (const file of inputFiles(root)) {
    hash.update(`${file}\0`);
    hash.update(createHash('sha256').update(readFileSync(join(root, file))).digest());
  }
  return hash.digest('hex');
}

/** A hash of each output file's path, size and modification time; null when an output folder is missing or empty. */
export function fingerprintOutputs(root: string): string | null {
  const hash = createHash('sha256');
  for (const folder of OUTPUT_FOLDERS) {
    const files = filesUnder(root, folder).sort();
    if (files.length === 0) return null;
    for (const file of files) {
      const stats = statSync(join(root, file));
      hash.update(`${file}\0${stats.size}\0${stats.mtimeMs}\n`);
    }
  }
  return hash.digest('hex');
}

function readStamp(root: string): Stamp | null {
  try {
    const stamp = JSON.parse(readFileSync(join(root, STAMP_PATH), 'utf8')) as Partial<Stamp>;
    return typeof stamp.inputs === 'string' && typeof stamp.outputs === 'string' ? { inputs: stamp.inputs, outputs: stamp.outputs } : null;
  } catch {
    // No stamp, or one cut short: either way nothing says the bundles are current.
    return null;
  }
}

export function decide(root: string, inputs: string, force = false): BuildDecision {
  if (force) return { build: true, reason: 'Building the bundles (--force).' };
  const stamp = readStamp(root);
  if (!stamp) return { build: true, reason: 'No record of an earlier build: building the bundles.' };
  if (stamp.inputs !== inputs) return { build: true, reason: 'Sources changed since the last build: rebuilding the bundles.' };
  if (stamp.outputs !== fingerprintOutputs(root)) {
    return { build: true, reason: 'The bundles in out/ were changed or removed since the last build: rebuilding them.' };
  }
  return { build: false };
}

export async function buildIfChanged(options: BuildIfChangedOptions): Promise<'built' | 'up-to-date'> {
  const { root, log } = options;
  // Hashed before building: a file saved during the build then counts as changed next time.
  const inputs = fingerprintInputs(root);
  const decision = decide(root, inputs, options.force);
  if (!decision.build) {
    log('The bundles in out/ are up to date with the sources: not rebuilding (run with --force to rebuild anyway).');
    return 'up-to-date';
  }
  log(decision.reason);
  // Gone before the build starts, so a build that fails or is cut off never leaves a stamp vouching for it.
  rmSync(join(root, STAMP_PATH), { force: true });
  await options.build();
  const outputs = fingerprintOutputs(root);
  if (outputs === null) throw new Error(`The build finished but did not write all of ${OUTPUT_FOLDERS.join(', ')}. Check electron.vite.config.ts.`);
  mkdirSync(dirname(join(root, STAMP_PATH)), { recursive: true });
  writeFileSync(join(root, STAMP_PATH), `${JSON.stringify({ inputs, outputs } satisfies Stamp, null, 2)}\n`);
  return 'built';
}

async function electronViteBuild(root: string): Promise<void> {
  const { build } = await import('electron-vite');
  await build({ root });
}

export async function main(argv: readonly string[], root: string): Promise<number> {
  const unknown = argv.filter((arg) => arg !== '--force');
  if (unknown.length > 0) {
    console.error(`Unknown option ${unknown.join(' ')}. Usage: node --import tsx scripts/build-if-changed.ts [--force]`);
    return 2;
  }
  try {
    await buildIfChanged({ root, build: () => electronViteBuild(root), log: (line) => console.log(line), force: argv.includes('--force') });
    return 0;
  } catch (error) {
    // Rollup's errors carry the file and a code frame; print those rather than a stack.
    const { message, frame } = error as { message?: string; frame?: string };
    console.error(`The build failed, so nothing was started: ${message ?? String(error)}${frame ? `\n${frame}` : ''}\nFix the error above and run the command again.`);
    return 1;
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await main(process.argv.slice(2), fileURLToPath(new URL('..', import.meta.url)));
}
