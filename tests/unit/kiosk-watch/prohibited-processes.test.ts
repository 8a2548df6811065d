import { basename } from 'node:path';
import { describe, expect, it } from 'vitest';
import { prohibitedProcessCategories, prohibitedProcessSchema } from '../../../shared/domain/settings';
import { DEFAULT_PROHIBITED_PROCESSES, findProhibited, LOCKING_CATEGORIES, processKey } from '../../../src-main/kiosk-watch/prohibited-processes';

describe('how a running program is compared with the list', () => {
  it.each([
    ['Zoom.exe', 'zoom'],
    ['ZOOM.EXE', 'zoom'],
    ['C:\\Program Files\\Zoom\\bin\\Zoom.exe', 'zoom'],
    ['/Applications/zoom.us.app/Contents/MacOS/zoom.us', 'zoom.us'],
    ['  TeamViewer  ', 'teamviewer'],
    ['Snap Camera.exe', 'snap camera'],
    ['rustdesk.AppImage', 'rustdesk'],
    ['ScreenConnect.ClientService.exe', 'screenconnect.clientservice'],
    ['obs64.exe', 'obs64'],
  ])('%s is compared as %s', (name, key) => {
    expect(processKey(name)).toBe(key);
  });

  it('takes whole names only, never a part of one', () => {
    const list = [
      { name: 'chrome', category: 'other_browser' as const },
      { name: 'obs', category: 'virtual_audio_camera' as const },
      { name: 'zoom', category: 'screen_sharing' as const },
    ];
    expect(findProhibited(['chrome_crashpad_handler', 'jobs', 'zoomer', 'my-zoom', 'chrome.old'], list)).toEqual([]);
    expect(findProhibited(['Chrome.exe', 'chrome', 'OBS'], list)).toEqual([
      { entry: list[0], key: 'chrome', running: 'Chrome.exe' },
      { entry: list[1], key: 'obs', running: 'OBS' },
    ]);
  });

  it('keeps the first of two list entries that are the same program, and never matches the app itself', () => {
    const list = [
      { name: 'Zoom.exe', category: 'screen_sharing' as const },
      { name: 'zoom', category: 'other_browser' as const },
      { name: 'electron', category: 'other_browser' as const },
    ];
    expect(findProhibited(['zoom', 'electron'], list, ['/usr/lib/node_modules/electron/dist/electron'])).toEqual([
      { entry: list[0], key: 'zoom', running: 'zoom' },
    ]);
  });
});

describe('the built-in list', () => {
  it('has programs in every category, each a valid setting, none twice', () => {
    for (const category of prohibitedProcessCategories) {
      expect(DEFAULT_PROHIBITED_PROCESSES.some((entry) => entry.category === category), category).toBe(true);
    }
    for (const entry of DEFAULT_PROHIBITED_PROCESSES) expect(prohibitedProcessSchema.parse(entry)).toEqual(entry);
    const keys = DEFAULT_PROHIBITED_PROCESSES.map((entry) => processKey(entry.name));
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('names the well-known ones of each category', () => {
    const categoryOf = (name: string) => findProhibited([name], DEFAULT_PROHIBITED_PROCESSES)[0]?.entry.category;
    expect(['Zoom.exe', 'zoom.us', 'ms-teams.exe', 'Teams'].map(categoryOf)).toEqual(Array(4).fill('screen_sharing'));
    expect(['TeamViewer.exe', 'AnyDesk.exe', 'rustdesk', 'x11vnc', 'remoting_host.exe'].map(categoryOf)).toEqual(Array(5).fill('remote_access'));
    expect(['Cluely.exe', 'Cluely'].map(categoryOf)).toEqual(Array(2).fill('ai_assistant'));
    expect(['chrome.exe', 'firefox', 'msedge.exe', 'Safari', 'brave.exe', 'opera.exe'].map(categoryOf)).toEqual(Array(6).fill('other_browser'));
    expect(['voicemeeter.exe', 'obs64.exe', 'ManyCam.exe', 'Snap Camera'].map(categoryOf)).toEqual(Array(4).fill('virtual_audio_camera'));
  });

  it('leaves out what the app and its tests run as: Chromium, Electron, Node and this process', () => {
    const own = ['chromium', 'chromium-browser', 'chrome_crashpad_handler', 'electron', 'Electron', 'node', 'teamified-kiosk', 'Teamified Kiosk', basename(process.execPath)];
    expect(findProhibited(own, DEFAULT_PROHIBITED_PROCESSES)).toEqual([]);
  });

  it('locks for every category but other browsers', () => {
    expect(prohibitedProcessCategories.filter((category) => !LOCKING_CATEGORIES.has(category))).toEqual(['other_browser']);
  });
});
