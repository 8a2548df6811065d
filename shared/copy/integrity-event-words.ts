import { prohibitedProcessCategories, prohibitedProcessCategoryLabels } from '../domain/settings';
import { formatDuration } from './review-words';

/*
 * One integrity event (focus lost, a paste, a prohibited program, ...) in
 * words. The recruiter's integrity panel and flags (src-main/assessment/
 * integrity-signals.ts) and the proctor's list at the kiosk read the same
 * words, so a proctor and a recruiter never describe one event differently.
 */

/** A detail as main or the page may have stored it: text, a number or a flag. */
export type EventDetails = Readonly<Record<string, unknown>> | null | undefined;

const kindLabels: Record<string, string> = {
  focus_lost: 'Left the interview window',
  focus_returned: 'Came back to the interview window',
  window_hidden: 'Interview window hidden',
  window_shown: 'Interview window shown again',
  paste: 'Pasted text',
  display_added: 'Another display was connected',
  display_policy_broken: 'The displays broke IT’s display policy',
  display_mirrored: 'A display mirrored the kiosk’s screen',
  shortcut_attempted: 'Tried a blocked keyboard shortcut',
  screen_crashed: 'The interview screen crashed',
  screen_unresponsive: 'The interview screen stopped responding',
  prohibited_process: 'A prohibited program was running',
  virtual_machine: 'The kiosk ran inside a virtual machine',
  remote_session: 'The kiosk was used through a remote session',
  virtual_microphone: 'A virtual microphone was in use',
  microphone_changed: 'The microphone changed during the interview',
  kiosk_restarted: 'The kiosk restarted during the sitting (a crash, a kill or a power cut)',
};

/** What kind of event it was; a kind this version does not know (a newer device's) reads as its name. */
export function integrityEventLabel(kind: string): string {
  return kindLabels[kind] ?? kind.replace(/_/g, ' ');
}

/** A detail written as text; anything else (a damaged or hand-made row) counts as missing. */
export function textDetail(details: EventDetails, name: string): string | null {
  const value = details?.[name];
  return typeof value === 'string' && value.trim() !== '' ? value.trim().slice(0, 200) : null;
}

function countDetail(details: EventDetails, name: string): number | null {
  const value = details?.[name];
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : null;
}

/** "Zoom.exe (screen sharing or conferencing)": the program as it ran, and why it is prohibited when that was recorded. */
export function programWords(details: EventDetails): string {
  const name = textDetail(details, 'process') ?? textDetail(details, 'name') ?? 'a program whose name was not recorded';
  const category = prohibitedProcessCategories.find((known) => known === textDetail(details, 'category'));
  return category ? `${name} (${prohibitedProcessCategoryLabels[category]})` : name;
}

/** " (VMware, read from systemd-detect-virt --vm)", or as much of it as was recorded. */
export function evidenceNote(what: string | null, source: string | null): string {
  if (what && source) return ` (${what}, read from ${source})`;
  if (what) return ` (${what})`;
  return source ? ` (read from ${source})` : '';
}

/** "from Built-in Microphone to BlackHole 2ch". */
export function microphoneChangeWords(details: EventDetails): string {
  const from = textDetail(details, 'from');
  const to = textDetail(details, 'to');
  return `from ${from ?? 'an unnamed microphone'} to ${to === null || to === 'none' ? 'no microphone' : to}`;
}

/** "2 displays connected, 1 of them built in": how the kiosk's displays stood, as the shell counted them. */
export function displayCountWords(details: EventDetails): string | null {
  const displays = countDetail(details, 'displays');
  if (displays === null) return null;
  const connected = `${displays} display${displays === 1 ? '' : 's'} connected`;
  const builtIn = countDetail(details, 'builtInDisplays');
  if (builtIn === null) return connected;
  if (builtIn === 0) return `${connected}, none built in`;
  return displays === 1 ? `${connected}, built in` : `${connected}, ${builtIn} of them built in`;
}

/** "3 monitors driven, 2 displays shown (eDP-1, HDMI-A-1, DP-1)": one more monitor than the app shows on. */
export function mirroredWords(details: EventDetails): string | null {
  const monitors = countDetail(details, 'monitors');
  const displays = countDetail(details, 'displays');
  if (monitors === null || displays === null) return null;
  const connectors = textDetail(details, 'connectors');
  return `${monitors} monitor${monitors === 1 ? '' : 's'} driven, ${displays} display${displays === 1 ? '' : 's'} shown${connectors ? ` (${connectors})` : ''}`;
}

function addedDisplayWords(details: EventDetails): string | null {
  const parts: string[] = [];
  const count = displayCountWords(details);
  if (count) parts.push(count);
  const internal = details?.['internal'];
  const width = countDetail(details, 'width');
  const height = countDetail(details, 'height');
  const size = width !== null && height !== null ? ` ${width} × ${height}` : '';
  const label = textDetail(details, 'label');
  if (typeof internal === 'boolean' || size || label) {
    const which = internal === true ? 'built in' : internal === false ? 'external' : '';
    parts.push(`the new one: ${[which, size.trim(), label].filter(Boolean).join(', ')}`);
  }
  return parts.length > 0 ? parts.join('; ') : null;
}

/**
 * What was recorded with one event, in words ("412 characters", "Zoom.exe
 * (screen sharing or conferencing)"); null when there is nothing more to
 * say than its kind.
 */
export function integrityEventEvidence(kind: string, details: EventDetails): string | null {
  switch (kind) {
    case 'paste': {
      const characters = countDetail(details, 'characters');
      return characters === null ? null : `${characters} character${characters === 1 ? '' : 's'}`;
    }
    case 'display_added':
      return addedDisplayWords(details);
    case 'display_policy_broken':
      return displayCountWords(details);
    case 'display_mirrored':
      return mirroredWords(details);
    case 'shortcut_attempted':
      return textDetail(details, 'shortcut');
    case 'prohibited_process':
      return programWords(details);
    case 'virtual_machine':
      return evidenceNote(textDetail(details, 'vendor'), textDetail(details, 'source')).slice(2, -1) || null;
    case 'remote_session':
      return evidenceNote(textDetail(details, 'via'), textDetail(details, 'source')).slice(2, -1) || null;
    case 'virtual_microphone':
      return textDetail(details, 'label');
    case 'microphone_changed':
      return microphoneChangeWords(details);
    case 'kiosk_restarted': {
      const gapMs = countDetail(details, 'gapMs');
      return gapMs === null ? null : `down for ${formatDuration(gapMs / 1000, 'an unknown time')}`;
    }
    default:
      return null;
  }
}
