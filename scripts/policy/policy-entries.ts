import { settingDefault, settingKind, type SettingKind } from '../../shared/domain/setting-kinds';
import { policyCategories, policySettings, type PolicyCategory, type SettingKey } from '../../shared/domain/settings-policy';

/** One policy as every template needs it: its declaration, its kind from the schema, its default. */
export interface PolicyEntry {
  key: SettingKey;
  name: string;
  title: string;
  category: PolicyCategory;
  description: string;
  kind: SettingKind;
  defaultValue: unknown;
}

export function policyEntries(): PolicyEntry[] {
  return policySettings.map(({ key, title, policy }) => ({
    key,
    title,
    name: policy.name,
    category: policy.category,
    description: policy.description,
    kind: settingKind(key),
    defaultValue: settingDefault(key),
  }));
}

/** The categories that hold at least one policy, in declaration order. */
export function usedCategories(entries: readonly PolicyEntry[]): { id: PolicyCategory; title: string }[] {
  return (Object.keys(policyCategories) as PolicyCategory[]).filter((id) => entries.some((entry) => entry.category === id)).map((id) => ({ id, title: policyCategories[id] }));
}

/** What values a policy takes and what happens without it, added to its description in every template. */
export function valueRule(entry: PolicyEntry): string {
  const { kind, defaultValue } = entry;
  switch (kind.kind) {
    case 'boolean':
      return `On or off. Without this policy the device's own setting applies (default: ${defaultValue ? 'on' : 'off'}).`;
    case 'whole':
      return kind.nullable
        ? `A whole number from ${kind.min} to ${kind.max}, or 0 for none. Without this policy the device's own setting applies (default: ${defaultValue === null ? 'none' : String(defaultValue)}).`
        : `A whole number from ${kind.min} to ${kind.max}. Without this policy the device's own setting applies (default: ${String(defaultValue)}).`;
    case 'text':
      return `Text of at most ${kind.maxLength} characters. Without this policy the device's own setting applies (default: ${defaultValue === '' ? 'empty' : String(defaultValue)}).`;
    case 'choice':
      return `One of: ${kind.options.join(', ')}. Without this policy the device's own setting applies (default: ${String(defaultValue)}).`;
    case 'json':
      return `JSON. Without this policy the device's own setting applies (default: ${JSON.stringify(defaultValue)}).`;
  }
}

/**
 * A policy's default as a store without null writes it: 0 for a nullable
 * whole number, JSON text for a JSON setting whose default is null.
 */
export function storeDefault(entry: PolicyEntry): string | number | boolean | object {
  if (entry.defaultValue !== null) return entry.defaultValue as string | number | boolean | object;
  return entry.kind.kind === 'json' ? 'null' : 0;
}
