/**
 * Whether a process with this id exists on this machine: signal 0 only asks.
 * EPERM means it exists but belongs to someone else, which still counts.
 * Used wherever a file or a row names the process that holds something
 * (a job's lease, the database's in-use marker) and a dead holder frees it.
 */
export function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
