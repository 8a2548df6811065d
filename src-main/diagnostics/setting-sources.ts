import { defaultSettings, type AppSettings } from '../../shared/domain/settings';

export type SettingSource = 'default' | 'user' | 'machine file' | 'policy';

export interface SettingsSnapshot {
  settings: AppSettings;
  /** Dotted keys IT's machine file sets (SettingsView.managedKeys). */
  managedKeys: readonly string[];
  /** Dotted keys set by OS policy, when the app reads one (issue 20, point 1). */
  policyKeys?: readonly string[];
}

/**
 * Where each setting's value comes from, as support needs to see it: IT's
 * policy or machine file when they set it, else the user's own value when
 * it differs from the built-in default, else the default. (A user value
 * equal to the default reads as the default: the same value either way.)
 */
export function settingSources(snapshot: SettingsSnapshot): Record<string, SettingSource> {
  const policy = new Set(snapshot.policyKeys ?? []);
  const managed = new Set(snapshot.managedKeys);
  const sources: Record<string, SettingSource> = {};
  for (const [key, value, fallback] of leaves(snapshot.settings, defaultSettings)) {
    sources[key] = policy.has(key) ? 'policy' : managed.has(key) ? 'machine file' : JSON.stringify(value) === JSON.stringify(fallback) ? 'default' : 'user';
  }
  return sources;
}

function leaves(settings: AppSettings, defaults: AppSettings): Array<[string, unknown, unknown]> {
  const out: Array<[string, unknown, unknown]> = [];
  for (const [section, value] of Object.entries(settings)) {
    const fallback = (defaults as Record<string, unknown>)[section];
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      for (const [field, inner] of Object.entries(value)) out.push([`${section}.${field}`, inner, (fallback as Record<string, unknown> | undefined)?.[field]]);
    } else out.push([section, value, fallback]);
  }
  return out;
}
