import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * How this copy of the app was installed, which decides whether it may
 * replace itself. electron-updater can replace an NSIS install (per user), an
 * AppImage and a macOS app. An MSI (Windows kiosks, per machine) and a deb
 * (Linux kiosks) belong to the OS's installer and to IT's tooling (Intune,
 * SCCM, apt): the app leaves them alone and says "Updates are managed by IT".
 * A copy run from a checkout or the browser host is not installed at all.
 */
export type InstallKind = 'nsis' | 'msi' | 'appimage' | 'deb' | 'mac' | 'not-installed';

/** electron-builder.yml's productName: NSIS writes "Uninstall <productName>.exe" beside the app; an MSI does not. */
export const PRODUCT_NAME = 'Teamified Kiosk';

export interface InstallFacts {
  platform: NodeJS.Platform;
  /** The app's executable (process.execPath: the Electron binary, in the core's utility process too). */
  execPath: string;
  /** Electron's process.resourcesPath; undefined under plain Node. */
  resourcesPath: string | undefined;
  env: NodeJS.ProcessEnv;
  exists?: (path: string) => boolean;
}

export function detectInstallKind(facts: InstallFacts): InstallKind {
  const exists = facts.exists ?? existsSync;
  // A packaged app has its code in resources/app.asar (electron-builder); a checkout has none.
  if (!facts.resourcesPath || !exists(join(facts.resourcesPath, 'app.asar'))) return 'not-installed';
  switch (facts.platform) {
    case 'win32':
      return exists(join(dirname(facts.execPath), `Uninstall ${PRODUCT_NAME}.exe`)) ? 'nsis' : 'msi';
    case 'darwin':
      return 'mac';
    default:
      // The AppImage runtime names the image it runs from; otherwise the deb put the app in /opt.
      return facts.env.APPIMAGE ? 'appimage' : 'deb';
  }
}

/** Why this device does not update itself, or null when it does. */
export function notSelfUpdating(kind: InstallKind, managedByIt: boolean): string | null {
  if (managedByIt) return 'Updates are managed by IT: IT’s policy (updates.managedByIt) says this device is updated by IT’s own tooling.';
  if (kind === 'msi') return 'Updates are managed by IT: this device was installed from the MSI, which IT’s own tooling updates (a new MSI over the old one).';
  if (kind === 'deb') return 'Updates are managed by IT: this device was installed from the deb package, which IT updates with the system’s package manager.';
  if (kind === 'not-installed') return 'This copy of the app is not an installed build (it runs from a project checkout or the browser host), so it does not update itself.';
  return null;
}
