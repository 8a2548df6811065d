import type { KioskApi } from '../../shared/ipc/api';

declare global {
  interface Window {
    /** Installed by the Electron preload, or by the browser host's bridge script. */
    kiosk?: KioskApi;
  }
}

function isKioskApi(value: unknown): value is KioskApi {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as KioskApi).invoke === 'function' &&
    typeof (value as KioskApi).on === 'function'
  );
}

/**
 * Resolve `window.kiosk`, or null if this page is not running inside the app.
 *
 * The preload installs the API before any page script runs, but a bridge
 * script may finish a moment after the bundle starts, so a short wait avoids
 * showing the "not connected" error for a race rather than a real fault.
 */
export async function connectToKiosk(waitMs = 3000, pollMs = 50): Promise<KioskApi | null> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    const candidate: unknown = window.kiosk;
    if (isKioskApi(candidate)) return candidate;
    if (Date.now() >= deadline) return null;
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}
