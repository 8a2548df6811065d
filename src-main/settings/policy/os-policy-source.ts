import { userInfo } from 'node:os';
import { posix } from 'node:path';
import { policyLocations } from '../../../shared/domain/settings-policy';
import { JsonFilePolicySource } from './json-file-policy-source';
import { ManagedPreferencesPolicySource } from './managed-preferences-policy-source';
import type { PolicySource } from './policy-source';
import { RegistryPolicySource } from './registry-policy-source';
import { ScopedPolicySource } from './scoped-policy-source';

/** The policy source IT uses on this OS: the registry, managed preferences, or the file in /etc. */
export function osPolicySource(platform: NodeJS.Platform = process.platform, user: string | null = currentUser()): PolicySource {
  switch (platform) {
    case 'win32':
      return new RegistryPolicySource();
    case 'darwin': {
      const machine = new ManagedPreferencesPolicySource(policyLocations.macManagedPreferences);
      return user === null ? machine : new ScopedPolicySource(machine, new ManagedPreferencesPolicySource(macUserManagedPreferences(user)));
    }
    default:
      return new JsonFilePolicySource(policyLocations.linuxFile);
  }
}

/** Where macOS writes a user-channel profile's preferences for the app: the user's own folder under Managed Preferences. */
export function macUserManagedPreferences(user: string): string {
  const { dir, base } = posix.parse(policyLocations.macManagedPreferences);
  return posix.join(dir, user, base);
}

/** The user the app runs as; null where the OS cannot say (no entry in its user database), and then only the machine's policy is read. */
function currentUser(): string | null {
  try {
    const name = userInfo().username;
    // A name with a slash or a dot-only name would leave the Managed Preferences folder.
    return name !== '' && !name.includes('/') && name !== '.' && name !== '..' ? name : null;
  } catch {
    return null;
  }
}
