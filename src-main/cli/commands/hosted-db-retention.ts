import { dataKinds, type DataKind } from '../../../shared/domain/erasure';
import { EXIT, parseValueOptions, UsageError, type CliCommand } from '../cli-command';
import { databaseUrl, reportFailure } from './hosted-db';

// Loaded when the command runs, as hosted-db.ts loads its admin module.
const retentionAdmin = () => import('../../sync/hosted-db/retention-admin');

const optionOf = (kind: DataKind) => `--${kind}-days`;

/** `npm run cli -- hosted-db apply-retention`: IT's retention per kind on the hosted database (README, "Retention and erasure"). */
export const hostedDbApplyRetentionCommand: CliCommand = {
  path: ['hosted-db', 'apply-retention'],
  synopsis: '--url URL [--recordings-days N] [--transcripts-days N] [--resumes-days N] [--assessments-days N]',
  summary: 'Empty content older than its period on the hosted database (recordings, transcripts, resumes, assessments), as each device does; devices receive the emptied rows.',
  async run(args, output) {
    const options = parseValueOptions(args, ['--url', ...dataKinds.map(optionOf)]);
    const url = databaseUrl(options);
    const days: Partial<Record<DataKind, number>> = {};
    for (const kind of dataKinds) {
      const value = options.get(optionOf(kind));
      if (value === undefined) continue;
      if (!/^[1-9]\d{0,4}$/.test(value)) throw new UsageError(`${optionOf(kind)} must be a whole number of days, 1 or more.`);
      days[kind] = Number(value);
    }
    if (Object.keys(days).length === 0) throw new UsageError(`Give at least one of ${dataKinds.map(optionOf).join(', ')}.`);
    return reportFailure(output, 'Retention', async () => {
      const { applyRetention } = await retentionAdmin();
      const removed = await applyRetention(url, days);
      output.out(`Emptied: ${Object.entries(removed).map(([kind, count]) => `${kind} ${count}`).join(', ')}.\n`);
      return EXIT.ok;
    });
  },
};
