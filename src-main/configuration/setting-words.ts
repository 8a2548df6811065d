/**
 * The summary's settings as a recruiter reads them, and their values in
 * words. A setting a newer app adds and this one does not know shows under
 * its path, so nothing that differs is ever hidden.
 */
const LABELS: Record<string, string> = {
  appVersion: 'App version',
  mode: 'Device mode',
  'interview.endOfTurnSilenceMs': 'End-of-answer silence (milliseconds)',
  'interview.maxDurationMinutes': 'Longest interview (minutes)',
  'interview.idleSignOutMinutes': 'Idle candidate sign-out (minutes)',
  'interview.maxStartsPerHour': 'Interview starts an hour',
  'interview.signOutAfterSubmitSeconds': 'Sign-out after submitting (seconds)',
  'interview.requireProctorSitting': 'Proctor sitting required',
  'lockdown.prohibitedProcesses': 'Prohibited programs',
  'lockdown.allowVirtualMachine': 'Virtual machine allowed',
  'lockdown.allowRemoteSession': 'Remote session allowed',
  'lockdown.maxDisplays': 'Displays allowed at a sitting',
  'lockdown.builtInDisplayOnly': 'Only the built-in display allowed',
  shell: 'Desktop shell',
  'shell.platform': 'Operating system',
  'shell.sandboxed': 'Screens sandboxed',
  'shell.displays': 'Displays connected at the start',
  'shell.builtInDisplays': 'Built-in displays at the start',
  'shell.osKiosk': 'OS kiosk lock',
};

export function settingLabel(path: string): string {
  return LABELS[path] ?? path;
}

export function valueInWords(path: string, value: unknown): string {
  if (value === undefined) return 'not recorded';
  if (value === null) {
    if (path === 'lockdown.prohibitedProcesses') return 'the built-in list';
    if (path === 'lockdown.maxDisplays') return 'no limit';
    if (path === 'shell') return 'none reported (not the desktop app)';
    return 'none';
  }
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (Array.isArray(value)) {
    const names = value.map((item) => (typeof item === 'object' && item !== null && 'name' in item ? String((item as { name: unknown }).name) : JSON.stringify(item)));
    return names.length === 0 ? 'an empty list' : names.join(', ');
  }
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}
