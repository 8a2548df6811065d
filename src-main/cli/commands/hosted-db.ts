import { EXIT, parseArguments, parseValueOptions, UsageError, type CliCommand, type CliOutput } from '../cli-command';
import { deviceKinds, type DeviceKind } from '../../sync/hosted-db/device-kinds';

// Loaded when a command runs, not when the CLI starts: `--help` or a typo should answer at once, not after pg loads.
const deviceAdmin = () => import('../../sync/hosted-db/device-admin');
const hostedMigrations = () => import('../../sync/hosted-db/migrate-hosted-db');
const enrolmentAdmin = () => import('../../sync/hosted-db/enrolment-admin');

/**
 * `npm run cli -- hosted-db ...`: IT's commands for the hosted Postgres.
 * The URL is the owner's connection URL (postgres://owner:password@host/db);
 * instead of --url it may come from TEAMIFIED_HOSTED_DB_URL, which keeps the
 * password out of shell history.
 */

const URL_ENV = 'TEAMIFIED_HOSTED_DB_URL';
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function databaseUrl(options: Map<string, string>): string {
  const url = options.get('--url') ?? process.env[URL_ENV];
  if (!url) throw new UsageError(`Give the database URL with --url (or in ${URL_ENV}).`);
  if (!/^postgres(ql)?:\/\//.test(url)) throw new UsageError('The URL must start with postgres:// or postgresql://.');
  return url;
}

/** The device a command is about, from --id. */
export function deviceIdOption(options: Map<string, string>): string {
  const id = options.get('--id');
  if (!id || !UUID.test(id)) throw new UsageError('Give the device id (a uuid) with --id.');
  return id;
}

/** Database errors end the command with exit 1 and their message (never the URL: it holds a password). */
export async function reportFailure(output: CliOutput, what: string, run: () => Promise<number>): Promise<number> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof UsageError) throw error;
    const code = (error as { code?: unknown }).code;
    output.err(`${what} failed: ${error instanceof Error ? error.message : String(error)}${typeof code === 'string' ? ` [${code}]` : ''}\n`);
    return EXIT.failed;
  }
}

export const hostedDbMigrateCommand: CliCommand = {
  path: ['hosted-db', 'migrate'],
  synopsis: '--url URL',
  summary: 'Apply the hosted Postgres migrations (migrations/postgres) the database does not have yet, and any changed sync function files.',
  async run(args, output) {
    const url = databaseUrl(parseValueOptions(args, ['--url']));
    return reportFailure(output, 'Migration', async () => {
      const { defaultMigrationsDir, migrateHostedDatabase } = await hostedMigrations();
      const result = await migrateHostedDatabase(url, defaultMigrationsDir);
      const functions = result.functions.length === 0 ? '' : ` Sync functions updated: ${result.functions.join(', ')}.`;
      output.out(
        result.applied.length === 0
          ? `${functions ? 'No new migrations.' : 'The database is up to date'} (schema version ${result.version}).${functions}\n`
          : `Applied ${result.applied.join(', ')}. Schema version is now ${result.version}.${functions}\n`,
      );
      return EXIT.ok;
    });
  },
};

/** `--expires-in`: 15m, 2h, 1d; from 1 minute to 7 days. */
export function expiresInMinutes(text: string | undefined): number {
  if (text === undefined) return 15;
  const match = /^(\d+)\s*(m|min|h|d)$/i.exec(text.trim());
  const minutes = match ? Number(match[1]) * ({ m: 1, min: 1, h: 60, d: 1440 } as const)[match[2]!.toLowerCase() as 'm' | 'min' | 'h' | 'd'] : NaN;
  if (!Number.isInteger(minutes) || minutes < 1 || minutes > 7 * 1440) {
    throw new UsageError('--expires-in is a time from 1 minute to 7 days, such as 15m, 2h or 1d.');
  }
  return minutes;
}

