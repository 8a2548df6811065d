import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DOMParser, type Document, type Element } from '@xmldom/xmldom';
import { build, parse } from 'plist';
import { afterAll, describe, expect, it } from 'vitest';
import { settingDefault } from '../../../../shared/domain/setting-kinds';
import { policyLocations, policySettings } from '../../../../shared/domain/settings-policy';
import { buildAdml, buildAdmx } from '../../../../scripts/policy/admx';
import { buildLinuxPolicyExample, buildLinuxPolicySchema } from '../../../../scripts/policy/linux-policy';
import { buildMobileconfig } from '../../../../scripts/policy/mobileconfig';
import { buildPolicyTemplates } from '../../../../scripts/build-policy';
import { policyEntries, storeDefault, type PolicyEntry } from '../../../../scripts/policy/policy-entries';
import { JsonFilePolicySource, ownPolicyFileOptions } from '../../../../src-main/settings/policy/json-file-policy-source';
import { ManagedPreferencesPolicySource } from '../../../../src-main/settings/policy/managed-preferences-policy-source';
import { PolicyLayer } from '../../../../src-main/settings/policy/policy-layer';
import { RegistryPolicySource } from '../../../../src-main/settings/policy/registry-policy-source';

/*
 * The generated templates, parsed as Windows, macOS and Linux would read them:
 * well-formed, every policy present with the value name the app reads, the
 * ids Group Policy accepts, and the examples read back by the app's own
 * policy readers without one problem.
 */

