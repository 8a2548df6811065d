import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { screenEventRecorder } from '../../../src-main/app/screen-events';
import { startBrowserHost } from '../../../src-main/browser-host/start-browser-host';
import { createLogger } from '../../../src-main/logging/logger';

export interface LockableHost {
  url: string;
  /**
   * What the Electron shell reports when a display is connected, sent for
   * the candidate signed in on any of the host's windows, through the same
   * recorder the shell's core uses: it locks the kiosk's sitting.
   */
  connectDisplay(): void;
  close(): Promise<void>;
}

// The host names its windows browser-1, browser-2, … in connection order (as in host.ts).
const MAX_TEST_WINDOWS = 20;

/**
 * A kiosk as shipped (sittings required) on an empty data folder, for the
 * lock screen: the browser host has no display to connect, so the test
 * plays the shell's part.
 */
export async function startLockableHost(): Promise<LockableHost> {
  const dataDir = mkdtempSync(join(tmpdir(), 'kiosk-e2e-lock-'));
  try {
    const host = await startBrowserHost({ dataDir, port: 0 });
    const record = screenEventRecorder(host.app, createLogger({ sink: () => undefined }));
    return {
      url: host.url,
      connectDisplay() {
        for (let n = 1; n <= MAX_TEST_WINDOWS; n++) record(`browser-${n}`, 'display_added', { displays: 2, internal: false });
      },
      async close() {
        try {
          await host.close();
        } finally {
          rmSync(dataDir, { recursive: true, force: true });
        }
      },
    };
  } catch (error) {
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
}
