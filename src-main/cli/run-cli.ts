import { auditVerifyCommand } from './commands/audit-verify';
import { backupCommands } from './commands/backup';
import { complianceDocumentsCommand } from './commands/compliance-documents';
import { deviceEnrolCommandForThisUser } from './commands/device-enrol';
import { diagnosticsCommand } from './commands/diagnostics';
import { exportAtsCommand } from './commands/export-ats';
import { reportBiasCommand } from './commands/report-bias';
import { hostedDbCommands } from './commands/hosted-db';
import { hostedDbDevicesCommand } from './commands/hosted-db-devices';
import { hostedDbConfigurationCommands } from './commands/hosted-db-configuration';
import { hostedDbApplyRetentionCommand } from './commands/hosted-db-retention';
import { hostedDbStorageCommands } from './commands/hosted-db-storage';
import { providerCheckCommand } from './commands/provider-check';
import { resumeExtractCommand } from './commands/resume-extract';
import { EXIT, UsageError, type CliCommand, type CliOutput } from './cli-command';

/** Every command, in the order `--help` lists them; a new one is one entry here. */
export const commands: readonly CliCommand[] = [resumeExtractCommand, providerCheckCommand, ...hostedDbCommands, hostedDbDevicesCommand, ...hostedDbConfigurationCommands, hostedDbApplyRetentionCommand, ...hostedDbStorageCommands, complianceDocumentsCommand, reportBiasCommand, exportAtsCommand, auditVerifyCommand, ...backupCommands, diagnosticsCommand, deviceEnrolCommandForThisUser];

const PROGRAM = 'npm run cli --';

export function usage(): string {
  const width = Math.max(...commands.map((command) => `${command.path.join(' ')} ${command.synopsis}`.length));
  return [
    `Usage: ${PROGRAM} COMMAND [ARGUMENTS]`,
    '',
    'Commands:',
    ...commands.map((command) => `  ${`${command.path.join(' ')} ${command.synopsis}`.padEnd(width)}  ${command.summary}`),
    '',
    'Exit codes: 0 success, 1 the command ran and reports a failure, 2 a usage error.',
    '',
  ].join('\n');
}

/** Runs one command line and answers its exit code; never exits the process itself. */
export async function runCli(argv: string[], output: CliOutput): Promise<number> {
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
    (argv.length === 0 ? output.err : output.out)(usage());
    return argv.length === 0 ? EXIT.usage : EXIT.ok;
  }
  const command = commands.find((candidate) => candidate.path.every((word, index) => argv[index] === word));
  if (!command) {
    const group = commands.some((candidate) => candidate.path[0] === argv[0]);
    const problem = group ? `Unknown or missing ${argv[0]} command: ${argv.slice(1, 2).join('') || '(none)'}` : `Unknown command: ${argv[0]}`;
    output.err(`${problem}\n\n${usage()}`);
    return EXIT.usage;
  }
  const args = argv.slice(command.path.length);
  if (args.includes('--help') || args.includes('-h')) {
    output.out(`Usage: ${PROGRAM} ${command.path.join(' ')} ${command.synopsis}\n\n${command.summary}\n${command.details ? `\n${command.details}\n` : ''}`);
    return EXIT.ok;
  }
  try {
    return await command.run(args, output);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    output.err(`${error.message}\n\nUsage: ${PROGRAM} ${command.path.join(' ')} ${command.synopsis}\n`);
    return EXIT.usage;
  }
}
