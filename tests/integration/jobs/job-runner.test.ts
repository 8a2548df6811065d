import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { backoffMs, JobNotReadyError, JobRunner, PermanentJobError, type JobHandler } from '../../../src-main/jobs/job-runner';
import { runnerIsAlive } from '../../../src-main/jobs/runner-liveness';
import { JobRepository } from '../../../src-main/repositories/job-repository';
import { FakeClock } from '../../support/test-app';
import { recordingLogger, useTempDirs } from '../db/support';

const temp = useTempDirs();

function setup(handlers: Record<string, JobHandler>) {
  const file = join(temp.make(), 'kiosk.sqlite');
  const clock = new FakeClock();
  // Two connections on one file, as two app instances would have.
  const stores = [temp.open(file), temp.open(file)];
  const runners = stores.map(
    (database, i) =>
      new JobRunner({ database, jobs: new JobRepository(database, clock), handlers, clock, logger: recordingLogger(), backoffBaseMs: 1000, leaseMs: 60_000, runnerId: `r${i}` }),
  );
  const jobs = new JobRepository(stores[0]!, clock);
  return { clock, runners, jobs, stores };
}

describe('JobRunner', () => {
  it('backs off exponentially up to its cap', () => {
    expect([1, 2, 3, 4, 5, 10].map((n) => backoffMs(n, 1000, 10_000))).toEqual([1000, 2000, 4000, 8000, 10_000, 10_000]);
  });

  it('puts back jobs whose runner is gone, and leaves those of live runners to their lease', async () => {
    const { jobs, stores } = setup({});
    const live = new JobRunner({ database: stores[0]!, jobs, handlers: {}, clock: new FakeClock(), logger: recordingLogger() });
    live.start();
    const stopped = new JobRunner({ database: stores[0]!, jobs, handlers: {}, clock: new FakeClock(), logger: recordingLogger() });
    stopped.start();
    await stopped.stop();
    const holders = {
      deadProcess: 'runner-999999999-00000000-0000-0000-0000-000000000000',
      stoppedHere: stopped.runnerId,
      liveHere: live.runnerId,
      named: 'runner-b',
      otherLiveProcess: `runner-1-${'0'.repeat(8)}`,
    };
    for (const [name, runnerId] of Object.entries(holders)) {
      jobs.enqueue({ kind: name, payload: {}, dedupeKey: name });
      expect(jobs.claimNext([name], runnerId, 60_000)).not.toBeNull();
    }
    try {
      expect(jobs.releaseOrphaned(runnerIsAlive)).toBe(2);
      const statusOf = (kind: string) => jobs.listByKind(kind)[0]!.status;
      expect(Object.fromEntries(Object.keys(holders).map((kind) => [kind, statusOf(kind)]))).toEqual({
        deadProcess: 'queued',
        stoppedHere: 'queued',
        liveHere: 'running',
        named: 'running',
        // pid 1 (init) exists: a runner there is someone else's live process.
        otherLiveProcess: 'running',
      });
    } finally {
      await live.stop();
    }
  });

  it('lets a job that cannot run yet wait as often as needed without spending its attempts', async () => {
    let calls = 0;
    const handler: JobHandler = {
      run: () => {
        calls++;
        if (calls <= 6) return Promise.reject(new JobNotReadyError('the referee is unreachable', 30_000));
        return Promise.resolve();
      },
    };
    const { runners, jobs, clock } = setup({ wait: handler });
    jobs.enqueue({ kind: 'wait', payload: {}, dedupeKey: null, maxAttempts: 2 });
    for (let round = 0; round < 7; round++) {
      await runners[0]!.drain();
      const [job] = jobs.listByKind('wait');
      if (round < 6) {
        expect(job).toMatchObject({ status: 'queued', attempts: 0, lastError: 'the referee is unreachable' });
        expect(Date.parse(job!.runAt) - clock.now().getTime()).toBe(30_000);
      }
      clock.advance(30_000);
    }
    expect(calls).toBe(7);
    expect(jobs.listByKind('wait')[0]).toMatchObject({ status: 'succeeded', attempts: 1 });
  });

  it('never lets two runners on one database run the same job', async () => {
    const ran: string[] = [];
    const handler: JobHandler = {
      run: async (job) => {
        ran.push(job.id);
        await new Promise((resolve) => setTimeout(resolve, 2));
      },
    };
    const { runners, jobs } = setup({ work: handler });
    for (let i = 0; i < 40; i++) jobs.enqueue({ kind: 'work', payload: { i }, dedupeKey: null });
    const counts = await Promise.all([runners[0]!.drain(), runners[1]!.drain(), runners[0]!.drain(), runners[1]!.drain()]);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(40);
    expect(new Set(ran).size).toBe(40);
    expect(ran).toHaveLength(40);
    expect(jobs.listByKind('work', 'succeeded')).toHaveLength(40);
  });

  it('retries with backoff, then fails after max attempts and tells the handler', async () => {
    const gaveUp: string[] = [];
    const { clock, runners, jobs } = setup({
      flaky: { run: () => Promise.reject(new Error('nope')), onGiveUp: (job) => void gaveUp.push(job.id) },
    });
    const { job } = jobs.enqueue({ kind: 'flaky', payload: {}, dedupeKey: 'flaky-1', maxAttempts: 3 });
    const runner = runners[0]!;
    expect(await runner.drain()).toBe(1);
    expect(jobs.findById(job.id)).toMatchObject({ status: 'queued', attempts: 1, lastError: 'nope', runAt: new Date(clock.now().getTime() + 1000).toISOString() });
    expect(await runner.drain()).toBe(0);
    clock.advance(1000);
    await runner.drain();
    clock.advance(2000);
    await runner.drain();
    expect(jobs.findById(job.id)).toMatchObject({ status: 'failed', attempts: 3 });
    expect(gaveUp).toEqual([job.id]);
  });

  it('takes over a job whose runner died once its lease runs out', async () => {
    const { clock, runners, jobs } = setup({ work: { run: async () => {} } });
    const { job } = jobs.enqueue({ kind: 'work', payload: {}, dedupeKey: null });
    // r0 claims and "crashes": the claim is never finished.
    expect(jobs.claimNext(['work'], 'dead-runner', 60_000)?.id).toBe(job.id);
    expect(await runners[1]!.drain()).toBe(0);
    clock.advance(60_001);
    expect(await runners[1]!.drain()).toBe(1);
    expect(jobs.findById(job.id)).toMatchObject({ status: 'succeeded', attempts: 2 });
  });

  it('a permanent error fails the job at once; a lost lease commits nothing', async () => {
    let committed = false;
    let stolen: string | undefined;
    const { clock, runners, jobs } = setup({
      broken: { run: () => Promise.reject(new PermanentJobError('gone')) },
      slow: {
        run: async () => {
          clock.advance(120_000);
          // Another runner takes the expired lease while this run is still going.
          stolen = jobs.claimNext(['slow'], 'thief', 60_000)?.id;
          return { commit: () => void (committed = true) };
        },
      },
    });
    const broken = jobs.enqueue({ kind: 'broken', payload: {}, dedupeKey: null }).job;
    await runners[0]!.drain();
    expect(jobs.findById(broken.id)).toMatchObject({ status: 'failed', attempts: 1, lastError: 'gone' });

    const slow = jobs.enqueue({ kind: 'slow', payload: {}, dedupeKey: null }).job;
    await runners[0]!.runOne();
    expect(stolen).toBe(slow.id);
    expect(committed).toBe(false);
    expect(jobs.findById(slow.id)).toMatchObject({ status: 'running', lockedBy: 'thief' });
  });

  describe('stopped by a normal shutdown', () => {
    /**
     * A job whose first run is cut off: its handler works until the
     * runner's stop signal aborts it (as a provider call does when the app
     * closes), and throws the abort a moment later. Later runs succeed.
     */
    async function jobInHand() {
      let runs = 0;
      let started!: () => void;
      const running = new Promise<void>((resolve) => (started = resolve));
      const s = setup({
        work: {
          run: (_job, _payload, signal) => {
            if (++runs > 1) return Promise.resolve();
            started();
            return new Promise((_resolve, reject) => signal.addEventListener('abort', () => setTimeout(() => reject(signal.reason as Error), 5), { once: true }));
          },
        },
      });
      const { job } = s.jobs.enqueue({ kind: 'work', payload: {}, dedupeKey: null, maxAttempts: 2 });
      const draining = s.runners[0]!.drain();
      await running;
      expect(s.jobs.findById(job.id)).toMatchObject({ status: 'running', lockedBy: 'r0', attempts: 1 });
      return { ...s, job, draining, runs: () => runs };
    }

    it('puts the job back when its handler gives up on the abort: queued, due now, its attempt not spent', async () => {
      const { jobs, runners, clock, job, draining, runs } = await jobInHand();
      await runners[0]!.stop();
      await draining;
      expect(jobs.findById(job.id)).toMatchObject({ status: 'queued', attempts: 0, lockedBy: null, lockedUntil: null, runAt: clock.now().toISOString(), lastError: null });
      // Another runner takes it at once (the fake clock has not moved: no lease, no backoff to wait out).
      expect(await runners[1]!.drain()).toBe(1);
      expect(runs()).toBe(2);
      expect(jobs.findById(job.id)).toMatchObject({ status: 'succeeded', attempts: 1 });
    });

    it('puts the job back before the database closes when the app closes without waiting for the run', async () => {
      const { runners, stores, clock, job, draining } = await jobInHand();
      const closing = runners[0]!.stop({ closing: true });
      // As App.close does: the database goes straight after, while the handler is still winding down.
      stores[0]!.close();
      await closing;
      await draining;
      const other = new JobRepository(stores[1]!, clock);
      expect(other.findById(job.id)).toMatchObject({ status: 'queued', attempts: 0, lockedBy: null, runAt: clock.now().toISOString() });
      expect(await runners[1]!.drain()).toBe(1);
      expect(other.findById(job.id)).toMatchObject({ status: 'succeeded', attempts: 1 });
    });

    it('still records a job that fails for good while stopping', async () => {
      let started!: () => void;
      const running = new Promise<void>((resolve) => (started = resolve));
      const { jobs, runners } = setup({
        broken: {
          run: (_job, _payload, signal) => {
            started();
            return new Promise((_resolve, reject) => signal.addEventListener('abort', () => reject(new PermanentJobError('its row is gone')), { once: true }));
          },
        },
      });
      const { job } = jobs.enqueue({ kind: 'broken', payload: {}, dedupeKey: null });
      const draining = runners[0]!.drain();
      await running;
      await runners[0]!.stop();
      await draining;
      expect(jobs.findById(job.id)).toMatchObject({ status: 'failed', attempts: 1, lastError: 'its row is gone' });
    });
  });
});
