import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { policyLocations } from '../../../shared/domain/settings-policy';
import { errorText } from '../errors';
import type { PolicyReading, PolicySource } from './policy-source';
import { parseRegQueryOutput } from './reg-query-output';

const execFileAsync = promisify(execFile);

/** The most a registry query may take before the reading counts as failed (and the last good policy stays). */
const QUERY_TIMEOUT_MS = 10_000;

/** What runs `reg query`; tests on machines without Windows give canned output instead. */
export interface RegQueryRunner {
  runNow(args: string[]): string;
  run(args: string[]): Promise<string>;
}

const regExe: RegQueryRunner = {
  runNow: (args) => execFileSync('reg', args, { encoding: 'utf8', timeout: QUERY_TIMEOUT_MS, windowsHide: true, stdio: ['ignore', 'pipe', 'pipe'] }),
  run: async (args) => (await execFileAsync('reg', args, { encoding: 'utf8', timeout: QUERY_TIMEOUT_MS, windowsHide: true })).stdout,
};

/**
 * Windows's policy: the values Group Policy (or Intune's ADMX ingestion)
 * writes under HKLM\Software\Policies\Teamified\Kiosk from the generated
 * TeamifiedKiosk.admx. Read with reg.exe rather than a native module, which
 * would need building for each Electron version. reg prints in the console's
 * code page: a value with characters outside it (rare in these settings)
 * reads wrongly and is refused by its setting's check, by name.
 */
export class RegistryPolicySource implements PolicySource {
  readonly location = `HKEY_LOCAL_MACHINE\\${policyLocations.windowsRegistryKey}`;
  // /reg:64: the 64-bit view whatever build runs, the one Group Policy writes.
  private readonly args = ['query', this.location, '/reg:64'];

  constructor(private readonly runner: RegQueryRunner = regExe) {}

  readNow(): PolicyReading {
    try {
      return this.parse(this.runner.runNow(this.args));
    } catch (error) {
      return this.failed(error);
    }
  }

  async read(): Promise<PolicyReading> {
    try {
      return this.parse(await this.runner.run(this.args));
    } catch (error) {
      return this.failed(error);
    }
  }

  private parse(output: string): PolicyReading {
    return { status: 'read', values: parseRegQueryOutput(output) };
  }

  private failed(error: unknown): PolicyReading {
    // reg exits with 1 when the key is missing: no policy is set on this machine (its message is localised, its exit code is not).
    if ((error as { status?: unknown; code?: unknown }).status === 1 || (error as { code?: unknown }).code === 1) return { status: 'none' };
    return { status: 'unreadable', problem: `The policy in ${this.location} could not be read (reg query failed: ${errorText(error)}).` };
  }
}
