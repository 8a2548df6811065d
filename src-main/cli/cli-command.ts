/** Where a command writes: the real streams in main.ts, strings in tests. */
export interface CliOutput {
  out(text: string): void;
  err(text: string): void;
}

export const EXIT = {
  ok: 0,
  /** The command ran and the thing it checked failed (e.g. an extraction's reason). */
  failed: 1,
  usage: 2,
} as const;

export interface CliCommand {
  /** The words that select it, e.g. ['resume', 'extract']. */
  path: readonly string[];
  /** Its arguments after the path, e.g. 'FILE [--json]'. */
  synopsis: string;
  /** One line, for the list of commands. */
  summary: string;
  /** More for `COMMAND --help` only: what the options mean, their defaults, where values come from. */
  details?: string;
  run(args: string[], output: CliOutput): Promise<number>;
}

/** A mistake in the command line: main prints the message and the usage and exits with 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/**
 * Splits options from positional arguments, refusing options the command
 * does not know: `--flag` alone, or `--name value` for the names in `valueOptions`.
 */
export function parseArguments(
  args: string[],
  knownFlags: readonly string[],
  valueOptions: readonly string[] = [],
): { positional: string[]; flags: Set<string>; values: Map<string, string> } {
  const positional: string[] = [];
  const flags = new Set<string>();
  const values = new Map<string, string>();
  let onlyPositional = false;
  for (let index = 0; index < args.length; index += 1) {
    const arg = args[index]!;
    if (!onlyPositional && arg === '--') onlyPositional = true;
    else if (!onlyPositional && valueOptions.includes(arg)) {
      const value = args[index + 1];
      if (value === undefined || value.startsWith('--')) throw new UsageError(`${arg} needs a value.`);
      values.set(arg, value);
      index += 1;
    } else if (!onlyPositional && arg.startsWith('-') && arg !== '-') {
      if (!knownFlags.includes(arg)) throw new UsageError(`Unknown option: ${arg}`);
      flags.add(arg);
    } else positional.push(arg);
  }
  return { positional, flags, values };
}

/** `--name value` options, for commands whose every option takes a value; refuses unknown ones. */
export function parseValueOptions(args: string[], known: readonly string[]): Map<string, string> {
  const options = new Map<string, string>();
  for (let index = 0; index < args.length; index += 1) {
    const arg = args[index]!;
    if (!known.includes(arg)) throw new UsageError(arg.startsWith('-') ? `Unknown option: ${arg}` : `Unexpected argument: ${arg}`);
    const value = args[index + 1];
    if (value === undefined || value.startsWith('--')) throw new UsageError(`${arg} needs a value.`);
    options.set(arg, value);
    index += 1;
  }
  return options;
}
