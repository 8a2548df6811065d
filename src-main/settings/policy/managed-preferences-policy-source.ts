import { execFile, execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { parse } from 'plist';
import { errorText, isErrno } from '../errors';
import type { PolicyReading, PolicySource } from './policy-source';

const execFileAsync = promisify(execFile);

/** Turns a binary plist into XML; macOS's own plutil by default. */
export interface BinaryPlistConverter {
  toXmlNow(path: string): string;
  toXml(path: string): Promise<string>;
}

const plutil: BinaryPlistConverter = {
  toXmlNow: (path) => execFileSync('plutil', ['-convert', 'xml1', '-o', '-', path], { encoding: 'utf8', timeout: 10_000 }),
  toXml: async (path) => (await execFileAsync('plutil', ['-convert', 'xml1', '-o', '-', path], { encoding: 'utf8', timeout: 10_000 })).stdout,
};

/**
 * macOS's policy: the preferences an MDM's configuration profile (the
 * generated .mobileconfig) manages for the app's bundle id, which macOS
 * writes to /Library/Managed Preferences/<bundle id>.plist. macOS often
 * stores it as a binary plist, which plutil turns into XML first.
 */
export class ManagedPreferencesPolicySource implements PolicySource {
  constructor(
    readonly location: string,
    private readonly converter: BinaryPlistConverter = plutil,
  ) {}

  readNow(): PolicyReading {
    try {
      const bytes = readFileSync(this.location);
      return this.parse(isBinary(bytes) ? this.converter.toXmlNow(this.location) : bytes.toString('utf8'));
    } catch (error) {
      return this.failed(error);
    }
  }

  async read(): Promise<PolicyReading> {
    try {
      const bytes = await readFile(this.location);
      return this.parse(isBinary(bytes) ? await this.converter.toXml(this.location) : bytes.toString('utf8'));
    } catch (error) {
      return this.failed(error);
    }
  }

  private parse(xml: string): PolicyReading {
    let raw: unknown;
    try {
      raw = parse(xml);
    } catch (error) {
      return { status: 'unreadable', problem: `The managed preferences ${this.location} are not a valid property list (${errorText(error)}).` };
    }
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw) || raw instanceof Date || raw instanceof Uint8Array) {
      return { status: 'unreadable', problem: `The managed preferences ${this.location} must be a dictionary of policy names and values.` };
    }
    // The profile's own Payload… keys may be written beside the policies; they are not policies.
    const values = Object.fromEntries(Object.entries(raw as Record<string, unknown>).filter(([name]) => !name.startsWith('Payload')));
    return { status: 'read', values };
  }

  private failed(error: unknown): PolicyReading {
    if (isErrno(error, 'ENOENT')) return { status: 'none' };
    return { status: 'unreadable', problem: `The managed preferences ${this.location} could not be read (${errorText(error)}).` };
  }
}

function isBinary(bytes: Buffer): boolean {
  return bytes.subarray(0, 6).toString('latin1') === 'bplist';
}
