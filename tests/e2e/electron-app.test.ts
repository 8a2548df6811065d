import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { _electron, type ElectronApplication } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findElectron } from '../../scripts/electron-native';

/**
 * The real Electron app, when an Electron binary is installed: the GitHub
 * workflow (.github/workflows/desktop.yml) installs one on Linux, Windows
 * and macOS. Found without require('electron'), which since Electron 42
 * downloads the binary on first use: on this project's build machines there
 * is none and no internet, so the test says so and the browser-host suites
 * cover the same renderer.
 */
const electron = findElectron(join(import.meta.dirname, '..', '..', 'node_modules'));
if (!electron.installed) {
  console.warn(`Skipping the real-Electron tests: ${electron.reason}. On a machine with internet, \`npm start\` (or npx install-electron) fetches it and these tests run.`);
}
const executablePath = electron.installed ? electron.executable : '';

describe.skipIf(!electron.installed)('the Electron app', () => {
  let app: ElectronApplication;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'kiosk-electron-'));
    app = await _electron.launch({
      executablePath,
      // A fake microphone, so the permission grant can be seen without a device or a prompt.
      args: ['.', '--use-fake-device-for-media-stream'],
      env: { ...process.env, TEAMIFIED_DATA_DIR: dataDir },
    });
  });
  afterAll(async () => {
    await app?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('opens a sandboxed window on the first-start setup screen, with only the bridge exposed', async () => {
    const page = await app.firstWindow();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toMatch(/set up/i);
    expect(await page.evaluate(() => typeof (window as unknown as { require?: unknown }).require)).toBe('undefined');
    expect(await page.evaluate(() => typeof (window as unknown as { process?: unknown }).process)).toBe('undefined');
    // Context isolation: the page sees only the frozen bridge object, not Electron's ipcRenderer.
    expect(await page.evaluate(() => typeof (window as unknown as { kiosk?: { invoke?: unknown } }).kiosk?.invoke)).toBe('function');
    expect(await page.evaluate(() => typeof (window as unknown as { ipcRenderer?: unknown }).ipcRenderer)).toBe('undefined');
  });

  it('grants the microphone to the app’s own page, and refuses the camera and desktop capture', async () => {
    const page = await app.firstWindow();
    const outcome = (constraints: string) =>
      page.evaluate(async (json) => {
        try {
          const stream = await navigator.mediaDevices.getUserMedia(JSON.parse(json) as MediaStreamConstraints);
          stream.getTracks().forEach((track) => track.stop());
          return 'granted';
        } catch (error) {
          return (error as Error).name;
        }
      }, constraints);
    expect(await outcome(JSON.stringify({ audio: true }))).toBe('granted');
    expect(await outcome(JSON.stringify({ video: true }))).not.toBe('granted');
    // Legacy desktop capture arrives as a media request with no media types: refused.
    expect(await outcome(JSON.stringify({ audio: false, video: { mandatory: { chromeMediaSource: 'desktop' } } }))).not.toBe('granted');
  });

  it('has no DevTools open, and none can be opened, when packaged; the default menu is gone', async () => {
    const state = await app.evaluate(({ app: electronApp, BrowserWindow, Menu }) => {
      const window = BrowserWindow.getAllWindows()[0]!;
      if (electronApp.isPackaged) window.webContents.openDevTools();
      return { packaged: electronApp.isPackaged, open: window.webContents.isDevToolsOpened(), menu: Menu.getApplicationMenu() !== null };
    });
    expect(state.open).toBe(false);
    if (state.packaged && process.platform !== 'darwin') expect(state.menu).toBe(false);
  });
});
