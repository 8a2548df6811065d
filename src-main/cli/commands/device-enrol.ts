import { join } from 'node:path';
import { DeviceSigningKey } from '../../configuration/signing-key';
import { createLogger } from '../../logging/logger';
import { Network } from '../../providers/network/network';
import { openSecretStore } from '../../secrets/open-secret-store';
import { SecretStoreError, type SecretStore } from '../../secrets/secret-store';
import { SettingsError } from '../../settings/errors';
import { FileSettingsBackend } from '../../settings/file-settings-backend';
import type { SettingsBackend } from '../../settings/settings-backend';
import { defaultMachineSettingsPath, SettingsService } from '../../settings/settings-service';
import { EXIT, parseArguments, UsageError, type CliCommand, type CliOutput } from '../cli-command';
import { dataDirFrom, defaultDataDir } from '../provider/provider-setup';
import { readLine } from '../read-line';

/** The user settings file in the data folder (electron-store's in the app), and electron-store's own key in it. */
const SETTINGS_FILE = 'settings.json';
const STORE_BOOKKEEPING_KEY = '__internal__';

export interface DeviceEnrolDeps {
  /** The OS keychain of the user running the command (the app's user); tests give a memory store. */
  openSecrets(): Promise<SecretStore>;
  /** The code when --code is not given: a line of standard input (../read-line.ts); tests give their own. */
  readCode?(prompt: string): Promise<string>;
  env?: NodeJS.ProcessEnv;
}

/**
 * The settings file as electron-store keeps it, changed only in what
 * SettingsService writes: its bookkeeping key is set aside on reading and
 * put back on writing, so the app finds its file as it left it.
 */
function appSettingsFile(path: string): SettingsBackend {
  const file = new FileSettingsBackend(path);
  let bookkeeping: unknown;
  return {
    location: path,
    read() {
      const raw = file.read();
      if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return raw;
      const { [STORE_BOOKKEEPING_KEY]: kept, ...settings } = raw as Record<string, unknown>;
      bookkeeping = kept;
      return settings;
    },
    write(value) {
      file.write(bookkeeping === undefined ? value : { ...(value as Record<string, unknown>), [STORE_BOOKKEEPING_KEY]: bookkeeping });
    },
  };
}

export function deviceEnrolCommand(deps: DeviceEnrolDeps): CliCommand {
  return {
    path: ['device', 'enrol'],
    synopsis: '--host ADDRESS [--name NAME] [--data-dir DIR] [--code CODE]   (the code on standard input)',
    summary: 'Enrol this device with a code from hosted-db enrol-device: its login goes straight into the OS keychain, for scripted installs.',
    details: [
      '  (stdin)          the enrolment code IT issued (or the whole scanned line, teamified-enrol://ADDRESS#CODE): typed',
      '                   at the prompt, or piped in by a script: printf \'%s\\n\' "$CODE" | npm run cli -- device enrol --host ...',
      '  --code CODE      the code on the command line instead. Avoid it: other users of this computer see a command line',
      '                   in the process list while it runs, and the shell keeps it in its history.',
      '  --host ADDRESS   the hosted database\'s address printed with the code (not needed with a scanned line).',
      '  --name NAME      the device\'s name when the code gives none; default: this computer\'s name.',
      "  --data-dir DIR   the app's data folder, whose settings.json gets the sync endpoint. Default:",
      `                   TEAMIFIED_DATA_DIR when set, else the installed app's folder, here ${defaultDataDir()}.`,
      '',
      'Run it as the user the app runs as (the password goes to that user\'s OS keychain), before the app first starts',
      'or while it is closed: a running app keeps its settings in memory and would not see the new endpoint until restarted.',
      'Where the app keeps secrets with Electron\'s safeStorage rather than the keychain, enrol from the app instead',
      '(Device settings → Enrol with a code). Nothing secret is printed.',
      '',
      'Exit codes: 0 enrolled, 1 refused or failed (the message says why and what to do), 2 a usage error.',
    ].join('\n'),
    async run(args, output) {
      const { positional, values } = parseArguments(args, [], ['--code', '--host', '--name', '--data-dir']);
      if (positional.length > 0) throw new UsageError(`Unexpected argument: ${positional[0]}`);
      const code = values.get('--code') ?? (await (deps.readCode ?? readLine)('Enrolment code: ')).trim();
      if (!code) throw new UsageError('Give the enrolment code on standard input (type it at the prompt, or pipe it in).');
      const dataDir = dataDirFrom(values, deps.env);
      return enrol(output, deps, { dataDir, code, host: values.get('--host') ?? '', name: values.get('--name') });
    },
  };
}

async function enrol(output: CliOutput, deps: DeviceEnrolDeps, request: { dataDir: string; code: string; host: string; name: string | undefined }): Promise<number> {
  // The app's own log lines would only repeat what the command prints.
  const logger = createLogger({ sink: () => {} });
  let settings: SettingsService;
  try {
    settings = new SettingsService({
      backend: appSettingsFile(join(request.dataDir, SETTINGS_FILE)),
      machineFilePath: defaultMachineSettingsPath(process.platform, deps.env ?? process.env),
      logger,
    });
  } catch (error) {
    if (error instanceof SettingsError) {
      output.err(`${error.message}\n`);
      return EXIT.failed;
    }
    throw error;
  }
  let secrets: SecretStore;
  try {
    secrets = await deps.openSecrets();
  } catch (error) {
    if (!(error instanceof SecretStoreError)) throw error;
    output.err(`The OS keychain cannot be used here: ${error.message} Run this as the app's user with the keychain unlocked, or enrol from the app (Device settings → Enrol with a code).\n`);
    return EXIT.failed;
  }
  const { DeviceEnrolment, EnrolmentError } = await import('../../sync/enrolment/device-enrolment');
  // Through IT's proxy and with IT's CA bundle, as the app would enrol (README "Corporate networks").
  const network = new Network({ settings: () => settings.get().network, secrets, env: deps.env ?? process.env });
  const enrolment = new DeviceEnrolment({ settings, secrets, signingKey: new DeviceSigningKey(secrets, logger), logger, network: () => network.access() });
  try {
    const enrolled = await enrolment.enrol({ host: request.host, code: request.code, ...(request.name !== undefined ? { name: request.name } : {}) });
    output.out(
      [
        `Enrolled this ${enrolled.kind} as "${enrolled.name}" (device id ${enrolled.deviceId}).`,
        `  Sync endpoint: ${enrolled.endpoint}  (in ${join(request.dataDir, SETTINGS_FILE)})`,
        `  Password:      in the OS keychain (${secrets.backend}) as sync-device-credential; never shown.`,
        'The app syncs when it next starts.',
        '',
      ].join('\n'),
    );
    return EXIT.ok;
  } catch (error) {
    if (!(error instanceof EnrolmentError)) throw error;
    output.err(`${error.message}\n`);
    return EXIT.failed;
  }
}

export const deviceEnrolCommandForThisUser = deviceEnrolCommand({
  // The keychain only: safeStorage needs Electron, which the command line does not run.
  openSecrets: () => openSecretStore({ prefer: 'keychain', logger: createLogger({ sink: () => {} }) }),
});
