import { describe, expect, it } from 'vitest';
import { appSettingsSchema, defaultSettings } from '../../../shared/domain/settings';
import { canonicalJson } from '../../../src-main/common/canonical-json';
import { configurationKey, configurationSummary, type ConfigurationInputs } from '../../../src-main/configuration/configuration-key';

const shell = { platform: 'linux', sandboxed: true, displays: 1, osKiosk: 'present' };
const inputs = (overrides: Partial<ConfigurationInputs> = {}): ConfigurationInputs => ({ settings: defaultSettings, appVersion: '1.4.0', lockdown: shell, ...overrides });
const keyOf = (overrides: Partial<ConfigurationInputs> = {}) => configurationKey(configurationSummary(inputs(overrides)));

describe('canonical JSON', () => {
  it('sorts keys at every depth and keeps list order', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: null } })).toBe('{"a":{"c":null,"d":[3,{"y":2,"z":1}]},"b":1}');
    expect(canonicalJson([2, 1])).not.toBe(canonicalJson([1, 2]));
  });

  it('leaves out undefined keys, as JSON does, and refuses what is not JSON', () => {
    expect(canonicalJson({ a: undefined, b: 'x' })).toBe('{"b":"x"}');
    expect(() => canonicalJson(() => 1)).toThrow(TypeError);
  });
});

describe('configuration key', () => {
  it('is the SHA-256 of the canonical summary, whatever order the settings came in', () => {
    const reordered = appSettingsSchema.parse(JSON.parse(JSON.stringify({ lockdown: defaultSettings.lockdown, interview: defaultSettings.interview, mode: 'kiosk' })));
    const lockdownReversed = Object.fromEntries(Object.entries(reordered.lockdown).reverse()) as typeof reordered.lockdown;
    expect(keyOf({ settings: { ...reordered, lockdown: lockdownReversed } })).toBe(keyOf());
    expect(keyOf()).toMatch(/^[0-9a-f]{64}$/);
  });

  it('changes with any setting that governs a sitting, the app version or the lockdown the shell reported', () => {
    const base = keyOf();
    const changed = [
      keyOf({ settings: { ...defaultSettings, lockdown: { ...defaultSettings.lockdown, maxDisplays: 2 } } }),
      keyOf({ settings: { ...defaultSettings, interview: { ...defaultSettings.interview, requireProctorSitting: false } } }),
      keyOf({ settings: { ...defaultSettings, mode: 'recruiter' } }),
      keyOf({ settings: { ...defaultSettings, lockdown: { ...defaultSettings.lockdown, prohibitedProcesses: [{ name: 'zoom', category: 'screen_sharing' }] } } }),
      keyOf({ appVersion: '1.4.1' }),
      keyOf({ lockdown: { ...shell, sandboxed: false } }),
      keyOf({ lockdown: { ...shell, displays: 2 } }),
      keyOf({ lockdown: { ...shell, osKiosk: 'missing' } }),
      keyOf({ lockdown: null }),
      keyOf({ lockdown: { ...shell, builtInDisplays: 1 } }),
    ];
    expect(new Set([base, ...changed]).size).toBe(changed.length + 1);
  });

  it('never includes provider addresses, the sync endpoint or SMTP settings, which may hold credentials', () => {
    const settings = {
      ...defaultSettings,
      provider: { ...defaultSettings.provider, baseUrl: 'https://user:provider-secret@llm.example.com/v1' },
      sync: { endpoint: 'postgresql://kiosk_dev_1:db-secret@db.example.com/postgres' },
      smtp: { ...defaultSettings.smtp, host: 'smtp.example.com', username: 'mailer-user' },
    };
    const text = canonicalJson(configurationSummary(inputs({ settings })));
    for (const secret of ['provider-secret', 'db-secret', 'llm.example.com', 'db.example.com', 'smtp.example.com', 'mailer-user']) expect(text).not.toContain(secret);
    expect(Object.keys(configurationSummary(inputs({ settings }))).sort()).toEqual(['appVersion', 'interview', 'lockdown', 'mode', 'shell']);
    // And these settings do not move the key: only what governs a sitting does.
    expect(configurationKey(configurationSummary(inputs({ settings })))).toBe(keyOf());
  });
});
