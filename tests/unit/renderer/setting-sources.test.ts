import { createElement as h } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { defaultSettings } from '../../../shared/domain/settings';
import { settingKeys } from '../../../shared/domain/settings-policy';
import type { SettingsView } from '../../../shared/ipc/contract';
import { KioskCallContext } from '../../../src-renderer/src/kiosk-context';
import { SettingsForm } from '../../../src-renderer/src/screens/staff/DeviceSettingsSection';
import { SettingSourcesPanel } from '../../../src-renderer/src/screens/staff/SettingSourcesPanel';

/** The admin's policy view: policy-set fields read-only, each setting's source, and the policy's problems. */
const location = 'HKEY_LOCAL_MACHINE\\Software\\Policies\\Teamified\\Kiosk';

function view(): SettingsView {
  const settings = structuredClone(defaultSettings);
  settings.interview.endOfTurnSilenceMs = 5000;
  settings.provider.liveTranscription = false;
  settings.smtp.host = 'mail.example.com';
  const sources = Object.fromEntries(settingKeys.map((key) => [key, 'default' as const])) as SettingsView['sources'];
  settings.network.proxyMode = 'manual';
  Object.assign(sources, { 'network.proxyMode': 'policy', 'interview.endOfTurnSilenceMs': 'policy', 'provider.liveTranscription': 'policy', 'smtp.host': 'machine-file', 'smtp.port': 'user' });
  return {
    settings,
    managedKeys: ['smtp.host'],
    machineFilePath: '/etc/teamified-kiosk/settings.json',
    warnings: [],
    sources,
    policy: {
      location,
      settings: { 'network.proxyMode': 'ProxyMode', 'interview.endOfTurnSilenceMs': 'EndOfTurnSilenceMs', 'provider.liveTranscription': 'LiveTranscription' },
      problems: ['Policy MaxDisplays (Displays at a sitting, lockdown.maxDisplays) in HKEY… is not valid: Displays at a sitting must be a whole number.'],
    },
  };
}

function markup(element: ReturnType<typeof h>): string {
  return renderToStaticMarkup(h(KioskCallContext.Provider, { value: async () => ({ ok: false, error: { code: 'unavailable', message: 'not in a test' } }) } as never, element));
}

/** The opening tag of the element with this id. */
function tag(html: string, id: string): string {
  return new RegExp(`<[^>]*id="${id}"[^>]*>`).exec(html)?.[0] ?? '';
}

describe('device settings under policy', () => {
  it('shows a policy-set field read-only, marked "Set by IT policy", and names where the policy comes from', () => {
    const html = markup(h(SettingsForm, { view: view(), onSaved: () => undefined }));
    expect(tag(html, 'setting-interview-endOfTurnSilenceMs')).toContain('readOnly');
    expect(tag(html, 'setting-provider-liveTranscription')).toContain('disabled');
    expect(tag(html, 'setting-interview-maxDurationMinutes')).not.toContain('readOnly');
    // The network group: a policy-set proxy mode is a disabled drop-down showing IT's choice; the rest stay editable.
    expect(tag(html, 'setting-network-proxyMode')).toContain('disabled');
    expect(html).toMatch(/<option value="manual" selected="">This proxy/);
    expect(tag(html, 'setting-network-caBundlePath')).not.toContain('readOnly');
    expect(html).toContain('Set by IT policy');
    expect(html).toContain(location);
    // The machine file's own badge stays for what it fixes.
    expect(html).toContain('Managed by IT');
    expect(html).toContain('IT’s policy has problems; tell IT:');
    expect(html).toContain('Policy MaxDisplays (Displays at a sitting, lockdown.maxDisplays)');
  });

  it('lists every setting with its value and where it comes from', () => {
    const text = renderToStaticMarkup(h(SettingSourcesPanel, { view: view() })).replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
    expect(text).toContain('End-of-answer silence interview.endOfTurnSilenceMs 5000 IT policy EndOfTurnSilenceMs');
    expect(text).toContain('Live transcription provider.liveTranscription Off IT policy LiveTranscription');
    expect(text).toContain('SMTP host smtp.host mail.example.com IT settings file');
    expect(text).toContain('SMTP port smtp.port 587 Set on this device');
    expect(text).toContain('Displays at a sitting lockdown.maxDisplays 1 Built-in default');
    expect(text).toContain(`reads IT’s policy from ${location}`);
    for (const key of settingKeys) expect(text, key).toContain(` ${key} `);
  });
});
