import { createHash } from 'node:crypto';
import type { AppSettings } from '../../shared/domain/settings';
import type { ConfigurationSummary } from '../db/json-schemas';
import { canonicalJson } from '../common/canonical-json';

/** What the Electron shell last reported (src-main/self-check/shell-checks.ts ShellFacts); null in the browser host. */
export interface LockdownState {
  platform: string;
  sandboxed: boolean;
  displays: number;
  /** Reported by shells that tell built-in displays apart; recorded when present. */
  builtInDisplays?: number;
  osKiosk: string;
}

export interface ConfigurationInputs {
  settings: AppSettings;
  appVersion: string;
  lockdown: LockdownState | null;
}

/**
 * What governs a sitting, and nothing else: the interview and lockdown
 * sections and the mode are picked by name, so provider addresses, the sync
 * endpoint and SMTP settings (which may hold a user name or a password in a
 * URL) can never reach the summary, the hosted database or a recruiter's
 * screen. Secrets are not settings at all (they live in the keychain).
 */
export function configurationSummary(inputs: ConfigurationInputs): ConfigurationSummary {
  const { mode, interview, lockdown } = inputs.settings;
  const shell = inputs.lockdown;
  return {
    appVersion: inputs.appVersion,
    mode,
    interview: { ...interview },
    lockdown: { ...lockdown, prohibitedProcesses: lockdown.prohibitedProcesses?.map(({ name, category }) => ({ name, category })) ?? null },
    shell: shell ? shellSummary(shell) : null,
  };
}

// Only what the shell says about the lock (never, say, a window id); a count it does not report stays absent, as JSON has no undefined.
function shellSummary(shell: LockdownState): ConfigurationSummary {
  const { platform, sandboxed, displays, builtInDisplays, osKiosk } = shell;
  return { platform, sandboxed, displays, osKiosk, ...(builtInDisplays === undefined ? {} : { builtInDisplays }) };
}

/** The configuration key: SHA-256 (lower-case hex) of the summary's canonical JSON. */
export function configurationKey(summary: ConfigurationSummary): string {
  return createHash('sha256').update(canonicalJson(summary), 'utf8').digest('hex');
}
