/**
 * Command line for IT and support, run from a checkout:
 *
 *   npm run cli -- resume extract FILE [--json] [--parse]
 *   npm run cli -- provider check [--data-dir DIR] [--base-url URL] [--json]
 *   npm run cli -- hosted-db ...
 *   npm run cli -- audit verify [--data-dir DIR]
 *
 * Commands live in ./commands and are listed in run-cli.ts.
 */
import { runCli } from './run-cli';

const output = {
  out: (text: string) => process.stdout.write(text),
  err: (text: string) => process.stderr.write(text),
};

try {
  // exitCode, not exit(): stdout may still be flushing a large JSON document into a pipe.
  process.exitCode = await runCli(process.argv.slice(2), output);
} catch (error) {
  process.stderr.write(`Unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
}
