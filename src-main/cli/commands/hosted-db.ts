import { EXIT, parseValueOptions, UsageError, type CliCommand, type CliOutput } from '../cli-command';
import { deviceKinds, type DeviceKind } from '../../sync/hosted-db/device-kinds';

// Loaded when a command runs, not when the CLI starts: `--help` or a typo should answer at once, not after pg loads.
const deviceAdmin = () => import('../../sync/hosted-db/device-admin');
const hostedMigrations = () => import('../../sync/hosted-db/migrate-hosted-db');

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

export const hostedDbEnrolDeviceCommand: CliCommand = {
  path: ['hosted-db', 'enrol-device'],
  synopsis: '--url URL --name NAME --kind kiosk|laptop',
  summary: 'Create a device login for a kiosk or laptop and print its credentials (the password is shown only once).',
  async run(args, output) {
    const options = parseValueOptions(args, ['--url', '--name', '--kind']);
    const url = databaseUrl(options);
    const name = options.get('--name');
    const kind = options.get('--kind');
    if (!name) throw new UsageError('Give the device a --name (e.g. "Sydney centre kiosk 3").');
    if (!kind || !deviceKinds.includes(kind as DeviceKind)) throw new UsageError('--kind must be kiosk or laptop.');
    return reportFailure(output, 'Enrolment', async () => {
      const { createDevice, deviceEndpoint } = await deviceAdmin();
      const device = await createDevice(url, name, kind as DeviceKind);
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
  },
};

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
