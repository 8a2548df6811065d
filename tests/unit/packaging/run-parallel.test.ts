import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { jobsOf, longestFirst, runParallel, type Job } from '../../../scripts/run-parallel';

/*
 * scripts/run-parallel.ts (`npm run check`, the first step of `npm test`):
 * which jobs it makes of package.json's scripts, and how it runs them.
 */

const manifest = JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> };
const node = (code: string): string => `node -e "${code}"`;

function capture() {
  const lines: { stream: string; line: string }[] = [];
  return { lines, sink: (stream: 'stdout' | 'stderr', line: string) => void lines.push({ stream, line }) };
}

describe('npm run check', () => {
  it('runs each of typecheck’s tsc projects as a job of its own, with lint and the build, and still runs them all', () => {
    expect(manifest.scripts['check']).toBe('node --import tsx scripts/run-parallel.ts typecheck lint build');
    expect(manifest.scripts['test']).toMatch(/^npm run check && /);
    const jobs = jobsOf(manifest.scripts, ['typecheck', 'lint', 'build']);
    expect(jobs.map((job) => job.name)).toEqual(['tsc shared', 'tsc main', 'tsc renderer', 'tsc all', 'lint', 'build']);
    // The same commands `npm run typecheck`, `npm run lint` and `npm run build` run alone.
    expect(jobs.map((job) => job.command).join(' && ')).toBe(
      [manifest.scripts['typecheck'], manifest.scripts['lint'], manifest.scripts['build']].join(' && '),
    );
    expect(longestFirst(jobs).map((job) => job.name).slice(0, 2)).toEqual(['tsc all', 'lint']);
  });

  it('refuses a script package.json does not have', () => {
    expect(() => jobsOf(manifest.scripts, ['typecheck', 'no-such-script'])).toThrow('package.json has no "no-such-script" script.');
  });
});

describe('running jobs side by side', () => {
  it('runs at most `limit` at once and prefixes every line with its job’s name', async () => {
    const jobs: Job[] = ['a', 'b', 'c'].map((name) => ({ name, command: node(`console.log('start ${name}', Date.now()); setTimeout(() => console.log('end ${name}', Date.now()), 1000)`) }));
    const { lines, sink } = capture();
    const outcomes = await runParallel(jobs, 2, sink);
    expect(outcomes.map((outcome) => outcome.code)).toEqual([0, 0, 0]);
    const at = (what: string) => Number(lines.find(({ line }) => line.includes(what))!.line.split(' ').at(-1));
    // c waits for a free slot: it starts after a or b ended.
    expect(at('start c')).toBeGreaterThanOrEqual(Math.min(at('end a'), at('end b')));
    expect(at('start b')).toBeLessThan(at('end a'));
    for (const name of ['a', 'b', 'c']) expect(lines.filter(({ line }) => line.startsWith(`[${name}] `)).length).toBe(3);
  }, 20_000);

  it('stops the jobs still running when one fails, and keeps the failed job’s whole output', async () => {
    const jobs: Job[] = [
      { name: 'slow', command: node('setTimeout(() => {}, 30000)') },
      { name: 'broken', command: node("console.error('line one'); console.error('line two'); process.exit(3)") },
      { name: 'never', command: node("console.log('ran')") },
    ];
    const { lines, sink } = capture();
    const started = Date.now();
    const outcomes = await runParallel(jobs, 2, sink);
    expect(Date.now() - started).toBeLessThan(15_000);
    const broken = outcomes.find((outcome) => outcome.job.name === 'broken')!;
    expect(broken).toMatchObject({ code: 3, stopped: false });
    expect(broken.output).toBe('line one\nline two\n');
    expect(lines).toContainEqual({ stream: 'stderr', line: '[broken] line two' });
    expect(outcomes.find((outcome) => outcome.job.name === 'slow')).toMatchObject({ stopped: true });
    // Nothing new starts once a job failed.
    expect(outcomes.map((outcome) => outcome.job.name).sort()).toEqual(['broken', 'slow']);
  }, 20_000);
});
