import { describeVerdict, verifyChains } from '../../audit/chain';
import { AuditRepository } from '../../repositories/audit-repository';
import { EXIT, parseArguments, UsageError, type CliCommand } from '../cli-command';
import { openDeviceDatabaseReadOnly } from '../device-database';

export const auditVerifyCommand: CliCommand = {
  path: ['audit', 'verify'],
  synopsis: '[--data-dir DIR]',
  summary: "Check the AI audit trail's hash chain of every device held in this device's database.",
  details: [
    'Reads DIR/kiosk.sqlite read-only (it may stay open in the app) and checks, device by device, that every audit',
    'entry still matches its hash, links to the one before it, and that no sequence number is missing. After a',
    "retention prune the check starts at the prune's anchor entry, which names the last entry removed.",
    '',
    "  --data-dir DIR   the app's data folder (default: TEAMIFIED_DATA_DIR, else the installed app's folder).",
    '',
    'Exit codes: 0 every chain intact, 1 a chain is broken or the database cannot be read, 2 a usage error.',
  ].join('\n'),
  run(args, output) {
    const { positional, values } = parseArguments(args, [], ['--data-dir']);
    if (positional.length > 0) throw new UsageError(`Unexpected argument: ${positional[0]}`);
    const opened = openDeviceDatabaseReadOnly(values);
    if (!opened.ok) {
      output.err(`${opened.message}\n`);
      return Promise.resolve(EXIT.failed);
    }
    try {
      // The device id only matters for appending; verification reads every device's entries.
      const verdicts = verifyChains(new AuditRepository(opened.database, '').allForVerification());
      if (verdicts.length === 0) output.out('No audit entries yet.\n');
      for (const verdict of verdicts) (verdict.intact ? output.out : output.err)(`device ${verdict.deviceId}: ${describeVerdict(verdict)}\n`);
      return Promise.resolve(verdicts.every((verdict) => verdict.intact) ? EXIT.ok : EXIT.failed);
    } catch (error) {
      output.err(`Cannot read the audit trail in ${opened.file}: ${error instanceof Error ? error.message : String(error)}\n`);
      return Promise.resolve(EXIT.failed);
    } finally {
      opened.database.close();
    }
  },
};
