import { describe, expect, it } from 'vitest';
import { integrityEventEvidence, integrityEventLabel } from '../../../../shared/copy/integrity-event-words';

describe('an integrity event in words', () => {
  it('names each kind, and a kind this version does not know by its name', () => {
    expect(integrityEventLabel('paste')).toBe('Pasted text');
    expect(integrityEventLabel('display_policy_broken')).toBe('The displays broke IT’s display policy');
    expect(integrityEventLabel('usb_device_added')).toBe('usb device added');
  });

  it.each([
    ['paste', { inTextField: false, characters: 412 }, '412 characters'],
    ['paste', { characters: 1 }, '1 character'],
    ['paste', { characters: -3 }, null],
    ['shortcut_attempted', { shortcut: 'Alt+F4' }, 'Alt+F4'],
    ['prohibited_process', { name: 'Zoom.exe', process: 'zoom.exe', category: 'screen_sharing' }, 'zoom.exe (screen sharing or conferencing)'],
    ['prohibited_process', { name: 'Tool', category: 'no_such_category' }, 'Tool'],
    ['prohibited_process', {}, 'a program whose name was not recorded'],
    ['virtual_machine', { vendor: 'VMware', source: 'systemd-detect-virt --vm' }, 'VMware, read from systemd-detect-virt --vm'],
    ['virtual_machine', { source: 'hw.model' }, 'read from hw.model'],
    ['remote_session', {}, null],
    ['virtual_microphone', { label: 'BlackHole 2ch' }, 'BlackHole 2ch'],
    ['microphone_changed', { from: 'Built-in Microphone', to: 'none' }, 'from Built-in Microphone to no microphone'],
    ['display_added', { displays: 2, builtInDisplays: 1, internal: false, width: 1920, height: 1080, label: 'DELL U2419H' }, '2 displays connected, 1 of them built in; the new one: external, 1920 × 1080, DELL U2419H'],
    ['display_added', { displays: 2 }, '2 displays connected'],
    ['display_policy_broken', { displays: 1, builtInDisplays: 0 }, '1 display connected, none built in'],
    ['display_policy_broken', { displays: 1, builtInDisplays: 1 }, '1 display connected, built in'],
    ['display_mirrored', { monitors: 3, displays: 2, connectors: 'eDP-1, HDMI-A-1, DP-1' }, '3 monitors driven, 2 displays shown (eDP-1, HDMI-A-1, DP-1)'],
    ['display_mirrored', { monitors: 2 }, null],
    ['kiosk_restarted', { gapMs: 125_000, lastActivityAt: '2025-01-01T09:00:00.000Z' }, 'down for 2 min 5 s'],
    ['focus_lost', null, null],
  ])('%s with %j reads "%s"', (kind, details, words) => {
    expect(integrityEventEvidence(kind, details)).toBe(words);
  });
});
