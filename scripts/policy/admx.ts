import { policyLocations } from '../../shared/domain/settings-policy';
import { policyEntries, usedCategories, valueRule, type PolicyEntry } from './policy-entries';

/**
 * The Windows Group Policy template: TeamifiedKiosk.admx (the policies and
 * where they write in the registry) and en-US/TeamifiedKiosk.adml (their
 * words). IT copies both into C:\Windows\PolicyDefinitions (or the domain's
 * Central Store) or uploads them to Intune. Every policy is a machine policy
 * under HKLM\Software\Policies\Teamified\Kiosk, with the value name that the
 * app's registry reader looks for.
 */

const NAMESPACE = 'http://schemas.microsoft.com/GroupPolicy/2006/07/PolicyDefinitions';
/** Raise the minor number when policies are added, the major when one is removed or changes meaning. */
const REVISION = '1.0';
const ROOT_CATEGORY = 'TeamifiedKiosk';
const SUPPORTED = 'Supported_TeamifiedKiosk';
/** Registry text values have no practical limit; Group Policy's text box still wants one. */
const JSON_MAX_LENGTH = 32_000;

export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

const categoryId = (id: string) => `Category_${id}`;
/** Enum item string ids: the policy's name and the option, with anything but letters and digits as _. */
const itemId = (entry: PolicyEntry, option: string) => `${entry.name}_${option.replace(/[^A-Za-z0-9]/g, '_')}`;

export function buildAdmx(entries: readonly PolicyEntry[] = policyEntries()): string {
  const categories = usedCategories(entries)
    .map(
      ({ id }) =>
        `    <category name="${categoryId(id)}" displayName="$(string.${categoryId(id)})">\n      <parentCategory ref="${ROOT_CATEGORY}" />\n    </category>`,
    )
    .join('\n');
  const policies = entries.map(admxPolicy).join('\n');
  return `<?xml version="1.0" encoding="utf-8"?>
<policyDefinitions xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" revision="${REVISION}" schemaVersion="1.0" xmlns="${NAMESPACE}">
  <policyNamespaces>
    <target prefix="teamifiedkiosk" namespace="Teamified.Policies.Kiosk" />
  </policyNamespaces>
  <resources minRequiredRevision="${REVISION}" />
  <supportedOn>
    <definitions>
      <definition name="${SUPPORTED}" displayName="$(string.${SUPPORTED})" />
    </definitions>
  </supportedOn>
  <categories>
    <category name="${ROOT_CATEGORY}" displayName="$(string.${ROOT_CATEGORY})" />
${categories}
  </categories>
  <policies>
${policies}
  </policies>
</policyDefinitions>
`;
}

function admxPolicy(entry: PolicyEntry): string {
  const { name, kind } = entry;
  const head = `name="${name}" class="Machine" displayName="$(string.${name})" explainText="$(string.${name}_Explain)" key="${escapeXml(policyLocations.windowsRegistryKey)}"`;
  const place = `      <parentCategory ref="${categoryId(entry.category)}" />\n      <supportedOn ref="${SUPPORTED}" />`;
  if (kind.kind === 'boolean') {
    // Enabled writes 1, Disabled writes 0, Not configured writes nothing: the device's own setting applies.
    return `    <policy ${head} valueName="${name}">
${place}
      <enabledValue><decimal value="1" /></enabledValue>
      <disabledValue><decimal value="0" /></disabledValue>
    </policy>`;
  }
  return `    <policy ${head} presentation="$(presentation.${name})">
${place}
      <elements>
        ${admxElement(entry)}
      </elements>
    </policy>`;
}

function admxElement(entry: PolicyEntry): string {
  const { name, kind } = entry;
  switch (kind.kind) {
    case 'whole':
      return `<decimal id="${name}" valueName="${name}" minValue="${kind.nullable ? 0 : kind.min}" maxValue="${kind.max}" required="true" />`;
    case 'text':
      return `<text id="${name}" valueName="${name}" maxLength="${kind.maxLength}" />`;
    case 'json':
      return `<text id="${name}" valueName="${name}" maxLength="${JSON_MAX_LENGTH}" required="true" />`;
    case 'choice': {
      const items = kind.options
        .map((option) => `          <item displayName="$(string.${itemId(entry, option)})"><value><string>${escapeXml(option)}</string></value></item>`)
        .join('\n');
      return `<enum id="${name}" valueName="${name}" required="true">\n${items}\n        </enum>`;
    }
    case 'boolean':
      throw new Error(`${name}: a boolean policy has no element.`);
  }
}

export function buildAdml(entries: readonly PolicyEntry[] = policyEntries()): string {
  const strings: [string, string][] = [
    [ROOT_CATEGORY, 'Teamified Kiosk'],
    [SUPPORTED, 'Teamified Kiosk 0.1 and later'],
    ...usedCategories(entries).map(({ id, title }): [string, string] => [categoryId(id), title]),
  ];
  const presentations: string[] = [];
  for (const entry of entries) {
    strings.push([entry.name, entry.title], [`${entry.name}_Explain`, `${entry.description}\n\n${valueRule(entry)}\n\nSetting: ${entry.key}. Registry value: HKLM\\${policyLocations.windowsRegistryKey}\\${entry.name}.`]);
    if (entry.kind.kind === 'choice') for (const option of entry.kind.options) strings.push([itemId(entry, option), option]);
    const control = admlControl(entry);
    if (control) presentations.push(`      <presentation id="${entry.name}">\n        ${control}\n      </presentation>`);
  }
  const table = strings.map(([id, text]) => `      <string id="${id}">${escapeXml(text)}</string>`).join('\n');
  return `<?xml version="1.0" encoding="utf-8"?>
<policyDefinitionResources xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" revision="${REVISION}" schemaVersion="1.0" xmlns="${NAMESPACE}">
  <displayName>Teamified Kiosk</displayName>
  <description>Device settings IT sets centrally for Teamified Kiosk.</description>
  <resources>
    <stringTable>
${table}
    </stringTable>
    <presentationTable>
${presentations.join('\n')}
    </presentationTable>
  </resources>
</policyDefinitionResources>
`;
}

function admlControl(entry: PolicyEntry): string | null {
  const { name, kind, title, defaultValue } = entry;
  switch (kind.kind) {
    case 'boolean':
      return null;
    case 'whole':
      return `<decimalTextBox refId="${name}" defaultValue="${defaultValue === null ? 0 : String(defaultValue)}" spinStep="1">${escapeXml(title)}</decimalTextBox>`;
    case 'choice':
      return `<dropdownList refId="${name}" defaultItem="${Math.max(0, kind.options.indexOf(String(defaultValue)))}" noSort="true">${escapeXml(title)}</dropdownList>`;
    case 'text':
    case 'json':
      return `<textBox refId="${name}"><label>${escapeXml(title)}</label>${defaultValue === '' || defaultValue === null ? '' : `<defaultValue>${escapeXml(typeof defaultValue === 'string' ? defaultValue : JSON.stringify(defaultValue))}</defaultValue>`}</textBox>`;
  }
}
