import { readFileSync, watch, type FSWatcher } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { errorText, isErrno } from '../errors';
import type { PolicyReading, PolicySource } from './policy-source';

/**
 * Linux's policy: a JSON object of policy names and values in a file only
 * root can write (/etc/teamified-kiosk/policy.json), the layout of the
 * example `npm run build:policy` writes. Tests point it at a temporary file.
 */
export class JsonFilePolicySource implements PolicySource {
  constructor(readonly location: string) {}

  readNow(): PolicyReading {
    try {
      return this.parse(readFileSync(this.location, 'utf8'));
    } catch (error) {
      return this.failed(error);
    }
  }

  async read(): Promise<PolicyReading> {
    try {
      return this.parse(await readFile(this.location, 'utf8'));
    } catch (error) {
      return this.failed(error);
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
