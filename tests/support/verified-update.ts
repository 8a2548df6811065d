import type { VerifiedUpdate } from '../../src-main/updates/update-service';

/**
 * An update as the core hands it to the shell (issue 20, point 3): what the
 * protocol, the core-host, CoreClient and the shell's tests carry across.
 */
export function verifiedUpdate(path = '/data/updates/Teamified-Kiosk-1.5.0.AppImage'): VerifiedUpdate {
  return {
    version: '1.5.0',
    channel: 'latest',
    feedUrl: 'https://updates.example.com/kiosk/',
    fileName: 'Teamified-Kiosk-1.5.0.AppImage',
    sha512: `${'A'.repeat(86)}==`,
    path,
  };
}
