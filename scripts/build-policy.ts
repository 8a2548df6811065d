import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildAdml, buildAdmx } from './policy/admx';
import { buildLinuxPolicyExample, buildLinuxPolicySchema } from './policy/linux-policy';
import { buildMobileconfig } from './policy/mobileconfig';
import { policyEntries } from './policy/policy-entries';

/**
 * `npm run build:policy [out-folder]`: writes IT's policy templates from the
 * declarations in shared/domain/settings-policy.ts, by default to
 * out/policy/ (built output, not committed):
 *   windows/TeamifiedKiosk.admx, windows/en-US/TeamifiedKiosk.adml
 *   macos/TeamifiedKiosk.mobileconfig
 *   linux/policy.json (example), linux/policy.schema.json
 */
export function buildPolicyTemplates(outDir: string): string[] {
  const entries = policyEntries();
  const files: [string, string][] = [
    [join('windows', 'TeamifiedKiosk.admx'), buildAdmx(entries)],
    [join('windows', 'en-US', 'TeamifiedKiosk.adml'), buildAdml(entries)],
    [join('macos', 'TeamifiedKiosk.mobileconfig'), buildMobileconfig(entries)],
    [join('linux', 'policy.json'), buildLinuxPolicyExample(entries)],
    [join('linux', 'policy.schema.json'), buildLinuxPolicySchema(entries)],
  ];
  return files.map(([name, text]) => {
    const path = join(outDir, name);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
    return path;
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  const outDir = resolve(process.argv[2] ?? join(root, 'out', 'policy'));
  const written = buildPolicyTemplates(outDir);
  console.log(`Wrote ${policyEntries().length} policies to:\n${written.map((path) => `  ${path}`).join('\n')}`);
}
