/**
 * IT's display policy at a proctored sitting (lockdown.maxDisplays and
 * lockdown.builtInDisplayOnly, issue 17): another screen lets someone read
 * along. Plain rules over what the Electron shell counted, so the sitting's
 * opening, the self-check and the live watch during a sitting
 * (src-main/kiosk-watch/display-watch.ts) judge the displays alike and say
 * the same about them.
 */

/** The kiosk's displays as the shell counted them; a built-in one is Electron's `Display.internal`. */
export interface DisplayCount {
  displays: number;
  builtInDisplays: number;
}

export interface DisplayPolicy {
  /** The most displays connected at a sitting; null for no limit. */
  maxDisplays: number | null;
  /** Only the built-in display may be in use. */
  builtInDisplayOnly: boolean;
}

/** What breaks the policy, in words: what is wrong, and what to disconnect. */
export interface DisplayProblem {
  rule: 'built_in_only' | 'max_displays';
  problem: string;
  fix: string;
}

const READ_ALONG = 'another screen lets someone read along';

/** Null when the displays keep to the policy; none at all (nothing reported) is the self-check's warning, not a breach. */
export function displayProblem(count: DisplayCount, policy: DisplayPolicy): DisplayProblem | null {
  if (count.displays === 0) return null;
  const external = Math.max(0, count.displays - count.builtInDisplays);
  if (policy.builtInDisplayOnly && external > 0) {
    if (count.builtInDisplays === 0) {
      return {
        rule: 'built_in_only',
        problem: `${displaysAre(count.displays)} connected to this kiosk and none is its built-in display (a laptop’s lid may be closed), and IT allows only the built-in display during a sitting: ${READ_ALONG}.`,
        fix: `Open the laptop’s lid and disconnect the external display${external === 1 ? '' : 's'}.`,
      };
    }
    return {
      rule: 'built_in_only',
      problem: `${external === 1 ? 'An external display is' : `${external} external displays are`} connected to this kiosk besides its built-in one, and IT allows only the built-in display during a sitting: ${READ_ALONG}.`,
      fix: `Disconnect the external display${external === 1 ? '' : 's'}.`,
    };
  }
  const max = policy.maxDisplays;
  if (max !== null && count.displays > max) {
    return {
      rule: 'max_displays',
      problem: `${displaysAre(count.displays)} connected to this kiosk, and IT allows ${max === 1 ? 'only one' : `at most ${max}`} during a sitting: ${READ_ALONG}.`,
      fix: 'Disconnect the others.',
    };
  }
  return null;
}

/** The counts an integrity event recorded with it (display_added, display_policy_broken); null when it has none (an older event). */
export function displayCountOf(details: Readonly<Record<string, unknown>> | null): DisplayCount | null {
  const displays = details?.['displays'];
  const builtInDisplays = details?.['builtInDisplays'];
  return typeof displays === 'number' && typeof builtInDisplays === 'number' ? { displays, builtInDisplays } : null;
}

function displaysAre(count: number): string {
  return count === 1 ? '1 display is' : `${count} displays are`;
}
