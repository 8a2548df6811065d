import { z } from 'zod';
import { settingSchema } from '../../shared/domain/setting-kinds';
import { policyEntries, valueRule, type PolicyEntry } from './policy-entries';

/**
 * Linux's policy: an example /etc/teamified-kiosk/policy.json (every policy
 * at its default; IT keeps only what it enforces) and a JSON schema for it,
 * which editors use to complete and check the file.
 */
export function buildLinuxPolicyExample(entries: readonly PolicyEntry[] = policyEntries()): string {
  const example: Record<string, unknown> = { $schema: './policy.schema.json' };
  for (const entry of entries) example[entry.name] = entry.defaultValue;
  return `${JSON.stringify(example, null, 2)}\n`;
}

export function buildLinuxPolicySchema(entries: readonly PolicyEntry[] = policyEntries()): string {
  const properties: Record<string, unknown> = { $schema: { type: 'string' } };
  for (const entry of entries) properties[entry.name] = { title: entry.title, description: `${entry.description} ${valueRule(entry)} Setting: ${entry.key}.`, ...valueSchema(entry) };
  const schema = {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: 'https://teamified.com/schemas/kiosk/policy.schema.json',
    title: 'Teamified Kiosk policy',
    description: 'Device settings IT enforces on this machine, by policy name. A policy left out is not enforced.',
    type: 'object',
    additionalProperties: false,
    properties,
  };
  return `${JSON.stringify(schema, null, 2)}\n`;
}

function valueSchema(entry: PolicyEntry): Record<string, unknown> {
  const { kind } = entry;
  switch (kind.kind) {
    case 'boolean':
      return { type: 'boolean' };
    case 'whole':
      return kind.nullable
        ? { anyOf: [{ type: 'integer', minimum: kind.min, maximum: kind.max }, { const: 0 }, { type: 'null' }] }
        : { type: 'integer', minimum: kind.min, maximum: kind.max };
    case 'text':
      return { type: 'string', maxLength: kind.maxLength };
    case 'choice':
      return { enum: [...kind.options] };
    case 'json': {
      // The setting's own schema, so a list of programs is checked entry by entry in the editor too.
      const { $schema: _ignored, ...rest } = z.toJSONSchema(settingSchema(entry.key), { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
      return rest;
    }
  }
}
