import { build } from 'plist';
import { v5 as uuidv5 } from 'uuid';
import { policyLocations } from '../../shared/domain/settings-policy';
import { policyEntries, storeDefault, type PolicyEntry } from './policy-entries';

/** Fixed, so the same policies always give the same profile UUIDs (an MDM sees an update, not a new profile). */
const UUID_NAMESPACE = '6f1b2c4e-2d0a-5c8e-9b7a-3e5d4c2b1a09';

/**
 * The macOS configuration profile: one payload whose type is the app's bundle
 * id, so macOS writes its keys to the app's managed preferences, where the
 * app reads them. Every policy is in it with its default value: IT removes
 * the keys it does not want to enforce (a key present is enforced), sets the
 * others, and deploys it with its MDM.
 */
export function buildMobileconfig(entries: readonly PolicyEntry[] = policyEntries()): string {
  const domain = policyLocations.macBundleId;
  const settings: Record<string, unknown> = {
    PayloadType: domain,
    PayloadIdentifier: `${domain}.policy.settings`,
    PayloadUUID: uuidv5(`${domain}.policy.settings`, UUID_NAMESPACE).toUpperCase(),
    PayloadVersion: 1,
    PayloadDisplayName: 'Teamified Kiosk settings',
    PayloadDescription: 'Device settings IT enforces for Teamified Kiosk.',
  };
  for (const entry of entries) settings[entry.name] = storeDefault(entry);
  const profile = {
    PayloadContent: [settings],
    PayloadType: 'Configuration',
    PayloadIdentifier: `${domain}.policy`,
    PayloadUUID: uuidv5(`${domain}.policy`, UUID_NAMESPACE).toUpperCase(),
    PayloadVersion: 1,
    PayloadDisplayName: 'Teamified Kiosk policy',
    PayloadDescription: 'Sets Teamified Kiosk device settings centrally. Remove the keys you do not want to enforce.',
    PayloadOrganization: 'Teamified',
    PayloadScope: 'System',
  };
  return `${build(profile as Parameters<typeof build>[0])}\n`;
}
