import type { ProhibitedProcess, ProhibitedProcessCategory } from '../../shared/domain/settings';

/**
 * Categories whose programs lock the sitting when they appear: someone
 * elsewhere may be watching or working the kiosk (screen sharing, remote
 * access), answers may be drawn over it (AI assistants), or another voice
 * or picture may be fed in (virtual audio and camera). Another browser is
 * only recorded: behind the full-screen kiosk it is seen only by switching
 * to it, which the page's focus events record, and Windows keeps Edge
 * running in the background by itself.
 */
export const LOCKING_CATEGORIES: ReadonlySet<ProhibitedProcessCategory> = new Set([
  'screen_sharing',
  'remote_access',
  'ai_assistant',
  'virtual_audio_camera',
]);

/**
 * The built-in list, used until IT sets `lockdown.prohibitedProcesses`
 * (which replaces it whole). Executable names as the three OSes list them,
 * compared by `processKey`, so "zoom" also covers Zoom.exe. Well-known names,
 * not checked against every current release: IT adds what its kiosks need.
 *
 * Left out on purpose: Chromium (the browser host and the end-to-end tests
 * show the kiosk's page in it, and no other program's process is called
 * that; IT adds it where it wants it), and drivers without a process of
 * their own (VB-Audio Cable, BlackHole, v4l2loopback), which the page's
 * check of the microphone in use sees instead.
 */
const builtIn: Record<ProhibitedProcessCategory, readonly string[]> = {
  screen_sharing: [
    'zoom', // Windows, Linux
    'zoom.us', // macOS
    'CptHost', // Zoom's screen-sharing helper (Windows)
    'Teams', // classic Teams
    'ms-teams', // new Teams (Windows)
    'MSTeams', // new Teams (macOS)
    'Microsoft Teams',
    'teams-for-linux',
    'Skype',
    'Webex',
    'CiscoCollabHost',
    'atmgr', // Webex Meetings
    'Discord',
    'Slack',
    'g2mcomm', // GoTo Meeting
    'GoToMeeting',
    'BlueJeans',
    'RingCentral',
    'FaceTime',
    'Loom',
  ],
  remote_access: [
    'TeamViewer',
    'TeamViewer_Service',
    'teamviewerd',
    'tv_w32',
    'tv_x64',
    'AnyDesk',
    'rustdesk',
    'parsecd', // Parsec
    'remoting_host', // Chrome Remote Desktop (Windows)
    'remoting_me2me_host', // Chrome Remote Desktop (macOS, Linux)
    'chrome-remote-desktop-host',
    'LogMeIn',
    'LogMeInSystray',
    'LMIGuardianSvc',
    'SRService', // Splashtop
    'SRManager',
    'ScreenConnect.ClientService',
    'ScreenConnect.WindowsClient',
    'Supremo',
    'AA_v3', // Ammyy Admin
    'vncserver',
    'vncserver-x11', // RealVNC
    'vncserver-x11-core',
    'vncagent',
    'Xvnc',
    'x11vnc',
    'x0vncserver', // TigerVNC
    'wayvnc',
    'winvnc', // UltraVNC
    'tvnserver', // TightVNC
    'vino-server', // GNOME
    'gnome-remote-desktop-daemon',
    'krfb', // KDE
    'screensharingd', // macOS Screen Sharing, while someone is connected
    'ARDAgent', // Apple Remote Desktop
  ],
  ai_assistant: [
    'Cluely',
    'Interview Coder',
    'InterviewCoder',
    'Pluely',
    'Cheating Daddy',
    'LeetCode Wizard',
    'ChatGPT',
    'Claude',
    'Perplexity',
  ],
  other_browser: [
    'chrome',
    'Google Chrome',
    'firefox',
    'firefox-bin',
    'firefox-esr',
    'msedge',
    'Microsoft Edge',
    'microsoft-edge',
    'Safari',
    'brave',
    'Brave Browser',
    'opera',
    'vivaldi',
    'vivaldi-bin',
    'iexplore',
    'librewolf',
    'waterfox',
  ],
  virtual_audio_camera: [
    'obs', // OBS Studio: its virtual camera, and streaming
    'obs64',
    'obs32',
    'voicemeeter',
    'voicemeeter_x64',
    'voicemeeterpro', // Voicemeeter Banana
    'voicemeeterpro_x64',
    'voicemeeter8', // Voicemeeter Potato
    'voicemeeter8x64',
    'Soundflowerbed',
    'Loopback', // Rogue Amoeba
    'Audio Hijack',
    'Voicemod',
    'ManyCam',
    'Snap Camera',
    'CamTwist',
    'mmhmm',
  ],
};

export const DEFAULT_PROHIBITED_PROCESSES: readonly ProhibitedProcess[] = Object.entries(builtIn).flatMap(([category, names]) =>
  names.map((name) => ({ name, category: category as ProhibitedProcessCategory })),
);

/** Endings that name the kind of executable, not the program. */
const EXECUTABLE_ENDING = /\.(exe|com|bat|cmd|app|appimage|bin)$/;

/**
 * How a running program and a listed one are compared: the base name (after
 * the last / or \), in lower case, without one executable ending (.exe,
 * .app, .AppImage, ...). "C:\Program Files\Zoom\Zoom.EXE", "zoom.exe" and
 * "Zoom" are all "zoom"; "zoom.us" stays itself (".us" is not such an
 * ending). Names are compared whole, never as parts, so "chrome" does not
 * catch "chrome_crashpad_handler" (which every Electron app runs) and
 * "obs" does not catch "jobs".
 */
export function processKey(name: string): string {
  const trimmed = name.trim();
  const base = trimmed.slice(Math.max(trimmed.lastIndexOf('/'), trimmed.lastIndexOf('\\')) + 1);
  return base.toLowerCase().replace(EXECUTABLE_ENDING, '');
}

export interface ProhibitedMatch {
  /** The listed program, as the list names it. */
  entry: ProhibitedProcess;
  /** Its processKey: one sighting, one event, however many processes or spellings it has. */
  key: string;
  /** The running program's name as the OS gave it. */
  running: string;
}

/**
 * The listed programs among the running ones, each once. `ownNames` are
 * this app's own executable (Electron's, or Node's under the browser host):
 * never a match, whatever the list says.
 */
export function findProhibited(running: readonly string[], list: readonly ProhibitedProcess[], ownNames: readonly string[] = []): ProhibitedMatch[] {
  const own = new Set(ownNames.map(processKey));
  const listed = new Map<string, ProhibitedProcess>();
  for (const entry of list) {
    const key = processKey(entry.name);
    if (key && !own.has(key) && !listed.has(key)) listed.set(key, entry);
  }
  const matches = new Map<string, ProhibitedMatch>();
  for (const name of running) {
    const key = processKey(name);
    const entry = listed.get(key);
    if (entry && !matches.has(key)) matches.set(key, { entry, key, running: name });
  }
  return [...matches.values()];
}
