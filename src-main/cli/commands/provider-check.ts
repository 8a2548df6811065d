import { fileURLToPath } from 'node:url';
import { EXIT, parseArguments, UsageError, type CliCommand } from '../cli-command';
import { loadProviderSetup, PROVIDER_OPTIONS, PROVIDER_SYNOPSIS, providerHelp } from '../provider/provider-setup';

/** The role definitions and interview prompts the judgement call is built from (the command runs from a checkout). */
const resourcesDir = fileURLToPath(new URL('../../../resources', import.meta.url));

export const providerCheckCommand: CliCommand = {
  path: ['provider', 'check'],
  synopsis: `${PROVIDER_SYNOPSIS} [--json]`,
  summary: "Make one small call of each kind the app makes with this device's AI provider settings and key, and show which work.",
  details: [
    'The calls, one after another: chat, streamed chat, every structured reply the app asks for (answer judgement,',
    'the four scoring passes, resume parsing and feedback) with its own schemas and prompts, speech-to-text of a',
    "second of tone, and text-to-speech of a short sentence. Each row shows pass or fail, the time, what metering",
    "counted and its cost, and for a failure the provider error's kind, HTTP status and message. Usage is counted",
    "in memory, not in the device's database, and speech is requested, not taken from the app's cache.",
    '',
    '  --json           print one JSON document with the same facts instead of the table.',
    '',
    providerHelp(),
    '',
    'Exit codes: 0 every call passed, 1 a call failed or no key or settings could be used, 2 a usage error.',
  ].join('\n'),
  async run(args, output) {
    const { positional, flags, values } = parseArguments(args, ['--json'], PROVIDER_OPTIONS);
    if (positional.length > 0) throw new UsageError(`Unexpected argument: ${positional[0]}`);
    const loaded = await loadProviderSetup(values);
    if (!loaded.ok) {
      output.err(`${loaded.message}\n`);
      return EXIT.failed;
    }
    // Loaded only now (one import, not several at once), so --help and usage errors answer without loading the AI client.
    const { checkProvider } = await import('../provider-check/check-provider');
    return (await checkProvider(loaded.setup, resourcesDir, flags.has('--json'), output)) ? EXIT.ok : EXIT.failed;
  },
};
