import { displayProblem, type DisplayPolicy } from '../../shared/domain/display-policy';
import type { AppMode } from '../../shared/domain/settings';
import type { CheckResult } from './check-result';
import type { OsKiosk } from './os-kiosk';

/** What only the Electron shell knows, as it reports it to the core (core-protocol 'shell-facts'). */
export interface ShellFacts {
  /** process.platform of the shell: 'win32', 'darwin', 'linux', … */
  platform: string;
  /** Every renderer runs in Chromium's sandbox (the app was not started with --no-sandbox). */
  sandboxed: boolean;
  /** Displays connected now. */
  displays: number;
  /** How many of them are built in (a laptop's own screen: Electron's Display.internal). */
  builtInDisplays: number;
  osKiosk: OsKiosk;
}

const NO_SHELL =
  'Not known here: this copy of the app runs without its desktop window (the browser host used for development and tests), which is what would report it. Run the check in the installed app.';

/** The policy when IT set none: one display, built in or not. */
const DEFAULT_DISPLAY_POLICY: DisplayPolicy = { maxDisplays: 1, builtInDisplayOnly: false };

/**
 * The checks only the shell's facts answer; all three 'unknown' when no
 * shell has reported (the browser host). `displayPolicy`: IT's at a
 * sitting (lockdown.maxDisplays and lockdown.builtInDisplayOnly).
 */
export function checkShell(facts: ShellFacts | null, mode: AppMode, displayPolicy: DisplayPolicy = DEFAULT_DISPLAY_POLICY): CheckResult[] {
  return [checkOsKiosk(facts, mode), checkSandbox(facts), checkDisplays(facts, mode, displayPolicy)];
}

const OS_KIOSK_LABEL = 'OS kiosk lock';

const setUp: Record<string, string> = {
  win32: 'IT sets the kiosk account up with Assigned Access (Settings → Accounts → Other users → Set up a kiosk, choosing Teamified Kiosk), or an Intune or provisioning-package kiosk profile, so it runs this app and no Explorer desktop.',
  darwin: 'Run the installed (packaged) app in kiosk mode: its window then is macOS’s kiosk presentation (no Dock, menu bar or app switching). Give the kiosk a managed account that may open only this app.',
  linux: 'IT starts the app as the only client of the cage kiosk compositor from a dedicated user’s session, e.g. cage -- /opt/Teamified\\ Kiosk/teamified-kiosk.',
};

const found: Record<string, Record<'present' | 'missing', string>> = {
  win32: {
    present: 'Explorer is not running: the app runs as the kiosk account’s only program (Assigned Access).',
    missing: 'Explorer is running, so there is a Windows desktop behind the app: Alt+Tab, the Windows key and other apps are within reach.',
  },
  darwin: {
    present: 'The app’s window is macOS’s kiosk presentation: no Dock, menu bar or app switching.',
    missing: 'The app’s window is not macOS’s kiosk presentation, so the Dock, the menu bar and Cmd+Tab are within reach.',
  },
  linux: {
    present: 'The app runs inside cage, the kiosk compositor: no other window or shortcut exists there.',
    missing: 'The app does not run inside cage, so the desktop, other windows and their shortcuts are within reach.',
  },
};

function checkOsKiosk(facts: ShellFacts | null, mode: AppMode): CheckResult {
  const base = { id: 'os-kiosk' as const, label: OS_KIOSK_LABEL };
  if (!facts) return { ...base, status: 'unknown', detail: NO_SHELL, fix: null };
  if (mode !== 'kiosk') return { ...base, status: 'ok', detail: 'Not needed: this device is in recruiter mode, and the OS’s kiosk lock is for kiosks.', fix: null };
  if (facts.osKiosk === 'unknown') {
    return {
      ...base,
      status: 'unknown',
      detail: `The app could not tell whether the OS’s kiosk lock is on (${facts.platform}).`,
      fix: 'IT checks by hand that Alt+Tab (Cmd+Tab), the Windows key and other apps cannot be reached at this kiosk.',
    };
  }
  const words = found[facts.platform]?.[facts.osKiosk] ?? (facts.osKiosk === 'present' ? 'The OS’s kiosk lock is on.' : 'The OS’s kiosk lock is not on.');
  if (facts.osKiosk === 'present') return { ...base, status: 'ok', detail: words, fix: null };
  return { ...base, status: 'fail', detail: words, fix: setUp[facts.platform] ?? 'IT sets up the OS’s own kiosk mode for this app (README, “Locking a kiosk down”).' };
}

function checkSandbox(facts: ShellFacts | null): CheckResult {
  const base = { id: 'sandbox' as const, label: 'Sandbox' };
  if (!facts) return { ...base, status: 'unknown', detail: NO_SHELL, fix: null };
  if (facts.sandboxed) return { ...base, status: 'ok', detail: 'Every screen of the app runs in Chromium’s sandbox, kept apart from this computer.', fix: null };
  return {
    ...base,
    status: 'fail',
    detail: 'The app was started with --no-sandbox: its screens are not kept apart from this computer. A kiosk refuses to run like this.',
    fix: 'Start the app without --no-sandbox. If it only starts with it on Linux, IT fixes the cause: unprivileged user namespaces, or chrome-sandbox owned by root with mode 4755.',
  };
}

function checkDisplays(facts: ShellFacts | null, mode: AppMode, policy: DisplayPolicy): CheckResult {
  const base = { id: 'displays' as const, label: 'Displays' };
  if (!facts) return { ...base, status: 'unknown', detail: NO_SHELL, fix: null };
  if (facts.displays === 0) {
    return { ...base, status: 'warn', detail: 'No display was reported.', fix: 'Check that the kiosk’s screen is connected and switched on, then run the check again.' };
  }
  const problem = mode === 'kiosk' ? displayProblem(facts, policy) : null;
  if (problem) {
    return { ...base, status: 'fail', detail: `${problem.problem} A proctor cannot open a sitting here.`, fix: `${problem.fix} (A display connected during a sitting locks it.)` };
  }
  const count = `${facts.displays} display${facts.displays === 1 ? ' is' : 's are'} connected${builtInNote(facts)}.`;
  const allowed =
    mode !== 'kiosk' ? '' : policy.builtInDisplayOnly ? ' IT allows only the built-in display at a sitting.' : policy.maxDisplays !== null && policy.maxDisplays > 1 ? ` IT allows up to ${policy.maxDisplays} at a sitting.` : '';
  return { ...base, status: 'ok', detail: `${count}${allowed}`, fix: null };
}

function builtInNote(facts: ShellFacts): string {
  if (facts.builtInDisplays === 0) return '';
  return facts.displays === 1 ? ' (built in)' : ` (${facts.builtInDisplays} built in)`;
}
