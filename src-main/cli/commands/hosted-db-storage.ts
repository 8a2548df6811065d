import { EXIT, parseValueOptions, UsageError, type CliCommand } from '../cli-command';
import { databaseUrl, reportFailure } from './hosted-db';

// Loaded when the command runs, as hosted-db.ts loads its admin module.
const storageAdmin = () => import('../../sync/hosted-db/storage-admin');

/**
 * `npm run cli -- hosted-db storage …`: where recordings and resumes are
 * stored (README, "Where recordings and resumes are stored (IT)"). The
 * secret comes from the environment, never the command line, so it stays
 * out of shell history and the process list.
 */

const SECRET_ENV = 'TEAMIFIED_STORAGE_SECRET_ACCESS_KEY';

export const hostedDbStorageSetCommand: CliCommand = {
  path: ['hosted-db', 'storage', 'set'],
  synopsis: '--url URL --endpoint https://HOST[/PATH] --region REGION --bucket BUCKET --access-key-id ID [--addressing path|virtual]',
  summary: `Store new recordings and resumes in an S3-compatible bucket (AWS S3, Supabase Storage, MinIO); the secret key is read from ${SECRET_ENV}.`,
  details: [
    'Devices never get the key: the hosted database signs a URL for each object, valid for one hour.',
    '--addressing path (default) puts the bucket in the path (MinIO, Supabase Storage); virtual puts it in the host name (AWS S3).',
    'Supabase Storage: --endpoint https://PROJECT.supabase.co/storage/v1/s3 --region the project region, with an S3 access key from the dashboard.',
  ].join('\n'),
  async run(args, output) {
    const options = parseValueOptions(args, ['--url', '--endpoint', '--region', '--bucket', '--access-key-id', '--addressing']);
    const url = databaseUrl(options);
    const endpoint = required(options, '--endpoint');
    if (!/^https?:\/\/[^\s/?#]+(\/[^\s?#]*)?$/.test(endpoint)) throw new UsageError('--endpoint must be an https:// address, without a query.');
    const addressing = options.get('--addressing') ?? 'path';
    if (addressing !== 'path' && addressing !== 'virtual') throw new UsageError('--addressing is path or virtual.');
    const secretAccessKey = process.env[SECRET_ENV];
    if (!secretAccessKey) throw new UsageError(`Put the storage secret access key in ${SECRET_ENV} (not on the command line).`);
    const settings = {
      endpoint,
      region: required(options, '--region'),
      bucket: required(options, '--bucket'),
      pathStyle: addressing === 'path',
      accessKeyId: required(options, '--access-key-id'),
      secretAccessKey,
    };
    return reportFailure(output, 'Setting the storage', async () => {
      const { setObjectStorage } = await storageAdmin();
      await setObjectStorage(url, settings);
      output.out(`New files go to bucket ${settings.bucket} at ${settings.endpoint}. Files already stored stay where they are.\n`);
      return EXIT.ok;
    });
  },
};

export const hostedDbStorageShowCommand: CliCommand = {
  path: ['hosted-db', 'storage', 'show'],
  synopsis: '--url URL',
  summary: 'Where new files are stored (without the secret), how many files are in the bucket and in Postgres, and how many objects await deletion.',
  async run(args, output) {
    const url = databaseUrl(parseValueOptions(args, ['--url']));
    return reportFailure(output, 'Reading the storage', async () => {
      const { objectStorage } = await storageAdmin();
      const report = await objectStorage(url);
      const where = report.storage
        ? `bucket ${report.storage.bucket} at ${report.storage.endpoint} (region ${report.storage.region}, ${report.storage.pathStyle ? 'path' : 'virtual'} addressing, access key id ${report.storage.accessKeyId}, parts of ${report.storage.partBytes} bytes)`
        : 'Postgres (no object storage configured)';
      output.out(
        `New files go to: ${where}.\nFiles in the bucket: ${report.filesInBucket}; in Postgres: ${report.filesInPostgres}; objects awaiting deletion: ${report.awaitingDeletion}.\n`,
      );
      return EXIT.ok;
    });
  },
};

export const hostedDbStorageClearCommand: CliCommand = {
  path: ['hosted-db', 'storage', 'clear'],
  synopsis: '--url URL',
  summary: 'Store new files in Postgres again. Files already in the bucket can be read only while it is configured: set it again to read them.',
  async run(args, output) {
    const url = databaseUrl(parseValueOptions(args, ['--url']));
    return reportFailure(output, 'Clearing the storage', async () => {
      const { clearObjectStorage } = await storageAdmin();
      const inBucket = await clearObjectStorage(url);
      output.out(`New files go to Postgres. ${inBucket} file(s) remain in the bucket and cannot be downloaded until it is set again.\n`);
      return EXIT.ok;
    });
  },
};

export const hostedDbStoragePurgeCommand: CliCommand = {
  path: ['hosted-db', 'storage', 'purge'],
  synopsis: '--url URL',
  summary: 'Delete from the bucket the objects erasure and retention (hosted-db apply-retention) left without a row, and uploads abandoned for 7 days. Run it after each retention run.',
  async run(args, output) {
    const url = databaseUrl(parseValueOptions(args, ['--url']));
    return reportFailure(output, 'Purging the bucket', async () => {
      const { purgeDeletedObjects } = await storageAdmin();
      output.out(`Deleted ${await purgeDeletedObjects(url)} object(s) from the bucket.\n`);
      return EXIT.ok;
    });
  },
};

export const hostedDbStorageCommands: readonly CliCommand[] = [hostedDbStorageSetCommand, hostedDbStorageShowCommand, hostedDbStorageClearCommand, hostedDbStoragePurgeCommand];

function required(options: Map<string, string>, name: string): string {
  const value = options.get(name);
  if (!value) throw new UsageError(`Give ${name}.`);
  return value;
}
