/**
 * Runs npm scripts' commands side by side: `npm run check`, the type-checks,
 * lint and build that `npm test` runs before its tests. On 2 cores this
 * saves a sixth of their time (each tsc already keeps a second core partly
 * busy with garbage collection); with more cores, all six run at once.
 *
 *   node --import tsx scripts/run-parallel.ts [--jobs N] SCRIPT...
 *
 * Each SCRIPT is the name of a script in package.json; one made of commands
 * joined by `&&` (typecheck: one tsc per process) gives one job per
 * command, so `npm run typecheck` alone still runs them in order. At most N
 * jobs run at once (default: the number of CPUs, at least 2), the longest
 * first. Every line a job prints is shown as it comes, after the job's name.
 * When a job fails, no new job starts, the ones running are stopped, the
 * failed job's whole output is printed again at the end, and the exit code
 * is 1.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const projectRoot = fileURLToPath(new URL('..', import.meta.url));

export interface Job {
  name: string;
  command: string;
}

/**
 * Rough seconds each kind of job takes on a 2-core machine (tsc of the whole
 * tsconfig.json is by far the longest): only the order matters, longest first.
 */
const WEIGHTS: [RegExp, number][] = [
  [/^tsc -p tsconfig\.json\b/, 30],
  [/^eslint\b/, 18],
  [/^tsc -p tsconfig\.(main|renderer)\.json\b/, 11],
  [/^electron-vite build\b/, 9],
];

function weight(job: Job): number {
  return WEIGHTS.find(([pattern]) => pattern.test(job.command))?.[1] ?? 5;
}

/** A short name for a command: `tsc main` for `tsc -p tsconfig.main.json`, else the script's own name. */
function jobName(script: string, command: string, count: number): string {
  const tsconfig = /^tsc -p tsconfig(?:\.([\w-]+))?\.json$/.exec(command);
  if (tsconfig) return `tsc ${tsconfig[1] ?? 'all'}`;
  return count === 1 ? script : `${script}: ${command}`;
}

/** The jobs of the given package.json scripts, in the order written. */
export function jobsOf(scripts: Record<string, string>, names: readonly string[]): Job[] {
  return names.flatMap((name) => {
    const script = scripts[name];
    if (script === undefined) throw new Error(`package.json has no "${name}" script.`);
    const commands = script.split(' && ').map((command) => command.trim());
    return commands.map((command) => ({ name: jobName(name, command, commands.length), command }));
  });
}

/** Longest first, so the short ones fill in at the end. */
export function longestFirst(jobs: readonly Job[]): Job[] {
  return [...jobs].sort((a, b) => weight(b) - weight(a));
}

export interface Outcome {
  job: Job;
  /** The exit code; null when it ended by a signal or did not start. */
  code: number | null;
  /** Stopped here because another job failed. */
  stopped: boolean;
  output: string;
  seconds: number;
}

/** Jobs running now. */
const running = new Map<ChildProcess, { stopped: boolean }>();

/** Where a job's lines go (already prefixed with its name). */
export type LineSink = (stream: 'stdout' | 'stderr', line: string) => void;

const toConsole: LineSink = (stream, line) => process[stream].write(`${line}\n`);

function run(job: Job, width: number, sink: LineSink): Promise<Outcome> {
  const started = performance.now();
  // npm puts node_modules/.bin on PATH for `npm run`; added here too for a direct run.
  const path = [join(projectRoot, 'node_modules', '.bin'), process.env['PATH'] ?? ''].join(delimiter);
  const child = spawn(job.command, {
    cwd: projectRoot,
    shell: true,
    // Its own process group on POSIX, so stopping it stops what it started too (esbuild under electron-vite).
    detached: process.platform !== 'win32',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, PATH: path },
  });
  const state = { stopped: false };
  running.set(child, state);
  let output = '';
  const prefix = `[${job.name}]`.padEnd(width + 2);
  const partial = { stdout: '', stderr: '' };
  const print = (stream: 'stdout' | 'stderr', text: string) => {
    const lines = (partial[stream] + text).split('\n');
    partial[stream] = lines.pop()!;
    for (const line of lines) sink(stream, `${prefix} ${line}`);
  };
  for (const stream of ['stdout', 'stderr'] as const) {
    child[stream].on('data', (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      output += text;
      print(stream, text);
    });
  }
  return new Promise((resolve) => {
    let ended = false;
    const done = (code: number | null) => {
      if (ended) return;
      ended = true;
      running.delete(child);
      // A last line without its newline.
      for (const stream of ['stdout', 'stderr'] as const) if (partial[stream]) print(stream, '\n');
      resolve({ job, code, stopped: state.stopped, output, seconds: (performance.now() - started) / 1000 });
    };
    child.once('error', (error) => {
      output += `${error.message}\n`;
      done(null);
    });
    child.once('close', (code) => done(code));
  });
}