const dir = mkdtempSync(join(tmpdir(), 'kiosk-policy-templates-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A DOM of `xml`, refusing mismatched tags, unknown or broken entities and repeated attributes (xmldom takes a lone "& " as text, so escaping is also checked in the raw text). */
function xml(text: string): Document {
  return new DOMParser({
    onError: (level, message) => {
      if (level !== 'warning') throw new Error(`${level}: ${message}`);
    },
  }).parseFromString(text, 'text/xml');
}

function all(node: Document | Element, tag: string): Element[] {
  return Array.from(node.getElementsByTagName(tag));
}

/** Group Policy's names: letters, digits and _, not starting with a digit. */
const GP_ID = /^[A-Za-z_][A-Za-z0-9_]*$/;

const admx = xml(buildAdmx());
const adml = xml(buildAdml());
const policies = all(admx, 'policy');
const stringIds = new Set(all(adml, 'string').map((node) => node.getAttribute('id')));
const presentationIds = new Set(all(adml, 'presentation').map((node) => node.getAttribute('id')));

describe('the Windows template (ADMX and ADML)', () => {
  it('is well-formed XML in the Group Policy namespace, and the parser used here refuses XML that is not', () => {
    expect(admx.documentElement?.tagName).toBe('policyDefinitions');
    expect(admx.documentElement?.namespaceURI).toBe('http://schemas.microsoft.com/GroupPolicy/2006/07/PolicyDefinitions');
    expect(adml.documentElement?.tagName).toBe('policyDefinitionResources');
    expect(() => xml('<policy><elements></policy>')).toThrow(/mismatch/);
    expect(() => xml('<string id="a">Fish &amp chips</string>')).toThrow(/EntityRef/);
    expect(() => xml(buildAdml().replace('</stringTable>', ''))).toThrow();
  });

  it('escapes & < > " and \' wherever a title, explanation, choice or default carries them', () => {
    const awkward = `Fish & chips <b>"bold"</b> it's`;
    const entries = policyEntries().map((entry) => {
      if (entry.name === 'DeviceMode') return { ...entry, title: awkward, description: awkward, kind: { kind: 'choice' as const, options: [awkward, 'plain'] }, defaultValue: awkward };
      if (entry.name === 'SmtpHost') return { ...entry, title: awkward, defaultValue: awkward };
      return entry;
    });
    const admxText = buildAdmx(entries);
    const admlText = buildAdml(entries);
    // None of them bare in the raw text (the parser here takes a lone "& " as text, so it is looked for here), each parsed back exactly.
    const escaped = 'Fish &amp; chips &lt;b&gt;&quot;bold&quot;&lt;/b&gt; it&apos;s';
    for (const text of [admxText, admlText]) expect(text).not.toMatch(/Fish & |<b>|<\/b>|"bold"|it's/);
    expect(admxText).toContain(`<string>${escaped}</string>`);
    expect(admlText).toContain(`<string id="DeviceMode">${escaped}</string>`);
    const parsedAdmx = xml(admxText);
    const parsedAdml = xml(admlText);
    const mode = all(parsedAdmx, 'policy').find((node) => node.getAttribute('name') === 'DeviceMode') as Element;
    expect(all(mode, 'string').map((node) => node.textContent)).toEqual([awkward, 'plain']);
    const text = (id: string) => all(parsedAdml, 'string').find((node) => node.getAttribute('id') === id)?.textContent;
    expect(text('DeviceMode')).toBe(awkward);
    expect(text('DeviceMode_Explain')).toContain(`${awkward}\n\nOne of: ${awkward}, plain.`);
    const hostBox = all(parsedAdml, 'textBox').find((node) => node.getAttribute('refId') === 'SmtpHost') as Element;
    expect(all(hostBox, 'label')[0]?.textContent).toBe(awkward);
    expect(all(hostBox, 'defaultValue')[0]?.textContent).toBe(awkward);
    expect(all(parsedAdml, 'dropdownList').find((node) => node.getAttribute('refId') === 'DeviceMode')?.textContent).toBe(awkward);

    const profile = buildMobileconfig(entries);
    expect(profile).not.toMatch(/Fish & |<b>|<\/b>/);
    const payload = ((parse(profile) as Record<string, unknown>).PayloadContent as Record<string, unknown>[])[0];
    expect(payload?.DeviceMode).toBe(awkward);
    expect(payload?.SmtpHost).toBe(awkward);
  });

  it('has one machine policy per policy setting, under the app’s policy key, with the value name the app reads', () => {
    expect(policies.map((node) => node.getAttribute('name')).sort()).toEqual(policySettings.map((entry) => entry.policy.name).sort());
    for (const node of policies) {
      expect(node.getAttribute('class')).toBe('Machine');
      expect(node.getAttribute('key')).toBe(policyLocations.windowsRegistryKey);
      const name = node.getAttribute('name') ?? '';
      const valueNames = [node.getAttribute('valueName'), ...all(node, '*').map((child) => child.getAttribute('valueName'))].filter(Boolean);
      expect(valueNames, name).toEqual([name]);
    }
  });

  it('uses only ids Group Policy accepts, each defined once, and every string and presentation it refers to exists', () => {
    const defined = [...all(admx, 'category'), ...all(admx, 'policy'), ...all(admx, 'definition')].map((node) => node.getAttribute('name') ?? '');
    for (const id of defined) expect(id).toMatch(GP_ID);
    expect(new Set(defined).size).toBe(defined.length);
    const ids = all(adml, 'string').map((node) => node.getAttribute('id') ?? '');
    for (const id of ids) expect(id).toMatch(GP_ID);
    expect(new Set(ids).size).toBe(ids.length);

    const text = buildAdmx();
    const strings = [...text.matchAll(/\$\(string\.([^)]+)\)/g)].map((match) => match[1]);
    expect(strings.length).toBeGreaterThan(policies.length * 2);
    for (const id of strings) expect(stringIds.has(id ?? null), `string ${id}`).toBe(true);
    for (const match of text.matchAll(/\$\(presentation\.([^)]+)\)/g)) expect(presentationIds.has(match[1] ?? null), `presentation ${match[1]}`).toBe(true);
    const categories = new Set(all(admx, 'category').map((node) => node.getAttribute('name')));
    for (const ref of all(admx, 'parentCategory')) expect(categories.has(ref.getAttribute('ref'))).toBe(true);
  });

  it('gives each setting the element its type needs, with the schema’s range, choices and default', () => {
    const policy = (name: string) => policies.find((node) => node.getAttribute('name') === name) as Element;
    const silence = all(policy('EndOfTurnSilenceMs'), 'decimal')[0];
    expect([silence?.getAttribute('minValue'), silence?.getAttribute('maxValue')]).toEqual(['800', '10000']);
    // No limit is 0 in the registry, which has no null.
    expect(all(policy('MaxDisplays'), 'decimal')[0]?.getAttribute('minValue')).toBe('0');
    const modes = all(policy('DeviceMode'), 'item').map((item) => all(item, 'string')[0]?.textContent);
    expect(modes).toEqual(['kiosk', 'recruiter']);
    expect(all(policy('TtsResponseFormat'), 'string').map((node) => node.textContent)).toEqual(['wav', 'mp3', 'opus', 'aac', 'pcm']);
    const flag = policy('RequireProctorSitting');
    expect(all(all(flag, 'enabledValue')[0] as Element, 'decimal')[0]?.getAttribute('value')).toBe('1');
    expect(all(all(flag, 'disabledValue')[0] as Element, 'decimal')[0]?.getAttribute('value')).toBe('0');
    expect(all(policy('SmtpHost'), 'text')[0]?.getAttribute('maxLength')).toBe('255');
    expect(all(policy('ProhibitedPrograms'), 'text')).toHaveLength(1);

    // Each element is shown by a control of its own kind that refers to it.
    for (const node of policies) {
      for (const element of all(node, 'elements').flatMap((elements) => Array.from(elements.childNodes).filter((child): child is Element => child.nodeType === 1))) {
        const id = element.getAttribute('id') ?? '';
        const control = all(adml, 'presentation')
          .find((presentation) => presentation.getAttribute('id') === node.getAttribute('name'))
          ?.getElementsByTagName('*')[0];
        expect(control?.getAttribute('refId'), id).toBe(id);
        expect(control?.tagName, id).toBe({ decimal: 'decimalTextBox', text: 'textBox', enum: 'dropdownList' }[element.tagName]);
      }
    }
    const silenceBox = all(adml, 'decimalTextBox').find((node) => node.getAttribute('refId') === 'EndOfTurnSilenceMs');
    expect(silenceBox?.getAttribute('defaultValue')).toBe(String(settingDefault('interview.endOfTurnSilenceMs')));
  });

  it('is read back by the registry source as Group Policy writes it: every policy at its default, in its key, value name and type', () => {
    const entries = new Map(policyEntries().map((entry) => [entry.name, entry]));
    const lines: string[] = [];
    const keys = new Set<string>();
    for (const node of policies) {
      const name = node.getAttribute('name') ?? '';
      const entry = entries.get(name) as PolicyEntry;
      keys.add(node.getAttribute('key') ?? '');
      const write = groupPolicyWrite(node, entry);
      lines.push(`    ${write.valueName}    ${write.type}    ${write.data}`);
    }
    expect([...keys]).toEqual([policyLocations.windowsRegistryKey]);
    const location = `HKEY_LOCAL_MACHINE\\${policyLocations.windowsRegistryKey}`;
    const output = `\r\n${location}\r\n${lines.join('\r\n')}\r\n`;
    const asked: string[][] = [];
    const source = new RegistryPolicySource({ runNow: (args) => (asked.push(args), output), run: async (args) => (asked.push(args), output) });
    const state = new PolicyLayer(source).apply(source.readNow());
    expect(asked).toEqual([['query', location, '/reg:64']]);
    expect(state.problems).toEqual([]);
    expect(Object.keys(state.names)).toHaveLength(policySettings.length);
    for (const { key } of policySettings) expect(readKey(state.layer, key), key).toEqual(settingDefault(key));
  });

  it('explains each policy with its setting, range and default', () => {
    const explain = all(adml, 'string').find((node) => node.getAttribute('id') === 'EndOfTurnSilenceMs_Explain')?.textContent ?? '';
    expect(explain).toContain('from 800 to 10000');
    expect(explain).toContain('default: 3500');
    expect(explain).toContain('interview.endOfTurnSilenceMs');
    expect(explain).toContain(`HKLM\\${policyLocations.windowsRegistryKey}\\EndOfTurnSilenceMs`);
  });
});

describe('the macOS configuration profile', () => {
  const profile = parse(buildMobileconfig()) as Record<string, unknown>;
  const payload = (profile.PayloadContent as Record<string, unknown>[])[0] as Record<string, unknown>;

  it('is a valid property list, a system-wide Configuration profile with one payload for the app’s bundle id', () => {
    expect(profile.PayloadType).toBe('Configuration');
    expect(profile.PayloadScope).toBe('System');
    expect(profile.PayloadVersion).toBe(1);
    expect(profile.PayloadContent).toHaveLength(1);
    expect(payload.PayloadType).toBe(policyLocations.macBundleId);
    for (const uuid of [profile.PayloadUUID, payload.PayloadUUID]) expect(uuid).toMatch(/^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/);
    expect(profile.PayloadUUID).not.toBe(payload.PayloadUUID);
    // The same declarations give the same profile: an MDM sees an update, not a second profile.
    expect(buildMobileconfig()).toBe(buildMobileconfig());
    expect(() => parse('<plist><dict><key>a</key></plist>')).toThrow();
  });

  it('holds every policy, which the app’s managed-preferences reader reads back without a problem', () => {
    for (const { policy } of policySettings) expect(payload, policy.name).toHaveProperty(policy.name);
    // What macOS writes to /Library/Managed Preferences from this payload.
    const path = join(dir, `${policyLocations.macBundleId}.plist`);
    writeFileSync(path, build(payload as Parameters<typeof build>[0]));
    const state = new PolicyLayer(new ManagedPreferencesPolicySource(path)).apply(new ManagedPreferencesPolicySource(path).readNow());
    expect(state.problems).toEqual([]);
    expect(Object.keys(state.names)).toHaveLength(policySettings.length);
    for (const { key } of policySettings) expect(readKey(state.layer, key), key).toEqual(settingDefault(key));
  });
});

describe('the Linux policy file', () => {
  it('is an example with every policy at its default, which the app reads back without a problem', () => {
    const path = join(dir, 'policy.json');
    writeFileSync(path, buildLinuxPolicyExample(), { mode: 0o644 });
    const source = new JsonFilePolicySource(path, ownPolicyFileOptions());
    const state = new PolicyLayer(source).apply(source.readNow());
    expect(state.problems).toEqual([]);
    expect(Object.keys(state.names)).toHaveLength(policySettings.length);
    for (const { key } of policySettings) expect(readKey(state.layer, key), key).toEqual(settingDefault(key));
  });

  it('has a JSON schema naming every policy with its type, and no other', () => {
    const schema = JSON.parse(buildLinuxPolicySchema()) as { additionalProperties: boolean; properties: Record<string, Record<string, unknown>> };
    expect(schema.additionalProperties).toBe(false);
    expect(Object.keys(schema.properties).filter((name) => name !== '$schema').sort()).toEqual(policySettings.map((entry) => entry.policy.name).sort());
    expect(schema.properties.EndOfTurnSilenceMs).toMatchObject({ type: 'integer', minimum: 800, maximum: 10_000 });
    expect(schema.properties.DeviceMode).toMatchObject({ enum: ['kiosk', 'recruiter'] });
    expect(JSON.stringify(schema.properties.ProhibitedPrograms)).toContain('screen_sharing');
  });
});

describe('npm run build:policy', () => {
  it('writes the five files under the folder it is given', () => {
    const written = buildPolicyTemplates(join(dir, 'out'));
    expect(written.map((path) => path.slice(join(dir, 'out').length + 1))).toEqual([
      join('windows', 'TeamifiedKiosk.admx'),
      join('windows', 'en-US', 'TeamifiedKiosk.adml'),
      join('macos', 'TeamifiedKiosk.mobileconfig'),
      join('linux', 'policy.json'),
      join('linux', 'policy.schema.json'),
    ]);
  });
});

/**
 * The registry value Group Policy writes for one ADMX policy set in the
 * editor to its ADML defaults, following the ADMX schema's rules (Microsoft's
 * "ADMX schema" reference): enabledValue/disabledValue and a <decimal>
 * element write REG_DWORD (REG_SZ with storeAsText), a <text> element REG_SZ
 * (REG_EXPAND_SZ when expandable), an <enum> item its value's type. Numbers
 * are shown as reg prints them, in hex. A required text box without a default
 * gets the value IT would type: the store's spelling of the default.
 */
function groupPolicyWrite(node: Element, entry: PolicyEntry): { valueName: string; type: string; data: string } {
  const hex = (value: string) => `0x${Number(value).toString(16)}`;
  const element = all(node, 'elements').flatMap((elements) => Array.from(elements.childNodes).filter((child): child is Element => child.nodeType === 1))[0];
  if (!element) {
    const decimal = all(all(node, entry.defaultValue === true ? 'enabledValue' : 'disabledValue')[0] as Element, 'decimal')[0];
    return { valueName: node.getAttribute('valueName') ?? '', type: 'REG_DWORD', data: hex(decimal?.getAttribute('value') ?? '') };
  }
  const valueName = element.getAttribute('valueName') ?? '';
  const control = all(adml, 'presentation').find((presentation) => presentation.getAttribute('id') === entry.name)?.getElementsByTagName('*')[0] as Element;
  switch (element.tagName) {
    case 'decimal': {
      const value = control.getAttribute('defaultValue') ?? '';
      expect(Number(value), entry.name).toBeGreaterThanOrEqual(Number(element.getAttribute('minValue')));
      expect(Number(value), entry.name).toBeLessThanOrEqual(Number(element.getAttribute('maxValue')));
      return element.getAttribute('storeAsText') === 'true' ? { valueName, type: 'REG_SZ', data: value } : { valueName, type: 'REG_DWORD', data: hex(value) };
    }
    case 'text': {
      const value = all(control, 'defaultValue')[0]?.textContent ?? String(storeDefault(entry));
      expect(value.length, entry.name).toBeLessThanOrEqual(Number(element.getAttribute('maxLength')));
      return { valueName, type: element.getAttribute('expandable') === 'true' ? 'REG_EXPAND_SZ' : 'REG_SZ', data: value };
    }
    case 'enum': {
      const item = all(element, 'item')[Number(control.getAttribute('defaultItem'))] as Element;
      const value = all(item, 'value')[0]?.getElementsByTagName('*')[0] as Element;
      return value.tagName === 'decimal' ? { valueName, type: 'REG_DWORD', data: hex(value.getAttribute('value') ?? '') } : { valueName, type: 'REG_SZ', data: value.textContent ?? '' };
    }
    default:
      throw new Error(`${entry.name}: Group Policy element ${element.tagName} is not one this test knows how Group Policy writes.`);
  }
}

function readKey(layer: object, key: string): unknown {
  const [section, field] = key.split('.') as [string, string | undefined];
  const top = (layer as Record<string, unknown>)[section];
  return field === undefined ? top : (top as Record<string, unknown> | undefined)?.[field];
}
