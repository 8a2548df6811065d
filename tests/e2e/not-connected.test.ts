import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoSeriousA11yViolations } from './support/axe';
import { launchChromium, openApp } from './support/browser';
import { expectScreen } from './support/flows';
import { serveFolder } from './support/static-server';

const rendererDir = fileURLToPath(new URL('../../out/renderer/', import.meta.url));

describe('the renderer outside the app', () => {
  let browser: Browser | undefined;
  let server: Awaited<ReturnType<typeof serveFolder>> | undefined;

  beforeAll(async () => {
    if (!existsSync(`${rendererDir}index.html`)) throw new Error('No built renderer in out/renderer: run `npm run build` first.');
    browser = await launchChromium();
    // The built page as plain files, with no bridge: what a person would
    // see if they opened it in an ordinary browser.
    server = await serveFolder(rendererDir);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('says clearly that the window is not connected, and breaks no CSP rule', async () => {
    const app = await openApp(browser!, server!.url);
    try {
      await expectScreen(app.page, 'Not connected');
      await app.page.getByText('This window is not connected to the Teamified Kiosk app').waitFor();
      await expectNoSeriousA11yViolations(app.page, 'not connected');
      expect(app.problems).toEqual([]);
    } finally {
      await app.context.close();
    }
  });
});
