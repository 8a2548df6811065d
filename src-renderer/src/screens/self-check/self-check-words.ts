import type { KioskCheck, KioskCheckId, SelfCheckStatus } from '../../../../shared/ipc/kiosk-channels';
import type { MicrophoneProblem } from '../../voice/microphone';

/** The two checks only the page can make. */
export type DeviceCheckId = 'microphone' | 'speakers';
export type CheckId = KioskCheckId | DeviceCheckId;

export interface CheckView extends Omit<KioskCheck, 'id'> {
  id: CheckId;
}

/** The order: what locks the kiosk down, then the candidate's equipment, then the device's services. */
export const CHECK_ORDER: readonly CheckId[] = ['keychain', 'os-kiosk', 'sandbox', 'displays', 'microphone', 'speakers', 'disk', 'clock', 'network', 'provider', 'bank-audio', 'sync', 'updates'];

export function inCheckOrder(checks: readonly CheckView[]): CheckView[] {
  const rank = (check: CheckView) => {
    const index = CHECK_ORDER.indexOf(check.id);
    return index === -1 ? CHECK_ORDER.length : index;
  };
  return [...checks].sort((a, b) => rank(a) - rank(b));
}

/** Each status as a word and a sign, never as a colour alone. */
export const statusWords: Record<SelfCheckStatus, { word: string; sign: string }> = {
  ok: { word: 'Passed', sign: '✓' },
  warn: { word: 'Needs attention', sign: '!' },
  fail: { word: 'Fix before a sitting', sign: '✕' },
  unknown: { word: 'Not checked', sign: '?' },
};

export type SummaryTone = 'success' | 'warning' | 'error' | 'info';

const plural = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;

/** One line over the list: all passed, or how many things to fix, and how many could not be checked. */
export function summarize(checks: readonly CheckView[]): { text: string; tone: SummaryTone } {
  const count = (status: SelfCheckStatus) => checks.filter((check) => check.status === status).length;
  const [fail, warn, unknown] = [count('fail'), count('warn'), count('unknown')];
  const toFix = fail + warn;
  if (checks.length > 0 && toFix === 0 && unknown === 0) return { text: 'All checks passed.', tone: 'success' };
  const notChecked = unknown > 0 ? plural(unknown, 'check is', 'checks are') + ' not done yet or could not be made here' : '';
  if (toFix === 0) return { text: `Nothing to fix so far; ${notChecked}.`, tone: 'info' };
  const fixes = `${plural(toFix, 'thing', 'things')} to fix before a sitting`;
  return { text: unknown > 0 ? `${fixes}; ${notChecked}.` : `${fixes}.`, tone: fail > 0 ? 'error' : 'warning' };
}

// ---------------------------------------------------------------- microphone

export type MicrophoneState =
  | { status: 'opening' }
  | { status: 'open'; device: string; heard: boolean }
  | { status: 'error'; problem: MicrophoneProblem };

/** For IT, unlike the candidate's messages (which say to ask staff): what is wrong and what to change. */
const microphoneProblems: Record<MicrophoneProblem, { detail: string; fix: string }> = {
  denied: {
    detail: 'The app is not allowed to use the microphone.',
    fix: 'Allow microphone access for Teamified Kiosk in the OS’s privacy settings (Windows: Settings → Privacy → Microphone; macOS: System Settings → Privacy & Security → Microphone), then check again.',
  },
  missing: {
    detail: 'No microphone was found.',
    fix: 'Connect a microphone or headset and make it the OS’s default recording device, then check again.',
  },
  busy: {
    detail: 'A microphone is connected but could not be started: another program may be using it.',
    fix: 'Close other programs that use the microphone (video calls, recorders), or plug it in again, then check again.',
  },
  unsupported: {
    detail: 'This screen cannot record audio.',
    fix: 'Run the check in the installed app.',
  },
};

export function microphoneCheck(state: MicrophoneState): CheckView {
  const base = { id: 'microphone' as const, label: 'Microphone' };
  if (state.status === 'opening') return { ...base, status: 'unknown', detail: 'Starting the microphone…', fix: null };
  if (state.status === 'error') return { ...base, status: 'fail', ...microphoneProblems[state.problem] };
  if (state.heard) return { ...base, status: 'ok', detail: `${state.device} is on and picking up sound.`, fix: null };
  return {
    ...base,
    status: 'unknown',
    detail: `${state.device} is on, but has not picked up any sound yet. Say a few words near it: the level below should move.`,
    fix: 'If the level does not move when someone speaks, check that the microphone is not muted (a switch on it or its cable) and that it is the OS’s default recording device.',
  };
}

// ---------------------------------------------------------------- speakers

export interface SpeakerState {
  /** The sound outputs the browser lists (null: it lists none it will name); only said, not judged. */
  outputs: string | null;
  tone: 'idle' | 'playing' | 'played' | 'failed';
  /** What the person at the kiosk said after the tone; null until they say. */
  heard: boolean | null;
}

/** Only a person can tell whether sound came out: not checked until they say whether they heard the tone. */
export function speakerCheck(state: SpeakerState): CheckView {
  const base = { id: 'speakers' as const, label: 'Speakers or headphones' };
  const outputs = state.outputs ? ` Sound goes to: ${state.outputs}.` : '';
  if (state.tone === 'failed') {
    return { ...base, status: 'fail', detail: `The test tone could not be played.${outputs}`, fix: 'Check that a sound device is connected and enabled in the OS, then check again.' };
  }
  if (state.heard === true) return { ...base, status: 'ok', detail: `The test tone was heard.${outputs}`, fix: null };
  if (state.heard === false) {
    return {
      ...base,
      status: 'fail',
      detail: `The test tone was not heard.${outputs}`,
      fix: 'Check that the speakers or headphones are connected, switched on and not muted, that the volume is up, and that they are the OS’s default playback device; then play the tone again.',
    };
  }
  return { ...base, status: 'unknown', detail: `Play the test tone and say whether you heard it.${outputs}`, fix: null };
}
