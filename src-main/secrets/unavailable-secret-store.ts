import type { StoredSecretName } from '../../shared/domain/settings';
import { assertSecretName, assertSecretValue, SecretStoreError, type SecretStore } from './secret-store';

/**
 * Where secrets go when no backend works on this device: nothing is stored,
 * reads find nothing (so the AI provider, email and sync report "not
 * configured" as they would on a fresh device) and a write fails with
 * `problem`, which says what IT must set up. It lets the app start and an
 * admin see why, instead of refusing to start.
 */
export class UnavailableSecretStore implements SecretStore {
  readonly backend = 'unavailable';

  constructor(readonly problem: string) {}

  async get(name: StoredSecretName): Promise<string | null> {
    assertSecretName(name);
    return null;
  }

  async set(name: StoredSecretName, value: string): Promise<void> {
    assertSecretName(name);
    assertSecretValue(name, value);
    throw new SecretStoreError('unavailable', this.problem);
  }

  async delete(name: StoredSecretName): Promise<boolean> {
    assertSecretName(name);
    return false;
  }
}

/** One backend that was tried, and why it could not be used. */
export interface BackendFailure {
  backend: string;
  reason: string;
}

/** The message for IT when no backend works: what to configure on this OS, then what was tried. */
export function noSecretStoreMessage(platform: NodeJS.Platform, failures: readonly BackendFailure[]): string {
  const tried = failures.map((failure) => `${failure.backend}: ${failure.reason}`).join('; ');
  return (
    'No keychain is available on this device, so the OpenAI API key, SMTP password and sync device credential cannot be stored, ' +
    `and AI features, email and sync stay off. ${setUpAdvice(platform)} Then restart Teamified Kiosk.` +
    (tried ? ` (Tried ${tried}.)` : '')
  );
}

function setUpAdvice(platform: NodeJS.Platform): string {
  switch (platform) {
    case 'darwin':
      return "On macOS, the login keychain of the user the kiosk runs as must exist and be unlocked (Keychain Access), and Teamified Kiosk must be allowed to use it.";
    case 'win32':
      return 'On Windows, run the kiosk as a user with a normal (not temporary) profile, with the Credential Manager service running.';
    default:
      return (
        'On Linux, install gnome-keyring (or KWallet) and have it running and unlocked in the session of the user the kiosk runs as; ' +
        'an auto-login session never unlocks it by itself (see "Secrets on a kiosk" in the README for set-ups that work). ' +
        'When that session is not GNOME or KDE, also start the app with --password-store=gnome-libsecret (or kwallet5 / kwallet6).'
      );
  }
}
