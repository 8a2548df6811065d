import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserHost, type BrowserHost } from '../../src-main/browser-host/start-browser-host';
import { createLogger } from '../../src-main/logging/logger';
import { expectNoSeriousA11yViolations } from './support/axe';
import { launchChromium, openApp, type AppPage } from './support/browser';
import { expectScreen } from './support/flows';

const rendererDir = fileURLToPath(new URL('../../out/renderer/', import.meta.url));

/**
 * `npm run start:browser` stopped and started again: the tab still open on
 * the old address gets, on reload, a page in the app's own look that says
 * the app was restarted and where the new address is, and never the app.
 */
describe('the browser host restarted under an open tab', () => {
  let browser: Browser | undefined;
  let dataDir: string;
  const hosts: BrowserHost[] = [];
  const pages: AppPage[] = [];

  beforeAll(async () => {
    if (!existsSync(join(rendererDir, 'index.html'))) throw new Error('No built renderer in out/renderer: run `npm run build` first.');
    browser = await launchChromium();
  });
  afterEach(async () => {
    await Promise.allSettled(pages.splice(0).map((app) => app.context.close()));
    await Promise.allSettled(hosts.splice(0).map((host) => host.close()));
    rmSync(dataDir, { recursive: true, force: true });
  });
  afterAll(async () => {
    await browser?.close();
  });

  async function start(port: number): Promise<BrowserHost> {
    const host = await startBrowserHost({ dataDir, port, logger: createLogger({ sink: () => {} }) });
    hosts.push(host);
    return host;
  }

  it('says on reload that the app was restarted and to open the new address, in the app’s look, breaking no CSP rule', async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'kiosk-e2e-restart-'));
    const first = await start(0);
    const app = await openApp(browser!, first.url);
    pages.push(app);
    const { page } = app;
    await expectScreen(page, 'Set up this device');

    await first.close();
    hosts.splice(hosts.indexOf(first), 1);
    const second = await start(Number(new URL(first.url).port));

    const response = await page.reload();
    expect(response?.status()).toBe(403);
    await expectScreen(page, 'The app was restarted');
    await page.getByText('Open the new address printed in the terminal where the browser host is running').waitFor();
    await page.getByText('npm run start:browser', { exact: true }).waitFor();
    // The app's stylesheet applies (same origin), so the page looks like the app rather than bare HTML.
    expect(await page.locator('.card').evaluate((card) => getComputedStyle(card).backgroundColor)).not.toBe('rgba(0, 0, 0, 0)');
    expect(await page.evaluate(() => typeof (window as { kiosk?: unknown }).kiosk)).toBe('undefined');
    await expectNoSeriousA11yViolations(page, 'restarted page');

    await page.goto(second.url);
    await expectScreen(page, 'Set up this device');
    // Chromium logs every 403 page as a failed load; that one is the point. Anything else (a CSP violation) fails.
    const refusedLoad = 'console error: Failed to load resource: the server responded with a status of 403 (Forbidden)';
    expect(app.problems.filter((problem) => problem !== refusedLoad)).toEqual([]);
  });
});
