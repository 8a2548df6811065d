import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { _electron } from 'playwright-core';
import { describe, expect, it } from 'vitest';

/**
 * The real Electron app, when an Electron binary is installed. On this
 * project's build machines it cannot be downloaded (ELECTRON_SKIP_BINARY_DOWNLOAD),
 * so the test says so and the browser-host suites cover the same renderer.
 */
function electronBinary(): string | null {
  try {
    const path = createRequire(import.meta.url)('electron') as unknown;
    return typeof path === 'string' ? path : null;
  } catch {
    return null;
  }
}

const binary = electronBinary();
if (!binary) {
  console.warn(
    'Skipping the Electron window test: no Electron binary is installed (npm ci ran with ELECTRON_SKIP_BINARY_DOWNLOAD=1). ' +
      'On a machine with internet, `npm ci` fetches it and this test runs.',
  );
}

describe('the Electron app', () => {
  it.skipIf(!binary)('opens a sandboxed window on the first-start setup screen', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'kiosk-electron-'));
    const app = await _electron.launch({
      executablePath: binary!,
      args: ['.'],
      env: { ...process.env, TEAMIFIED_DATA_DIR: dataDir },
    });
    try {
      const page = await app.firstWindow();
      await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toMatch(/set up/i);
      expect(await page.evaluate(() => typeof (window as unknown as { require?: unknown }).require)).toBe('undefined');
      expect(await page.evaluate(() => typeof (window as unknown as { process?: unknown }).process)).toBe('undefined');
      // Context isolation: the page sees only the frozen bridge object, not Electron's ipcRenderer.
      expect(await page.evaluate(() => typeof (window as unknown as { kiosk?: { invoke?: unknown } }).kiosk?.invoke)).toBe('function');
      expect(await page.evaluate(() => typeof (window as unknown as { ipcRenderer?: unknown }).ipcRenderer)).toBe('undefined');
    } finally {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
