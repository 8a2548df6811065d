import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';

/**
 * One line from standard input, for a value that must stay off the command
 * line (where other users see it in the process list and the shell keeps
 * it in its history). At a terminal, `prompt` is shown first, on stderr so
 * that stdout stays the command's own; from a pipe or a file it is read as
 * it comes. An input that ends before a line gives ''.
 */
export async function readLine(prompt: string, input: Readable & { isTTY?: boolean } = process.stdin, promptTo: Writable = process.stderr): Promise<string> {
  if (input.isTTY) promptTo.write(prompt);
  const lines = createInterface({ input, crlfDelay: Infinity, terminal: false });
  try {
    for await (const line of lines) return line;
    return '';
  } finally {
    lines.close();
  }
}
