import { processIsAlive } from '../common/process-alive';

/**
 * Whether the runner that holds a job can still finish it. A job left
 * "running" by a runner that is gone (its process crashed or quit, or it was
 * stopped in this process) need not wait for its lease to run out; one held
 * by a live runner must, or two runners would do the same work.
 *
 * Runner ids carry their process id (`runner-<pid>-<uuid>`); runners of this
 * process are tracked while they run. Ids without a process id (named by a
 * caller) are treated as alive: their lease decides.
 */
const runningHere = new Set<string>();

export function newRunnerId(uuid: string): string {
  return `runner-${process.pid}-${uuid}`;
}

export function markRunnerStarted(runnerId: string): void {
  runningHere.add(runnerId);
}

export function markRunnerStopped(runnerId: string): void {
  runningHere.delete(runnerId);
}

export function runnerIsAlive(runnerId: string): boolean {
  const pid = Number(/^runner-(\d+)-/.exec(runnerId)?.[1] ?? Number.NaN);
  if (!Number.isInteger(pid)) return true;
  if (pid === process.pid) return runningHere.has(runnerId);
  return processIsAlive(pid);
}
