import { join } from 'node:path';
import type { Logger } from '../logging/logger-types';
import type { CoreInit } from '../ipc/core-protocol';
import { FileSettingsBackend } from '../settings/file-settings-backend';
import { JsonFilePolicySource, ownPolicyFileOptions } from '../settings/policy/json-file-policy-source';
import { osPolicySource } from '../settings/policy/os-policy-source';
import { SettingsService } from '../settings/settings-service';

/**
 * The device settings as main asked for them. electron-store is imported
 * only when asked for: it imports Electron, which under plain Node (tests,
 * benchmarks) would try to download the Electron binary. Both read and write
 * the same settings.json in the same folder.
 */
export async function openSettings(choice: CoreInit['settings'], logger: Logger): Promise<SettingsService> {
  const backend =
    choice.store === 'electron-store'
      ? new (await import('./electron-settings-backend')).ElectronSettingsBackend({ cwd: choice.dir })
      : new FileSettingsBackend(join(choice.dir, 'settings.json'));
  // A policy file named in init is a test's own, in its temporary folder; the app names none and reads the OS's.
  const policySource =
    choice.policyFilePath === undefined ? osPolicySource() : choice.policyFilePath === null ? null : new JsonFilePolicySource(choice.policyFilePath, ownPolicyFileOptions());
  return new SettingsService({
    backend,
    machineFilePath: choice.machineFilePath,
    // The last good policy beside settings.json: a restart while the policy is broken keeps what IT last enforced.
    policy: policySource ? { source: policySource, lastGoodPath: join(choice.dir, 'policy-last-good.json') } : null,
    logger,
  });
}
