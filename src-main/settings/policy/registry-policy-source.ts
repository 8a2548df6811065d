import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { policyLocations } from '../../../shared/domain/settings-policy';
import { errorText } from '../errors';
import type { PolicyReading, PolicySource } from './policy-source';
import { parseRegQueryOutput, regQuerySubkeys } from './reg-query-output';

const execFileAsync = promisify(execFile);

/** The most a registry query may take before the reading counts as failed (and the last good policy stays). */
const QUERY_TIMEOUT_MS = 10_000;

/**
 * What runs `reg query`; tests on machines without Windows give canned output
 * instead. A failing query throws as child_process does: the exit status in
 * `status` (execFileSync) or `code` (execFile), reg's message in `stderr`.
 */
export interface RegQueryRunner {
  runNow(args: string[]): string;
  run(args: string[]): Promise<string>;
}

const regExe: RegQueryRunner = {
  runNow: (args) => execFileSync('reg', args, { encoding: 'utf8', timeout: QUERY_TIMEOUT_MS, windowsHide: true, stdio: ['ignore', 'pipe', 'pipe'] }),
  run: async (args) => (await execFileAsync('reg', args, { encoding: 'utf8', timeout: QUERY_TIMEOUT_MS, windowsHide: true })).stdout,
};

type QueryAnswer = { ok: true; output: string } | { ok: false; error: unknown };

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

  constructor(private readonly runner: RegQueryRunner = regExe) {}

  readNow(): PolicyReading {
    const steps = readingSteps(this.location);
    let step = steps.next();
    while (!step.done) {
      const args = step.value;
      step = steps.next(answerOf(() => this.runner.runNow(args)));
    }
    return step.value;
  }

  async read(): Promise<PolicyReading> {
    const steps = readingSteps(this.location);
    let step = steps.next();
    while (!step.done) {
      const args = step.value;
      step = steps.next(await answerOfAsync(() => this.runner.run(args)));
    }
    return step.value;
  }
}

// /reg:64: the 64-bit view whatever build runs, the one Group Policy writes.
const queryArgs = (key: string) => ['query', key, '/reg:64'];

/**
 * The queries one reading takes, as a generator so that the start-up read
 * (synchronous) and the watcher's (asynchronous) follow the same steps. reg
 * exits with 1 both when the key is missing and when it is refused (access
 * denied, "Registry editing has been disabled by your administrator", which
 * kiosks often set), and its message is in the system's language. So when
 * the policy key fails, its parents are listed from HKLM\Software\Policies
 * (which every Windows has) down: only a key missing from its parent's list
 * is "no policy"; any other failure keeps the last good policy.
 */
function* readingSteps(location: string): Generator<string[], PolicyReading, QueryAnswer> {
  const answer = yield queryArgs(location);
  if (answer.ok) return { status: 'read', values: parseRegQueryOutput(answer.output) };
  if (!exitedWithOne(answer.error)) return unreadable(location, answer.error, '');
  const [hive, software, policies, ...below] = location.split('\\') as [string, string, string, ...string[]];
  let parent = [hive, software, policies].join('\\');
  for (const name of below) {
    const listing = yield queryArgs(parent);
    if (!listing.ok) return unreadable(location, answer.error, ` Listing ${parent} failed too (${failureText(listing.error)}).${ACCESS_HINT}`);
    if (!regQuerySubkeys(listing.output, parent).some((subkey) => subkey.toLowerCase() === name.toLowerCase())) return { status: 'none' };
    parent = `${parent}\\${name}`;
  }
  return unreadable(location, answer.error, ` The key exists.${ACCESS_HINT}`);
}

const ACCESS_HINT =
  " Check that the account the app runs as may read the key and run reg.exe (the user policy 'Prevent access to registry editing tools' can stop reg.exe).";

function unreadable(location: string, error: unknown, more: string): PolicyReading {
  return { status: 'unreadable', problem: `The policy in ${location} could not be read (reg query failed: ${failureText(error)}).${more}` };
}

/** reg's own message (on stderr) when it gave one, else what Node says (spawn ENOENT, a timeout). */
function failureText(error: unknown): string {
  const stderr = (error as { stderr?: unknown } | null)?.stderr;
  const said = typeof stderr === 'string' ? stderr.trim() : Buffer.isBuffer(stderr) ? stderr.toString('utf8').trim() : '';
  return said !== '' ? said.replace(/\s*\r?\n\s*/g, ' ') : errorText(error);
}

function exitedWithOne(error: unknown): boolean {
  const { status, code } = (error ?? {}) as { status?: unknown; code?: unknown };
  return status === 1 || code === 1;
}

function answerOf(run: () => string): QueryAnswer {
  try {
    return { ok: true, output: run() };
  } catch (error) {
    return { ok: false, error };
  }
}

async function answerOfAsync(run: () => Promise<string>): Promise<QueryAnswer> {
  try {
    return { ok: true, output: await run() };
  } catch (error) {
    return { ok: false, error };
  }
}
