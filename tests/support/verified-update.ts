import type { VerifiedUpdate } from '../../src-main/updates/installer-port';

/**
 * An update as the core hands it to the shell (issue 20, point 3): what the
 * protocol, the core-host, CoreClient and the shell's tests carry across.
 */
export function verifiedUpdate(path = '/data/updates/Teamified-Kiosk-1.5.0.AppImage'): VerifiedUpdate {
  return {
    version: '1.5.0',
    channel: 'latest',
    fileName: 'Teamified-Kiosk-1.5.0.AppImage',
    sha512: `${'A'.repeat(86)}==`,
    size: 151_000_000,
    path,
  };
}