/** Stops a job and everything it started. */
function stop(child: ChildProcess): void {
  const state = running.get(child);
  if (state) state.stopped = true;
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  if (process.platform === 'win32') {
    spawn('taskkill', ['/pid', String(child.pid), '/t', '/f'], { stdio: 'ignore' });
    return;
  }
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    // already gone
  }
}

/** Runs the jobs, at most `limit` at once, longest first; the first failure stops the rest. */
export async function runParallel(jobs: readonly Job[], limit: number, sink: LineSink = toConsole): Promise<Outcome[]> {
  const queue = longestFirst(jobs);
  const outcomes: Outcome[] = [];
  const width = Math.max(...jobs.map((job) => job.name.length));
  let failed = false;
  const worker = async () => {
    while (!failed) {
      const job = queue.shift();
      if (!job) return;
      const outcome = await run(job, width, sink);
      outcomes.push(outcome);
      const ok = outcome.code === 0;
      const how = ok ? 'done' : outcome.stopped ? 'stopped' : `FAILED (exit ${outcome.code ?? 'by a signal'})`;
      sink('stdout', `${`[${job.name}]`.padEnd(width + 2)} ${how} after ${outcome.seconds.toFixed(1)} s`);
      if (!ok && !failed) {
        failed = true;
        for (const child of running.keys()) stop(child);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, jobs.length) }, worker));
  return outcomes;
}

async function main(argv: string[]): Promise<number> {
  let limit = Math.max(2, availableParallelism());
  const names: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--jobs') limit = Number(argv[++i]);
    else if (arg.startsWith('--jobs=')) limit = Number(arg.slice('--jobs='.length));
    else names.push(arg);
  }
  if (names.length === 0 || !Number.isInteger(limit) || limit < 1) {
    console.error('usage: node --import tsx scripts/run-parallel.ts [--jobs N] SCRIPT...');
    return 2;
  }
  // The jobs are in process groups of their own, which Ctrl-C in the terminal does not reach.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      for (const child of running.keys()) stop(child);
      process.exit(signal === 'SIGINT' ? 130 : 143);
    });
  }
  const manifest = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  const jobs = jobsOf(manifest.scripts, names);
  const started = performance.now();
  console.log(`Running ${jobs.length} jobs, ${Math.min(limit, jobs.length)} at a time: ${jobs.map((job) => job.name).join(', ')}`);
  const outcomes = await runParallel(jobs, limit);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const failed = outcomes.filter((outcome) => outcome.code !== 0 && !outcome.stopped);
  if (failed.length === 0 && outcomes.length === jobs.length && outcomes.every((outcome) => outcome.code === 0)) {
    console.log(`All ${jobs.length} jobs passed in ${seconds} s.`);
    return 0;
  }
  for (const outcome of failed) {
    console.error(`\n${outcome.job.name} failed (${outcome.job.command}), its whole output:\n`);
    console.error(outcome.output.trimEnd());
  }
  const stopped = outcomes.filter((outcome) => outcome.stopped).map((outcome) => outcome.job.name);
  const notRun = jobs.filter((job) => !outcomes.some((outcome) => outcome.job === job)).map((job) => job.name);
  if (stopped.length > 0) console.error(`\nStopped: ${stopped.join(', ')}`);
  if (notRun.length > 0) console.error(`Not run: ${notRun.join(', ')}`);
  console.error(`\nFailed after ${seconds} s.`);
  return 1;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await main(process.argv.slice(2));
}
