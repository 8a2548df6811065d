import { fileURLToPath } from 'node:url';
import { atsFormats, atsPeriodBases, type AtsFormat, type AtsPeriodBasis } from '../../../shared/domain/ats-export';
import { roleTypes, type RoleType } from '../../../shared/domain/interview';
import { createAtsExport } from '../../assessment/ats-export/create-ats-export';
import { systemClock } from '../../common/clock';
import { createLogger } from '../../logging/logger';
import { loadRoleDefinition } from '../../resources/resource-files';
import { parseArguments, UsageError, type CliCommand } from '../cli-command';
import { runDeviceReport } from '../device-report';

/** The role definitions give each role its title, skills and bands (the command runs from a checkout, like the others). */
const resourcesDir = fileURLToPath(new URL('../../../resources', import.meta.url));

function oneOf<T extends string>(option: string, value: string | undefined, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(value)) throw new UsageError(`${option} must be one of ${allowed.join(', ')}.`);
  return value as T;
}

export const exportAtsCommand: CliCommand = {
  path: ['export', 'ats'],
  synopsis: '--from YYYY-MM-DD --to YYYY-MM-DD [--role ROLE|all] [--by completed|decided] [--format standard|greenhouse|lever] [--json] [--out FILE] [--data-dir DIR]',
  summary: 'Assessments and decisions for a hiring system without webhooks (CSV or JSON), from this device’s records.',
  details: [
    'One row per submitted interview of the role completed in the period (UTC days, both included), or, with',
    '--by decided, whose latest decision was recorded in it: the candidate, the assessment (status, overall and',
    'skill scores), the AI’s recommendation and the latest decision. The README ("ATS-ready exports") lists the',
    'columns of each format. The file holds candidates’ names, emails and scores: --out writes it for your eyes only.',
    '',
    `  --role ROLE      one of ${roleTypes.join(', ')}, or all (the default).`,
    '  --from, --to     the first and last day of the period.',
    `  --by             ${atsPeriodBases.join(' or ')} (default completed).`,
    `  --format         ${atsFormats.join(', ')} (default standard).`,
    '  --json           JSON instead of CSV.',
    '  --out FILE       write it to FILE (readable by you only) instead of printing it.',
    "  --data-dir DIR   the app's data folder (default: TEAMIFIED_DATA_DIR, else the installed app's folder).",
    '',
    'Exit codes: 0 written, 1 the database could not be read, 2 a usage error.',
  ].join('\n'),
  run(args, output) {
    const { positional, flags, values } = parseArguments(args, ['--json'], ['--role', '--from', '--to', '--by', '--format', '--out', '--data-dir']);
    if (positional.length > 0) throw new UsageError(`Unexpected argument: ${positional[0]}`);
    const roleType = oneOf<RoleType | 'all'>('--role', values.get('--role'), [...roleTypes, 'all'], 'all');
    const by = oneOf<AtsPeriodBasis>('--by', values.get('--by'), atsPeriodBases, 'completed');
    const format = oneOf<AtsFormat>('--format', values.get('--format'), atsFormats, 'standard');
    const from = values.get('--from');
    const to = values.get('--to');
    if (!from || !to) throw new UsageError('Give the period with --from YYYY-MM-DD --to YYYY-MM-DD.');
    return runDeviceReport(values, output, 'export', (database) => {
      const atsExport = createAtsExport({
        database,
        clock: systemClock,
        logger: createLogger({ level: 'error' }),
        role: (type) => loadRoleDefinition(resourcesDir, type),
      });
      const file = atsExport.make({ roleType, from, to, by, format, fileType: flags.has('--json') ? 'json' : 'csv' });
      return { text: file.content, wrote: (out) => `Wrote ${file.rows} ${file.rows === 1 ? 'interview' : 'interviews'} to ${out}` };
    });
  },
};
