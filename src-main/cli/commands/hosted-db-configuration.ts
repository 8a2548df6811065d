import { EXIT, parseValueOptions, UsageError, type CliCommand } from '../cli-command';
import { databaseUrl, deviceIdOption, reportFailure, UUID } from './hosted-db';

// Loaded when a command runs, as hosted-db.ts loads its admin module.
const configurationAdmin = () => import('../../sync/hosted-db/configuration-admin');

/** `npm run cli -- hosted-db …` for the proof of configuration (README, "Proof of configuration (IT)"). */

const KEY = /^[0-9a-f]{64}$/;

function keyOption(options: Map<string, string>): string | undefined {
  const key = options.get('--key');
  if (key !== undefined && !KEY.test(key)) throw new UsageError('--key must be a configuration key: 64 lower-case hex digits.');
  return key;
}

export const hostedDbApproveConfigurationCommand: CliCommand = {
  path: ['hosted-db', 'approve-configuration'],
  synopsis: '--url URL (--interview INTERVIEW_ID | --key CONFIGURATION_KEY) [--note TEXT]',
  summary: 'Approve the configuration an interview ran under (or one by its key): recruiters then see "Ran under the approved configuration".',
  async run(args, output) {
    const options = parseValueOptions(args, ['--url', '--interview', '--key', '--note']);
    const url = databaseUrl(options);
    const interviewId = options.get('--interview');
    const key = keyOption(options);
    if ((interviewId === undefined) === (key === undefined)) throw new UsageError('Give either --interview ID or --key HASH.');
    if (interviewId !== undefined && !UUID.test(interviewId)) throw new UsageError('--interview must be an interview id (a uuid).');
    const note = options.get('--note') ?? '';
    if (note.length > 500) throw new UsageError('--note must be at most 500 characters.');
    return reportFailure(output, 'Approval', async () => {
      const { approveConfiguration } = await configurationAdmin();
      const approval = await approveConfiguration(url, interviewId ? { interviewId } : { key: key! }, note);
      output.out(`${approval.alreadyApproved ? 'Already approved' : 'Approved'}: configuration ${approval.configurationKey}.\n`);
      return EXIT.ok;
    });
  },
};

export const hostedDbWithdrawConfigurationCommand: CliCommand = {
  path: ['hosted-db', 'withdraw-configuration'],
  synopsis: '--url URL --key CONFIGURATION_KEY',
  summary: 'Withdraw an approval: interviews under that configuration no longer show as approved.',
  async run(args, output) {
    const options = parseValueOptions(args, ['--url', '--key']);
    const url = databaseUrl(options);
    const key = keyOption(options);
    if (!key) throw new UsageError('Give the configuration key with --key.');
    return reportFailure(output, 'Withdrawal', async () => {
      const { withdrawConfiguration } = await configurationAdmin();
      output.out((await withdrawConfiguration(url, key)) ? `Withdrew the approval of ${key}.\n` : `No approval of ${key} to withdraw.\n`);
      return EXIT.ok;
    });
  },
};

export const hostedDbResetDeviceKeyCommand: CliCommand = {
  path: ['hosted-db', 'reset-device-key'],
  synopsis: '--url URL --id DEVICE_ID',
  summary: "Forget a device's signing key (after a reinstall or an emptied keychain): it registers its new key at its next sync.",
  async run(args, output) {
    const options = parseValueOptions(args, ['--url', '--id']);
    const url = databaseUrl(options);
    const id = deviceIdOption(options);
    return reportFailure(output, 'Resetting the device key', async () => {
      const { resetDeviceKey } = await configurationAdmin();
      await resetDeviceKey(url, id);
      output.out(`Device ${id} registers a new signing key at its next sync.\n`);
      return EXIT.ok;
    });
  },
};

export const hostedDbConfigurationCommands: readonly CliCommand[] = [
  hostedDbApproveConfigurationCommand,
  hostedDbWithdrawConfigurationCommand,
  hostedDbResetDeviceKeyCommand,
];
