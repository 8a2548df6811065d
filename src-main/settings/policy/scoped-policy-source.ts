import type { PolicyReading, PolicySource } from './policy-source';

/**
 * Two scopes of one OS's policy read as one, the machine's values winning
 * over the user's: on macOS an MDM may deploy the profile to the device
 * (/Library/Managed Preferences/<bundle id>.plist) or to the user the app
 * runs as (/Library/Managed Preferences/<user>/<bundle id>.plist). A scope
 * that cannot be read makes the whole reading unreadable: which of its values
 * should apply is unknown, so the last good policy stays.
 */
export class ScopedPolicySource implements PolicySource {
  readonly location: string;

  constructor(
    private readonly machine: PolicySource,
    private readonly user: PolicySource,
  ) {
    this.location = `${machine.location} (over ${user.location})`;
  }

  readNow(): PolicyReading {
    return combine(this.machine.readNow(), this.user.readNow());
  }

  async read(): Promise<PolicyReading> {
    const [machine, user] = await Promise.all([this.machine.read(), this.user.read()]);
    return combine(machine, user);
  }
}

function combine(machine: PolicyReading, user: PolicyReading): PolicyReading {
  const problems = [machine, user].flatMap((reading) => (reading.status === 'unreadable' ? [reading.problem] : []));
  if (problems.length > 0) return { status: 'unreadable', problem: problems.join(' ') };
  if (machine.status === 'none' && user.status === 'none') return { status: 'none' };
  const values = (reading: PolicyReading) => (reading.status === 'read' ? reading.values : {});
  return { status: 'read', values: { ...values(user), ...values(machine) } };
}
