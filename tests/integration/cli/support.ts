import { runCli } from '../../../src-main/cli/run-cli';

/** One command line, as `npm run cli --` runs it: its exit code and what it wrote to each stream. */
export async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(argv, { out: (text) => (out += text), err: (text) => (err += text) });
  return { code, out, err };
}
