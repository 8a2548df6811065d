import { fileURLToPath } from 'node:url';
import { roleTypes, type RoleType } from '../../../shared/domain/interview';
import { systemClock } from '../../common/clock';
import { createComplianceFeature } from '../../compliance/compliance-feature';
import { createLogger } from '../../logging/logger';
import { loadRoleDefinition } from '../../resources/resource-files';
import { parseArguments, UsageError, type CliCommand } from '../cli-command';
import { runDeviceReport } from '../device-report';

/** The role definitions name the roles in the report (the command runs from a checkout, like the others). */
const resourcesDir = fileURLToPath(new URL('../../../resources', import.meta.url));

export const reportBiasCommand: CliCommand = {
  path: ['report', 'bias'],
  synopsis: '--role ROLE --from YYYY-MM-DD --to YYYY-MM-DD [--csv] [--out FILE] [--data-dir DIR]',
  summary: 'The bias monitoring report (NYC Local Law 144 figures) for a role and a period, from this device’s records.',
  details: [
    'Each candidate counts once, by their latest interview for the role completed in the period (UTC days, both',
    'included): selected when its newest decision is advance; scored above the median or not; grouped by their',
    'voluntary self-identification (sex, race/ethnicity, both), "not given" counted apart. Impact ratios under 0.80',
    'are flagged. Run it on a laptop or a device that has synced, so it sees every kiosk’s interviews.',
    '',
    `  --role ROLE      one of ${roleTypes.join(', ')}.`,
    '  --from, --to     the first and last day of the period.',
    '  --csv            print the CSV an independent auditor recomputes the figures from, instead of the summary.',
    '  --out FILE       write it to FILE instead of printing it.',
    "  --data-dir DIR   the app's data folder (default: TEAMIFIED_DATA_DIR, else the installed app's folder).",
    '',
    'Exit codes: 0 made, 1 the database could not be read, 2 a usage error.',
  ].join('\n'),
  run(args, output) {
    const { positional, flags, values } = parseArguments(args, ['--csv'], ['--role', '--from', '--to', '--out', '--data-dir']);
    if (positional.length > 0) throw new UsageError(`Unexpected argument: ${positional[0]}`);
    const role = values.get('--role');
    if (!role || !(roleTypes as readonly string[]).includes(role)) throw new UsageError(`--role must be one of ${roleTypes.join(', ')}.`);
    const from = values.get('--from');
    const to = values.get('--to');
    if (!from || !to) throw new UsageError('Give the period with --from YYYY-MM-DD --to YYYY-MM-DD.');
    return runDeviceReport(values, output, 'report', (database) => {
      const compliance = createComplianceFeature({
        database,
        clock: systemClock,
        kioskId: 'cli',
        roleTitle: (roleType) => loadRoleDefinition(resourcesDir, roleType).title,
        logger: createLogger({ level: 'error' }),
      });
      const made = compliance.biasReport.make({ roleType: role as RoleType, from, to });
      return {
        text: flags.has('--csv') ? made.csv : made.summary,
        wrote: (file) => `Wrote the ${flags.has('--csv') ? 'CSV' : 'summary'} for ${made.report.candidates} candidates to ${file}`,
      };
    });
  },
};
