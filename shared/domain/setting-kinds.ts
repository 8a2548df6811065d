import { z } from 'zod';
import { appSettingsSchema, defaultSettings } from './settings';
import type { SettingKey } from './settings-policy';

/**
 * What kind of value a setting holds, read from its zod schema so the policy
 * templates and the policy reader follow the schema instead of a second copy
 * of its ranges. Registry values and plist entries are typed more coarsely
 * than JSON (no null; booleans are 0/1 in the registry), so this says how a
 * setting travels through each.
 */
export type SettingKind =
  | { kind: 'boolean' }
  /** A whole number; `nullable`: null has a meaning ("no limit", "keep"), written 0 where there is no null (min is at least 1 then). */
  | { kind: 'whole'; min: number; max: number; nullable: boolean }
  | { kind: 'text'; maxLength: number }
  | { kind: 'choice'; options: readonly string[] }
  /** A list or an object of named values: JSON text in the registry, native in a plist or the JSON file. */
  | { kind: 'json' };

type AnySchema = z.ZodType;

/** The schema of one setting, without its default. */
export function settingSchema(key: SettingKey): AnySchema {
  const [section, field] = key.split('.') as [string, string | undefined];
  let schema = unwrapDefault((appSettingsSchema.shape as Record<string, AnySchema>)[section]);
  if (field !== undefined) {
    if (!(schema instanceof z.ZodObject)) throw new Error(`Setting section ${section} is not an object.`);
    schema = unwrapDefault((schema.shape as Record<string, AnySchema>)[field]);
  }
  if (!schema) throw new Error(`There is no setting ${key}.`);
  return schema;
}

export function settingKind(key: SettingKey): SettingKind {
  let schema = settingSchema(key);
  let nullable = false;
  if (schema instanceof z.ZodNullable) {
    nullable = true;
    schema = schema.unwrap() as AnySchema;
  }
  if (schema instanceof z.ZodBoolean) return { kind: 'boolean' };
  if (schema instanceof z.ZodEnum) return { kind: 'choice', options: schema.options.map(String) };
  if (schema instanceof z.ZodString) return { kind: 'text', maxLength: schema.maxLength ?? 4096 };
  if (schema instanceof z.ZodNumber) {
    if (!schema.isInt || schema.minValue === null || schema.maxValue === null) throw new Error(`Setting ${key} is a number without whole-number bounds; give it a policy kind first.`);
    // 0 stands for null where a store has no null, so it must not be a value of its own.
    if (nullable && schema.minValue <= 0) throw new Error(`Setting ${key} is nullable and accepts 0: 0 cannot stand for null.`);
    return { kind: 'whole', min: schema.minValue, max: schema.maxValue, nullable };
  }
  if (schema instanceof z.ZodArray || schema instanceof z.ZodRecord || schema instanceof z.ZodObject) return { kind: 'json' };
  throw new Error(`Setting ${key} has a schema the policy templates do not know (${schema.constructor.name}).`);
}

/** The built-in value of a setting. */
export function settingDefault(key: SettingKey): unknown {
  return readSetting(defaultSettings, key);
}

/** The value at a dotted key of a settings object (or layer); undefined when the layer does not set it. */
export function readSetting(settings: object, key: string): unknown {
  const [section, field] = key.split('.') as [string, string | undefined];
  const top = (settings as Record<string, unknown>)[section];
  if (field === undefined) return top;
  return typeof top === 'object' && top !== null ? (top as Record<string, unknown>)[field] : undefined;
}

function unwrapDefault(schema: AnySchema | undefined): AnySchema {
  return (schema instanceof z.ZodDefault ? schema.unwrap() : schema) as AnySchema;
}
