/**
 * Where this device's own update stands (src-main/updates), for IT: the
 * self-check's line and the admin's view.
 *
 *   off             updates.enabled is false
 *   managed         IT updates this device with its own tooling (MSI, deb, or updates.managedByIt)
 *   not-configured  no feed address or no release key
 *   up-to-date      the last check found nothing newer for this device
 *   failed          the last check, download or verification failed; the installed version runs on
 *   waiting         a verified update waits for the sitting or interview to end (kiosk)
 *   install-requested  handed to the shell to install now (kiosk, between sittings)
 *   install-on-quit    handed to the shell to install when the app quits (laptop)
 */
export const updateStates = ['off', 'managed', 'not-configured', 'checking', 'up-to-date', 'failed', 'waiting', 'install-requested', 'install-on-quit'] as const;
export type UpdateState = (typeof updateStates)[number];

export interface UpdateStatus {
  state: UpdateState;
  installedVersion: string;
  channel: 'stable' | 'pilot';
  /** When the feed was last read, successfully or not (ISO 8601); null before the first check. */
  lastCheckAt: string | null;
  /** The newer version the feed offers this device, once seen; null when none. */
  availableVersion: string | null;
  /** That version's installer is downloaded and its SHA-512 and signature verified. */
  verified: boolean;
  /** What it means, in words for IT. */
  message: string;
}
