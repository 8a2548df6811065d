import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { processIsAlive } from '../common/process-alive';
import { writePrivateFileAtomically } from '../files/private-file';

/**
 * Says, beside the database, which process has it open: the app writes
 * `<dataDir>/kiosk.pid` once its database is open and removes it when it
 * closes. A command that replaces the database (a restore) reads it and
 * refuses while that process lives: swapping the file under an open
 * connection would lose what the app writes next and can corrupt both.
 * A file left by a crash names a process that is gone, so it blocks nothing.
 */
export const IN_USE_FILE = 'kiosk.pid';

export interface InUseMarker {
  release(): void;
}

export function markDatabaseInUse(dataDir: string, pid: number = process.pid): InUseMarker {
  const path = join(dataDir, IN_USE_FILE);
  writePrivateFileAtomically(path, `${JSON.stringify({ pid, startedAt: new Date().toISOString() })}\n`);
  let released = false;
  return {
    release() {
      if (released) return;
      released = true;
      // Only our own: a second copy that started meanwhile (it should not, single-instance) keeps its marker.
      if (readHolder(dataDir)?.pid === pid) rmSync(path, { force: true });
    },
  };
}

/** The live process holding the data folder's database, or null when none (no marker, or its process is gone). */
export function databaseHolder(dataDir: string, isAlive: (pid: number) => boolean = processIsAlive): { pid: number; startedAt: string | null; file: string } | null {
  const holder = readHolder(dataDir);
  if (!holder || holder.pid === process.pid || !isAlive(holder.pid)) return null;
  return { ...holder, file: join(dataDir, IN_USE_FILE) };
}

function readHolder(dataDir: string): { pid: number; startedAt: string | null } | null {
  let text: string;
  try {
    text = readFileSync(join(dataDir, IN_USE_FILE), 'utf8');
  } catch {
    return null;
  }
  try {
    const parsed = JSON.parse(text) as { pid?: unknown; startedAt?: unknown };
    if (!Number.isInteger(parsed.pid) || (parsed.pid as number) <= 0) return null;
    return { pid: parsed.pid as number, startedAt: typeof parsed.startedAt === 'string' ? parsed.startedAt : null };
  } catch {
    return null;
  }
}
