import { policyLocations } from '../../../shared/domain/settings-policy';
import { JsonFilePolicySource } from './json-file-policy-source';
import { ManagedPreferencesPolicySource } from './managed-preferences-policy-source';
import type { PolicySource } from './policy-source';
import { RegistryPolicySource } from './registry-policy-source';

/** The policy source IT uses on this OS: the registry, managed preferences, or the file in /etc. */
export function osPolicySource(platform: NodeJS.Platform = process.platform): PolicySource {
  switch (platform) {
    case 'win32':
      return new RegistryPolicySource();
    case 'darwin':
      return new ManagedPreferencesPolicySource(policyLocations.macManagedPreferences);
    default:
      return new JsonFilePolicySource(policyLocations.linuxFile);
  }
}
