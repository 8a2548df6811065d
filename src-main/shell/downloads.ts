import { existsSync } from 'node:fs';
import { extname, join } from 'node:path';
import type { Session } from 'electron';
import type { AppMode } from '../../shared/domain/settings';
import type { Logger } from '../logging/logger-types';

/** Downloads go to this folder inside the user's Downloads folder. */
export const DOWNLOAD_FOLDER_NAME = 'Teamified Kiosk';

export interface DownloadPolicy {
  /** Read at each download: an admin can switch the device's mode while the app runs. */
  mode(): AppMode;
  /** Whether the window (its webContents id) is signed in as a member of staff. */
  isStaffWindow(contentsId: number): boolean;
  isAppUrl(url: string): boolean;
  /** app.getPath('downloads'). */
  downloadsDir(): string;
  /** shell.showItemInFolder: with no save dialog, this is how the user learns where the file went. */
  reveal?(path: string): void;
  logger: Logger;
  exists?: (path: string) => boolean;
}

/**
 * Downloads (the PDF report a recruiter exports) are files the page makes
 * from a blob. At a kiosk nothing is downloaded: a save dialog is a file
 * browser, a way out of the interview. On a recruiter's laptop, only a
 * signed-in member of staff, only the app's own blobs, and straight into
 * Downloads/Teamified Kiosk under a cleaned name, without a dialog
 * (docs/api/session.md 'will-download', docs/api/download-item.md setSavePath).
 */
export function handleDownloads(session: Pick<Session, 'on'>, policy: DownloadPolicy): void {
  const { logger } = policy;
  const exists = policy.exists ?? existsSync;
  session.on('will-download', (event, item, contents) => {
    const url = item.getURL();
    const refusal = refusalReason(url, contents.id, policy);
    if (refusal) {
      // docs: preventDefault() cancels the download.
      event.preventDefault();
      logger.warn('download refused', { reason: refusal, url: url.slice(0, 100) });
      return;
    }
    const folder = join(policy.downloadsDir(), DOWNLOAD_FOLDER_NAME);
    const path = freePath(folder, safeFileName(item.getFilename()), exists);
    // Only here, inside will-download, does setSavePath work; Electron creates the folder.
    item.setSavePath(path);
    logger.info('download saved without a dialog', { path });
    item.once('done', (_event, state) => {
      if (state === 'completed') policy.reveal?.(path);
      else logger.warn('download did not finish', { path, state });
    });
  });
}

function refusalReason(url: string, contentsId: number, policy: DownloadPolicy): string | null {
  if (policy.mode() !== 'recruiter') return 'kiosk mode';
  if (!policy.isStaffWindow(contentsId)) return 'not a staff screen';
  if (!isOwnBlob(url, policy.isAppUrl)) return 'not the app’s own file';
  return null;
}

/** `blob:app://kiosk/<uuid>`: a blob the app's own page made. */
function isOwnBlob(url: string, isAppUrl: (url: string) => boolean): boolean {
  return url.startsWith('blob:') && isAppUrl(url.slice('blob:'.length));
}

const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$/i;
const MAX_NAME_LENGTH = 150;

/**
 * A file name safe on every OS: no folders (the last path segment only), no
 * characters Windows refuses or control characters, no bidirectional marks
 * that disguise an extension, no leading dot (hidden) or trailing dot or
 * space, no reserved device name, and not too long.
 */
export function safeFileName(name: string, fallback = 'download'): string {
  let clean = (name.split(/[/\\]/).pop() ?? '')
    .normalize('NFC')
    .replace(/[\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '')
    .replace(/[\u0000-\u001f\u007f<>:"|?*]/g, '_')
    .replace(/^[.\s]+/, '')
    .replace(/[.\s]+$/, '');
  if (WINDOWS_RESERVED.test(clean)) clean = `_${clean}`;
  if (clean.length > MAX_NAME_LENGTH) {
    const extension = extname(clean).slice(0, 16);
    clean = clean.slice(0, MAX_NAME_LENGTH - extension.length) + extension;
  }
  return clean || fallback;
}

/** `name`, or `name (2).ext` and on, so an earlier export is never overwritten. */
export function freePath(folder: string, name: string, exists: (path: string) => boolean): string {
  const extension = extname(name);
  const stem = name.slice(0, name.length - extension.length);
  let candidate = join(folder, name);
  for (let n = 2; exists(candidate); n++) candidate = join(folder, `${stem} (${n})${extension}`);
  return candidate;
}
