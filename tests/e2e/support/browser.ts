import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { recordCoverage } from './coverage';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Debian's Chromium, not a Playwright-downloaded build: this project's
 * machines cannot download browsers, but apt can install this one.
 */
export async function launchChromium(extraArgs: readonly string[] = []): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium was not found at ${CHROMIUM_PATH}. The end-to-end tests drive Debian's Chromium: ` +
        'install it with `apt-get install chromium`, or set CHROMIUM_PATH to a Chromium executable.',
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      ...extraArgs,
    ],
  });
}

export interface AppPage {
  context: BrowserContext;
  page: Page;
  /** Uncaught exceptions and console errors (CSP violations among them) seen so far. */
  problems: string[];
}

/**
 * A fresh browser context is a fresh window to the host, so it gets its own
 * session: opening a second one is how a test looks at the app as a
 * different person on the same device.
 */
export async function openApp(browser: Browser, url: string, prepare?: (context: BrowserContext) => Promise<void>): Promise<AppPage> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB' });
  // Playwright's 30 s default would make a wrong expectation slow to report.
  context.setDefaultTimeout(10_000);
  await prepare?.(context);
  const page = await context.newPage();
  await recordCoverage(page);
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
  });
  await page.goto(url);
  return { context, page, problems };
}
