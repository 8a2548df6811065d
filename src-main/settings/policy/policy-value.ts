import { settingKind, settingSchema } from '../../../shared/domain/setting-kinds';
import type { SettingKey } from '../../../shared/domain/settings-policy';

export type PolicyValueResult = { ok: true; value: unknown } | { ok: false; problem: string };

/**
 * One raw policy value as a setting's value. The stores type values more
 * coarsely than the settings do, so each kind accepts its stores' spellings
 * (a registry DWORD 0/1 for a boolean, JSON text for a list, 0 for "none"
 * where there is no null), and then the setting's own schema decides, with
 * its own words: the same sentence the admin screen and machine file give.
 */
export function policyValue(key: SettingKey, raw: unknown): PolicyValueResult {
  const kind = settingKind(key);
  let value = raw;
  switch (kind.kind) {
    case 'boolean':
      if (raw === 0 || raw === 1) value = raw === 1;
      break;
    case 'whole':
      if (typeof raw === 'string' && /^\d+$/.test(raw.trim())) value = Number(raw.trim());
      if (kind.nullable && value === 0) value = null;
      break;
    case 'json':
      if (typeof raw === 'string') {
        try {
          value = JSON.parse(raw);
        } catch (error) {
          return { ok: false, problem: `it is not valid JSON (${error instanceof Error ? error.message : String(error)})` };
        }
      }
      break;
    default:
      break;
  }
  const result = settingSchema(key).safeParse(value);
  if (result.success) return { ok: true, value: result.data };
  const issue = result.error.issues[0];
  const where = issue && issue.path.length > 0 ? ` (at ${issue.path.map(String).join('.')})` : '';
  return { ok: false, problem: `${(issue?.message ?? 'it is not a valid value').replace(/\.$/, '')}${where}` };
}
