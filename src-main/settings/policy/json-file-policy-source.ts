import { closeSync, fstatSync, openSync, readFileSync, realpathSync, statSync, watch, type FSWatcher } from 'node:fs';
import { open, realpath, stat } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { errorText, isErrno } from '../errors';
import { foldersToCheck, policyFileOwnershipProblem } from './policy-file-ownership';
import type { PolicyReading, PolicySource } from './policy-source';

export interface JsonFilePolicyOptions {
  /**
   * The user ids that may own the file and the folders above it: root only,
   * as IT's file must be. Tests, whose files are in a temporary folder of
   * their own, add their own user id.
   */
  trustedOwners?: readonly number[];
}

/**
 * For a policy file this process's own user wrote, in a folder of its own
 * (tests, in a temporary folder): that user is trusted as well as root, the
 * mode bits are still checked. Never for IT's file in /etc.
 */
export function ownPolicyFileOptions(): JsonFilePolicyOptions {
  return { trustedOwners: [0, ...(process.getuid ? [process.getuid()] : [])] };
}

/**
 * Linux's policy: a JSON object of policy names and values in a file only
 * root can write (/etc/teamified-kiosk/policy.json), the layout of the
 * example `npm run build:policy` writes. Tests point it at a temporary file.
 * A file that someone other than root could have written is not used (see
 * policy-file-ownership.ts); the file is checked through the descriptor it
 * is read from, so it cannot be swapped between the check and the read.
 */
export class JsonFilePolicySource implements PolicySource {
  private readonly trustedOwners: readonly number[];

  constructor(
    readonly location: string,
    options: JsonFilePolicyOptions = {},
  ) {
    this.trustedOwners = options.trustedOwners ?? [0];
  }

  readNow(): PolicyReading {
    let fd: number | null = null;
    try {
      fd = openSync(this.location, 'r');
      if (checksOwners) {
        const folders = foldersToCheck(this.location, realpathSync(this.location)).map((folder) => [folder, statSync(folder)] as const);
        const problem = policyFileOwnershipProblem(this.location, fstatSync(fd), folders, this.trustedOwners);
        if (problem) return { status: 'unreadable', problem };
      }
      return this.parse(readFileSync(fd, 'utf8'));
    } catch (error) {
      return this.failed(error);
    } finally {
      if (fd !== null) closeSync(fd);
    }
  }

  async read(): Promise<PolicyReading> {
    let file: Awaited<ReturnType<typeof open>> | null = null;
    try {
      file = await open(this.location, 'r');
      if (checksOwners) {
        const folders = await Promise.all(foldersToCheck(this.location, await realpath(this.location)).map(async (folder) => [folder, await stat(folder)] as const));
        const problem = policyFileOwnershipProblem(this.location, await file.stat(), folders, this.trustedOwners);
        if (problem) return { status: 'unreadable', problem };
      }
      return this.parse(await file.readFile('utf8'));
    } catch (error) {
      return this.failed(error);
    } finally {
      await file?.close();
    }
  }

  /**
   * Watches the folder, not the file: editors and configuration tools replace
   * the file (a new inode the old watch would never see), and the file may not
   * exist yet. A folder that does not exist is left to the poll.
   */
  watch(changed: () => void): () => void {
    let watcher: FSWatcher | null = null;
    try {
      const name = basename(this.location);
      watcher = watch(dirname(this.location), { persistent: false }, (_event, file) => {
        if (file === null || file === name) changed();
      });
      watcher.on('error', () => watcher?.close());
    } catch {
      watcher = null;
    }
    return () => watcher?.close();
  }

  private parse(text: string): PolicyReading {
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch (error) {
      return { status: 'unreadable', problem: `The policy file ${this.location} is not valid JSON (${errorText(error)}).` };
    }
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      return { status: 'unreadable', problem: `The policy file ${this.location} must hold a JSON object of policy names and values.` };
    }
    // "$schema" points editors at the generated JSON schema; it is not a policy.
    const values = Object.fromEntries(Object.entries(raw).filter(([name]) => name !== '$schema'));
    return { status: 'read', values };
  }

  private failed(error: unknown): PolicyReading {
    // No file is the normal case: this device has no Linux policy.
    if (isErrno(error, 'ENOENT') || isErrno(error, 'ENOTDIR')) return { status: 'none' };
    return { status: 'unreadable', problem: `The policy file ${this.location} could not be read (${errorText(error)}).` };
  }
}

/** Windows has no owner ids or mode bits to check (the file source is Linux's; on Windows only tests use it). */
const checksOwners = process.platform !== 'win32';
