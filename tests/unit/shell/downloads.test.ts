// Typed as Electron's own; at run time the 'shell' project resolves it to the stand-in.
import { session as electronSession } from 'electron';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppMode } from '../../../shared/domain/settings';
import { appOrigin } from '../../../src-main/shell/app-origin';
import { DOWNLOAD_FOLDER_NAME, freePath, handleDownloads, safeFileName } from '../../../src-main/shell/downloads';
import { app, DownloadItem, electronStandIn, session, shell, StandInWebContents } from '../../fixtures/electron/index';
import { memoryLogger } from './support';

/** Fix 6. */
describe('downloads', () => {
  let mode: AppMode;
  let staff: boolean;
  let contents: StandInWebContents;
  const existing = new Set<string>();
  const folder = () => join(app.getPath('downloads'), DOWNLOAD_FOLDER_NAME);
  const download = (filename = 'Interview report - Casey.pdf', url = 'blob:app://kiosk/4b1c1f5e-8a55-4c1e-9d1e-5c2a3b4d5e6f') => {
    const item = new DownloadItem({ url, filename, mimeType: 'application/pdf' });
    return { item, outcome: session.defaultSession.download(item, contents) };
  };

  beforeEach(() => {
    electronStandIn.reset();
    app.becomeReady();
    mode = 'recruiter';
    staff = true;
    existing.clear();
    contents = new StandInWebContents({});
    handleDownloads(electronSession.defaultSession, {
      mode: () => mode,
      isStaffWindow: (id) => staff && id === contents.id,
      isAppUrl: appOrigin(null).isAppUrl,
      downloadsDir: () => app.getPath('downloads'),
      reveal: (path) => shell.showItemInFolder(path),
      logger: memoryLogger().logger,
      exists: (path) => existing.has(path),
    });
  });
  afterEach(() => electronStandIn.dispose());

  it('are refused at a kiosk', () => {
    mode = 'kiosk';
    expect(download().outcome).toBe('cancelled');
  });

  it('are refused outside the staff screens', () => {
    staff = false;
    expect(download().outcome).toBe('cancelled');
  });

  it('are refused for anything but the app’s own blobs', () => {
    expect(download('x.pdf', 'https://evil.example/x.pdf').outcome).toBe('cancelled');
    expect(download('x.pdf', 'blob:https://evil.example/1').outcome).toBe('cancelled');
    expect(download('x.pdf', 'data:application/pdf;base64,AAAA').outcome).toBe('cancelled');
  });

  it('for a recruiter, are saved without a dialog into Downloads/Teamified Kiosk, then shown in the file manager', () => {
    const { item, outcome } = download();
    expect(outcome).toBe('saved');
    expect(item.getSavePath()).toBe(join(folder(), 'Interview report - Casey.pdf'));
    item.finish();
    expect(shell.revealed).toEqual([item.getSavePath()]);
  });

  it('never overwrite an earlier file', () => {
    existing.add(join(folder(), 'report.pdf'));
    existing.add(join(folder(), 'report (2).pdf'));
    expect(download('report.pdf').item.getSavePath()).toBe(join(folder(), 'report (3).pdf'));
  });

  it('cannot leave the folder or hide behind a crafted name', () => {
    expect(download('../../.bashrc').item.getSavePath()).toBe(join(folder(), 'bashrc'));
    expect(download('..\\..\\Startup\\evil.exe').item.getSavePath()).toBe(join(folder(), 'evil.exe'));
  });
});

describe('safeFileName', () => {
  it('keeps an ordinary name', () => {
    expect(safeFileName('Interview report - Casey Candidate.pdf')).toBe('Interview report - Casey Candidate.pdf');
  });

  it('keeps only the last path segment', () => {
    expect(safeFileName('/etc/cron.d/job')).toBe('job');
    expect(safeFileName('C:\\Windows\\System32\\x.dll')).toBe('x.dll');
  });

  it('replaces characters Windows refuses and control characters', () => {
    expect(safeFileName('a<b>c:d"e|f?g*h\u0007.pdf')).toBe('a_b_c_d_e_f_g_h_.pdf');
  });

  it('removes bidirectional marks that disguise an extension', () => {
    expect(safeFileName('report\u202Efdp.exe')).toBe('reportfdp.exe');
  });

  it('refuses hidden files, trailing dots and spaces, and reserved device names', () => {
    expect(safeFileName('.profile')).toBe('profile');
    expect(safeFileName('report.pdf. . ')).toBe('report.pdf');
    expect(safeFileName('CON.pdf')).toBe('_CON.pdf');
    expect(safeFileName('lpt1')).toBe('_lpt1');
  });

  it('shortens a long name but keeps its extension', () => {
    const name = safeFileName(`${'x'.repeat(400)}.pdf`);
    expect(name.length).toBe(150);
    expect(name.endsWith('.pdf')).toBe(true);
  });

  it('falls back to a plain name when nothing is left', () => {
    expect(safeFileName('...')).toBe('download');
    expect(safeFileName('')).toBe('download');
  });

  it('numbers a name already taken', () => {
    const taken = new Set(['/d/a.pdf']);
    expect(freePath('/d', 'a.pdf', (path) => taken.has(path))).toBe('/d/a (2).pdf');
    expect(freePath('/d', 'b.pdf', (path) => taken.has(path))).toBe('/d/b.pdf');
  });
});
