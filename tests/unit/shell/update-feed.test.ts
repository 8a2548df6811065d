import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { serveVerifiedUpdate, type LocalFeed } from '../../../src-main/shell/update-feed';
import { channelFileName } from '../../../src-main/updates/channel-file';
import type { VerifiedUpdate } from '../../../src-main/updates/installer-port';
import { realUpdater } from '../../fixtures/electron-updater/real-updater';

/**
 * The local feed the shell points electron-updater at (issue 20, point 3):
 * the real electron-updater reads it and takes the verified installer,
 * asking nothing of any other address.
 */
const bytes = Buffer.from('the verified installer '.repeat(2048));
let dir: string;
let update: VerifiedUpdate;
let feed: LocalFeed | null = null;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'update-feed-'));
  // A name with a space and a #, as a feed may give one: it stays one file name.
  const fileName = 'Teamified Kiosk #2-1.5.0.AppImage';
  writeFileSync(join(dir, fileName), bytes);
  update = { version: '1.5.0', channel: 'pilot', fileName, sha512: createHash('sha512').update(bytes).digest('base64'), size: bytes.length, path: join(dir, fileName) };
});
afterEach(async () => {
  await feed?.close();
  feed = null;
  rmSync(dir, { recursive: true, force: true });
});

describe('the local feed of the verified installer', () => {
  it('is read by the real electron-updater, which downloads the verified bytes from it and from nowhere else', async () => {
    feed = await serveVerifiedUpdate(update, channelFileName('latest', process.platform, process.arch));
    const real = realUpdater({ version: '1.0.0', dir: join(dir, 'updater'), packaged: true, appUpdateConfig: true });
    try {
      const { updater, requests } = real;
      updater.autoDownload = false;
      updater.disableDifferentialDownload = true;
      updater.setFeedURL({ provider: 'generic', url: feed.url });
      expect(await updater.checkForUpdates()).toMatchObject({ isUpdateAvailable: true, updateInfo: { version: '1.5.0', files: [{ sha512: update.sha512, size: bytes.length }] } });
      const [file] = await updater.downloadUpdate();
      expect(readFileSync(file!)).toEqual(bytes);
      expect(requests.length).toBe(2);
      for (const asked of requests) expect(asked.startsWith(feed.url)).toBe(true);
    } finally {
      real.dispose();
    }
  });

  it('answers only inside its own random folder, and only to reading', async () => {
    feed = await serveVerifiedUpdate(update, 'latest-linux.yml');
    const other = await serveVerifiedUpdate(update, 'latest-linux.yml');
    await other.close();
    expect(feed.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/[0-9a-f]{32}\/$/);
    expect(new URL(other.url).pathname).not.toBe(new URL(feed.url).pathname);
    const origin = new URL(feed.url).origin;
    const name = encodeURIComponent(update.fileName);
    expect((await fetch(`${feed.url}${name}`)).status).toBe(200);
    expect((await fetch(`${feed.url}latest-linux.yml?noCache=x`)).status).toBe(200);
    expect((await fetch(`${origin}/${name}`)).status).toBe(404);
    expect((await fetch(`${origin}${new URL(other.url).pathname}${name}`)).status).toBe(404);
    expect((await fetch(`${feed.url}latest-mac.yml`)).status).toBe(404);
    expect((await fetch(`${feed.url}${name}`, { method: 'POST' })).status).toBe(404);
    await expect(fetch(`${other.url}${name}`)).rejects.toThrow();
  });
});
