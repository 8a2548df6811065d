import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll } from 'vitest';
import type { SettingsPatch } from '../../../shared/domain/settings';
import { launchChromium, openApp, type AppPage } from './browser';
import { startTestHost, type TestHost } from './host';

/**
 * One Chromium per test file (launching is the slow part), one host with an
 * empty data folder per test (so tests never share accounts), and everything
 * closed after each test even when it failed. Page errors and console errors,
 * CSP violations included, fail the test that caused them.
 */
export function useKioskHarness() {
  let browser: Browser | undefined;
  let hosts: TestHost[] = [];
  let pages: AppPage[] = [];

  beforeAll(async () => {
    browser = await launchChromium();
  });

  afterEach(async () => {
    const problems = pages.flatMap((app) => app.problems);
    const closing = [...pages.map((app) => app.context.close()), ...hosts.map((host) => host.close())];
    pages = [];
    hosts = [];
    const failures = (await Promise.allSettled(closing)).filter((result) => result.status === 'rejected');
    if (problems.length > 0) throw new Error(`The page reported errors:\n${problems.join('\n')}`);
    if (failures.length > 0) throw new Error(`Cleanup failed: ${failures.map((f) => String((f as PromiseRejectedResult).reason)).join('; ')}`);
  });

  afterAll(async () => {
    await browser?.close();
  });

  async function open(host: TestHost): Promise<AppPage> {
    if (!browser) throw new Error('Chromium did not start (see the beforeAll error).');
    const app = await openApp(browser, host.url);
    pages.push(app);
    return app;
  }

  return {
    /** Start a host on a fresh data folder and open the app in a new window. */
    async start(options: { machineSettings?: SettingsPatch } = {}): Promise<{ host: TestHost; app: AppPage }> {
      const host = await startTestHost(options);
      hosts.push(host);
      return { host, app: await open(host) };
    },
    /** Another window on the same host: a separate session, as another person would have. */
    open,
  };
}