export const hostedDbEnrolDeviceCommand: CliCommand = {
  path: ['hosted-db', 'enrol-device'],
  synopsis: '--url URL --kind kiosk|laptop [--name NAME] [--expires-in 15m] [--with-password]',
  summary: 'Issue a single-use enrolment code (and its QR code) for a kiosk or laptop: typed at the device, it enrols it. No password is shown.',
  details: [
    '  --kind           kiosk or laptop: what the device may sync.',
    '  --name NAME      the device\'s name in the fleet; without it, the device gives its own (its computer name, or what the admin types).',
    '  --expires-in T   how long the code can be used: 15m (the default), 2h, 1d; at most 7d. It is single use, and 5 wrong tries lock it.',
    '  --with-password  the old way: create the device login now and print its password and sync.endpoint, to be entered',
    '                   at the device by hand (for a device on an app version without "Enrol with a code"; --name needed).',
    '',
    'At the device: Device settings → Enrol with a code, with the address and code printed here (or scan the QR code with a',
    'scanner that types), or for a scripted install: npm run cli -- device enrol --host ADDRESS, with the code on its standard input.',
  ].join('\n'),
  async run(args, output) {
    const { positional, flags, values } = parseArguments(args, ['--with-password'], ['--url', '--name', '--kind', '--expires-in']);
    if (positional.length > 0) throw new UsageError(`Unexpected argument: ${positional[0]}`);
    const url = databaseUrl(values);
    const name = values.get('--name');
    const kind = values.get('--kind');
    if (name !== undefined && name.trim() === '') throw new UsageError('--name must not be empty.');
    if (!kind || !deviceKinds.includes(kind as DeviceKind)) throw new UsageError('--kind must be kiosk or laptop.');
    if (flags.has('--with-password')) {
      if (values.has('--expires-in')) throw new UsageError('--expires-in is for enrolment codes; --with-password creates the login at once.');
      if (!name) throw new UsageError('Give the device a --name (e.g. "Sydney centre kiosk 3").');
      return enrolWithPassword(output, url, name, kind as DeviceKind);
    }
    const minutes = expiresInMinutes(values.get('--expires-in'));
    return reportFailure(output, 'Issuing an enrolment code', async () => {
      const [{ issueEnrolmentCode }, { enrolmentAddress, enrolmentLine }, { formatEnrolmentCode }, { terminalQr }] = await Promise.all([
        enrolmentAdmin(),
        import('../../sync/enrolment/enrolment-address'),
        import('../../sync/enrolment/enrolment-code'),
        import('../terminal-qr'),
      ]);
      // First, so that a URL that would have the device enrol unencrypted issues no code.
      const address = enrolmentAddress(url);
      const issued = await issueEnrolmentCode(url, { kind: kind as DeviceKind, name: name ?? null, expiresInMinutes: minutes });
      output.out(
        [
          `Enrolment code for a ${kind}${issued.name ? ` named "${issued.name}"` : ' (it gives its own name)'}:`,
          '',
          `  Address:  ${address}`,
          `  Code:     ${formatEnrolmentCode(issued.code)}`,
          `  Expires:  ${issued.expiresAt} (single use; 5 wrong tries lock it)`,
          '',
          terminalQr(enrolmentLine(address, issued.code)),
          'At the device, an administrator opens Device settings → Enrol with a code and types the address and the code',
          '(or scans this QR code), or an install script runs this and types or pipes in the code:',
          `  npm run cli -- device enrol --host '${address}'`,
          'The device makes its own key and its own login, whose password never leaves it, and starts syncing. Nobody sees a',
          'password. A lost or unused code simply expires; issue a new one whenever needed.',
          '',
        ].join('\n'),
      );
      return EXIT.ok;
    });
  },
};

function enrolWithPassword(output: CliOutput, url: string, name: string, kind: DeviceKind): Promise<number> {
  return reportFailure(output, 'Enrolment', async () => {
    const { createDevice, deviceEndpoint } = await deviceAdmin();
    const device = await createDevice(url, name, kind);
    output.out(
      [
        `Enrolled ${kind} "${name}".`,
        `  Device id:        ${device.deviceId}`,
        `  Database user:    ${device.roleName}`,
        `  Password:         ${device.password}`,
        `  sync.endpoint:    ${deviceEndpoint(url, device.roleName)}`,
        '',
        'WARNING: this password is shown only now and is not stored anywhere readable. Enter it on the device',
        '(it goes to the OS keychain as sync-device-credential) and do not keep a copy. If it is lost, revoke',
        'this device (hosted-db revoke-device) and enrol it again. Configure sync.endpoint as shown: it has no password.',
        '',
      ].join('\n'),
    );
    return EXIT.ok;
  });
}

export const hostedDbRevokeDeviceCommand: CliCommand = {
  path: ['hosted-db', 'revoke-device'],
  synopsis: '--url URL --id DEVICE_ID',
  summary: 'Revoke a device: it can no longer log in or sync, and its open sessions end.',
  async run(args, output) {
    const options = parseValueOptions(args, ['--url', '--id']);
    const url = databaseUrl(options);
    const id = deviceIdOption(options);
    return reportFailure(output, 'Revocation', async () => {
      const { revokeDevice } = await deviceAdmin();
      await revokeDevice(url, id);
      output.out(`Revoked device ${id}.\n`);
      return EXIT.ok;
    });
  },
};

export const hostedDbRefusalsCommand: CliCommand = {
  path: ['hosted-db', 'refusals'],
  synopsis: '--url URL [--id DEVICE_ID] [--limit N]',
  summary: 'List the changes the database refused from devices (newest first) and why: what a status line\'s "refused" points to.',
  async run(args, output) {
    const options = parseValueOptions(args, ['--url', '--id', '--limit']);
    const url = databaseUrl(options);
    const id = options.get('--id');
    if (id !== undefined && !UUID.test(id)) throw new UsageError('--id must be a device id (a uuid).');
    const limit = Number(options.get('--limit') ?? 50);
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new UsageError('--limit must be a whole number from 1 to 1000.');
    return reportFailure(output, 'Listing refusals', async () => {
      const { listRefusals } = await deviceAdmin();
      const refusals = await listRefusals(url, { deviceId: id, limit });
      if (refusals.length === 0) {
        output.out(id ? `No refused changes from device ${id}.\n` : 'No refused changes.\n');
        return EXIT.ok;
      }
      const lines = [`${refusals.length} refused change${refusals.length === 1 ? '' : 's'}, newest first${refusals.length === limit ? ` (the first ${limit}; --limit shows more)` : ''}:`];
      for (const r of refusals) {
        lines.push(`  ${r.at}  ${r.deviceName} (${r.deviceKind} ${r.deviceId})  change ${r.seq}: ${r.table ?? '?'} ${r.rowId ?? '?'}`);
        lines.push(`    ${r.reason}`);
      }
      output.out(`${lines.join('\n')}\n`);
      return EXIT.ok;
    });
  },
};

export const hostedDbCommands: readonly CliCommand[] = [hostedDbMigrateCommand, hostedDbEnrolDeviceCommand, hostedDbRevokeDeviceCommand, hostedDbRefusalsCommand];
