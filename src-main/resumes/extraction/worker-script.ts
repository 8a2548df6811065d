import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type * as Esbuild from 'esbuild';

/**
 * Where the extraction worker's script is.
 *
 * Built app: electron-vite's main build has the worker as a second entry
 * (electron.vite.config.ts, `main.build.rollupOptions.input`), so the script
 * is `out/main/resume-extraction-worker.js`, beside index.js and core.js; this
 * module is bundled into core.js (the app's core) or into a chunk one folder below it.
 *
 * From source (tsx, vitest, the browser host, the CLI): Node 20 cannot start
 * a worker from a .ts file. tsx's `--import` hooks do not reach worker
 * threads there, and registering tsx inside each worker costs ~0.5 s per
 * start. So the worker entry is bundled once per process with esbuild (a
 * dev dependency; packages stay external and resolve from node_modules),
 * exactly as the app build does, and cached under node_modules/.cache by
 * content hash.
 */
export const BUNDLED_WORKER_FILE = 'resume-extraction-worker.js';

let fromSource: Promise<URL> | undefined;

export function resolveWorkerScript(): Promise<URL> {
  if (!new URL(import.meta.url).pathname.endsWith('.ts')) return Promise.resolve(bundledWorkerScript());
  fromSource ??= buildWorkerFromSource();
  return fromSource;
}

function bundledWorkerScript(): URL {
  for (const folder of ['./', '../']) {
    const candidate = new URL(`${folder}${BUNDLED_WORKER_FILE}`, import.meta.url);
    if (existsSync(candidate)) return candidate;
  }
  throw new Error(
    `The resume extraction worker (${BUNDLED_WORKER_FILE}) is missing beside ${fileURLToPath(import.meta.url)}: ` +
      'the main build must list src-main/resumes/extraction/extraction-worker.ts as an input named "resume-extraction-worker".',
  );
}

// A variable, so that a bundler leaves this import alone: the built app never takes this path.
const ESBUILD = 'esbuild';

async function buildWorkerFromSource(): Promise<URL> {
  const esbuild = (await import(/* @vite-ignore */ ESBUILD)) as typeof Esbuild;
  const built = await esbuild.build({
    entryPoints: [fileURLToPath(new URL('./extraction-worker.ts', import.meta.url))],
    bundle: true,
    packages: 'external',
    platform: 'node',
    format: 'esm',
    target: 'node20',
    write: false,
    logLevel: 'silent',
  });
  const code = built.outputFiles[0]!.contents;
  const hash = createHash('sha256').update(code).digest('hex').slice(0, 16);
  // Inside the project, so the script's bare imports (pdf-parse, mammoth, yauzl) resolve from its node_modules.
  const folder = new URL('../../../node_modules/.cache/teamified-kiosk/', import.meta.url);
  const script = new URL(`resume-extraction-worker-${hash}.mjs`, folder);
  if (!existsSync(script)) {
    await mkdir(folder, { recursive: true });
    // Write then rename: test files build in parallel processes, and none may start a half-written script.
    const temporary = new URL(`${script.href}.${process.pid}.${Date.now()}.tmp`);
    await writeFile(temporary, code);
    await rename(temporary, script);
  }
  return script;
}
