import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { settingKind } from '../../../../shared/domain/setting-kinds';
import { appSettingsSchema, secretNames, storedSecretNames } from '../../../../shared/domain/settings';
import { policySettings, settingDeclarations, settingForPolicy, settingKeys } from '../../../../shared/domain/settings-policy';

/** Every setting the schema has, as dotted keys, read from the schema itself rather than from the declarations. */
function schemaLeafKeys(): string[] {
  const keys: string[] = [];
  for (const [section, schema] of Object.entries(appSettingsSchema.shape)) {
    const inner = schema instanceof z.ZodDefault ? schema.unwrap() : schema;
    if (inner instanceof z.ZodObject) for (const field of Object.keys(inner.shape)) keys.push(`${section}.${field}`);
    else keys.push(section);
  }
  return keys;
}

describe('policy declarations', () => {
  it('declare every setting in the schema, policy-able or not, and nothing else', () => {
    // A new setting without a declaration fails here (and in tsc): decide whether IT may set it by policy.
    expect([...settingKeys].sort()).toEqual(schemaLeafKeys().sort());
  });

  it('give each policy a name Group Policy accepts, once', () => {
    const names = policySettings.map((entry) => entry.policy.name);
    for (const name of names) expect(name).toMatch(/^[A-Za-z][A-Za-z0-9]{0,95}$/);
    expect(new Set(names).size).toBe(names.length);
    // Case-insensitively too: the registry does not tell DeviceMode from devicemode.
    expect(new Set(names.map((name) => name.toLowerCase())).size).toBe(names.length);
    for (const { key, policy } of policySettings) expect(settingForPolicy(policy.name)).toBe(key);
    expect(settingForPolicy('NoSuchPolicy')).toBeNull();
  });

  it('say why a setting is not a policy, and never make a secret one', () => {
    for (const [key, declaration] of Object.entries(settingDeclarations)) {
      expect(declaration.title.length, key).toBeGreaterThan(0);
      if (declaration.policy === false) expect(declaration.why.length, key).toBeGreaterThan(20);
      else expect(declaration.policy.description.length, key).toBeGreaterThan(10);
    }
    const secretish = /password|secret|credential|api.?key|private.?key/i;
    for (const { key, policy } of policySettings) {
      expect(key).not.toMatch(secretish);
      expect(policy.name).not.toMatch(secretish);
    }
    for (const name of [...secretNames, ...storedSecretNames]) expect(settingKeys).not.toContain(name);
  });

  it('have a template kind for every policy, read from the schema', () => {
    expect(settingKind('interview.endOfTurnSilenceMs')).toEqual({ kind: 'whole', min: 800, max: 10_000, nullable: false });
    expect(settingKind('lockdown.maxDisplays')).toEqual({ kind: 'whole', min: 1, max: 16, nullable: true });
    expect(settingKind('mode')).toEqual({ kind: 'choice', options: ['kiosk', 'recruiter'] });
    expect(settingKind('provider.liveTranscription')).toEqual({ kind: 'boolean' });
    expect(settingKind('smtp.host')).toEqual({ kind: 'text', maxLength: 255 });
    expect(settingKind('lockdown.prohibitedProcesses')).toEqual({ kind: 'json' });
    for (const { key } of policySettings) expect(() => settingKind(key)).not.toThrow();
  });
});
