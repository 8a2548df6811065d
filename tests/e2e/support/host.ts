import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChannelInput, ChannelName, ChannelOutput } from '../../../shared/ipc/contract';
import type { Result } from '../../../shared/ipc/result';
import { startBrowserHost, type BrowserHostOptions } from '../../../src-main/browser-host/start-browser-host';
import type { DeviceHealthReport } from '../../../shared/domain/fleet';
import { screenEventRecorder } from '../../../src-main/app/screen-events';
import type { ScreenEventDetails, ScreenEventKind } from '../../../src-main/interview/integrity-event-intake';
import { createLogger } from '../../../src-main/logging/logger';
import { quietKioskWatch } from '../../support/quiet-kiosk';
import { turnSittingsOff } from '../../support/unproctored';

export interface TestHost {
  url: string;
  dataDir: string;
  /**
   * Ends every window's session in main, as the 24-hour expiry would, so a
   * test can watch the page react without waiting a day.
   */
  endAllSessions(): void;
  /**
   * Calls main as a window of the test's own (e.g. a kiosk seeding an
   * interview), through the real dispatcher: schema, session and role checks
   * included. Give it an id the browser windows never use.
   */
  call<C extends ChannelName>(windowId: string, channel: C, input: ChannelInput<C>): Promise<Result<ChannelOutput<C>>>;
  /**
   * What the Electron shell reports from the OS (a display connected, a
   * blocked shortcut), for the candidate signed in on any of the host's
   * windows, through the recorder the shell's core uses: the browser host
   * has no shell, so a test plays its part.
   */
  screenEvent(kind: ScreenEventKind, details: ScreenEventDetails): void;
  /**
   * What the shell's crash recovery sends when one window's renderer
   * process ends (src-main/shell/crash-recovery.ts: a 'screen_crashed'
   * event with Electron's reason and exit code), through the same recorder:
   * the browser host has no shell, so a test plays its part.
   */
  rendererGone(windowId: string, details: { reason: string; exitCode: number }): void;
  /** This device's fleet health report as its next sync would send it. */
  healthReport(): Promise<DeviceHealthReport | null>;
  close(): Promise<void>;
}

// The host names its windows browser-1, browser-2, … in connection order;
// no test opens anywhere near this many.
const MAX_TEST_WINDOWS = 20;

/**
 * IT's machine settings, the AI server to use (the fake one), main's clock
 * (for time rules a test cannot wait for), and whether candidates need a
 * proctor's sitting to start (`proctored`; off unless a test is about it).
 */
export type TestHostOptions = Pick<BrowserHostOptions, 'machineSettings' | 'openAi' | 'clock' | 'aiResilience'> & { proctored?: boolean };

/** The real main-process services on an empty data folder: every test starts at first-start setup. */
export async function startTestHost({ proctored = false, ...options }: TestHostOptions = {}): Promise<TestHost> {
  const dataDir = mkdtempSync(join(tmpdir(), 'kiosk-e2e-'));
  try {
    if (!proctored) turnSittingsOff(dataDir);
    const host = await startBrowserHost({ dataDir, port: 0, kioskWatch: quietKioskWatch, ...options });
    return {
      url: host.url,
      dataDir,
      endAllSessions() {
        for (let n = 1; n <= MAX_TEST_WINDOWS; n++) host.app.sessions.end(`browser-${n}`);
      },
      call: (windowId, channel, input) => host.app.dispatch(channel, input, { windowId, trustedSender: true }) as never,
      screenEvent(kind, details) {
        const record = screenEventRecorder(host.app, createLogger({ sink: () => undefined }));
        for (let n = 1; n <= MAX_TEST_WINDOWS; n++) record(`browser-${n}`, kind, details);
      },
      rendererGone(windowId, details) {
        screenEventRecorder(host.app, createLogger({ sink: () => undefined }))(windowId, 'screen_crashed', details);
      },
      healthReport: async () => (await host.app.services.sync.health?.gather()) ?? null,
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
