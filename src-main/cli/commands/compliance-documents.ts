import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { roleTypes } from '../../../shared/domain/interview';
import { employerDocuments } from '../../compliance/employer-documents';
import { loadNotices, retentionSentence } from '../../consent/notices';
import { loadPromptSet, loadRoleDefinition } from '../../resources/resource-files';
import { EXIT, parseArguments, UsageError, type CliCommand } from '../cli-command';
import { loadDeviceSettings } from '../provider/provider-setup';

/** The role definitions, prompts and notices the documents describe (the command runs from a checkout, like the others). */
const resourcesDir = fileURLToPath(new URL('../../../resources', import.meta.url));
const packageJson = fileURLToPath(new URL('../../../package.json', import.meta.url));

export const complianceDocumentsCommand: CliCommand = {
  path: ['compliance', 'documents'],
  synopsis: '[--data-dir DIR] [--out DIR]',
  summary: "Write the employer's documents (instructions for use, the data kept, the candidate notice) from this device's settings.",
  details: [
    'Three Markdown documents, made from the settings the app reads (built-in defaults, DIR/settings.json, then IT’s',
    'machine settings file) and the versions this build ships (role definitions, prompts, the current notice):',
    '',
    '  instructions-for-use.md   what the system does, the models and settings in force, its limits, the people’s part',
    '  data-kept.md              what is kept, where, for how long, and what is never collected',
    '  candidate-notice.md       the notice candidates answer at the kiosk, with its version and hash, to send in advance',
    '',
    "  --data-dir DIR   the app's data folder (default: TEAMIFIED_DATA_DIR, else the installed app's folder).",
    '  --out DIR        write the files there (made if missing); without it they are printed one after another.',
    '',
    'Exit codes: 0 written, 1 the settings could not be read, 2 a usage error.',
  ].join('\n'),
  run(args, output) {
    const { positional, values } = parseArguments(args, [], ['--data-dir', '--out']);
    if (positional.length > 0) throw new UsageError(`Unexpected argument: ${positional[0]}`);
    const loaded = loadDeviceSettings(values);
    if (!loaded.ok) {
      output.err(`${loaded.message}\n`);
      return Promise.resolve(EXIT.failed);
    }
    const documents = employerDocuments({
      appVersion: (JSON.parse(readFileSync(packageJson, 'utf8')) as { version: string }).version,
      settings: loaded.settings,
      promptVersion: loadPromptSet(resourcesDir).version,
      roles: roleTypes.map((roleType) => {
        const role = loadRoleDefinition(resourcesDir, roleType);
        return { title: role.title, version: role.version, skills: role.skills.map((skill) => skill.name) };
      }),
      notice: loadNotices(resourcesDir, loaded.settings.retention).en,
      retention: retentionSentence(loaded.settings.retention),
      madeAt: new Date().toISOString(),
    });
    const out = values.get('--out');
    if (out === undefined) {
      output.out(documents.map((document) => `<!-- ${document.name} -->\n${document.text}`).join('\n'));
      return Promise.resolve(EXIT.ok);
    }
    const dir = resolve(out);
    mkdirSync(dir, { recursive: true });
    for (const document of documents) writeFileSync(join(dir, document.name), document.text);
    output.out(`Wrote ${documents.map((document) => document.name).join(', ')} to ${dir}\n`);
    return Promise.resolve(EXIT.ok);
  },
};
