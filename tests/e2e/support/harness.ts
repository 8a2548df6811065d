import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { launchChromium, openApp, type AppPage } from './browser';
import { startTestHost, type TestHost, type TestHostOptions } from './host';

export interface HarnessOptions {
  /** Extra Chromium flags for this file, e.g. the fake microphone's. */
  chromiumArgs?: () => string[];
}

/**
 * One Chromium per test file (launching is the slow part), one host with an
 * empty data folder per test (so tests never share accounts), and everything
 * closed after each test even when it failed. Page errors and console errors,
 * CSP violations included, fail the test that caused them.
 */
export function useKioskHarness(options: HarnessOptions = {}) {
  let browser: Browser | undefined;
  let hosts: TestHost[] = [];
  let pages: AppPage[] = [];
  let closers: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    browser = await launchChromium(options.chromiumArgs?.() ?? []);
  });

  afterEach(async () => {
    const problems = pages.flatMap((app) => app.problems);
    const [openPages, openHosts, openClosers] = [pages, hosts, closers];
    pages = [];
    hosts = [];
    closers = [];
    const first = await Promise.allSettled([...openPages.map((app) => app.context.close()), ...openHosts.map((host) => host.close())]);
    // Tracked closers (a server, a browser of the test's own) go after the pages that use them.
    const second = await Promise.allSettled(openClosers.map((close) => close()));
    const failures = [...first, ...second].filter((result) => result.status === 'rejected');
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
    async start(options: TestHostOptions = {}): Promise<{ host: TestHost; app: AppPage }> {
      const host = await startTestHost(options);
      hosts.push(host);
      return { host, app: await open(host) };
    },
    /** Another window on the same host: a separate session, as another person would have. */
    open,
    /** The shared Chromium, for tests that open pages their own way; register what they open with `track`. */
    browser(): Browser {
      if (!browser) throw new Error('Chromium did not start (see the beforeAll error).');
      return browser;
    },
    /** Closed (and its page errors checked) after the test, like the pages and hosts above. */
    track(app: AppPage | null, close?: () => Promise<void>): void {
      if (app) pages.push(app);
      if (close) closers.push(close);
    },
  };
}
