import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readLine } from '../../../src-main/cli/read-line';

function streams(isTTY: boolean) {
  const input = Object.assign(new PassThrough(), { isTTY });
  const prompt = new PassThrough();
  let shown = '';
  prompt.on('data', (chunk: Buffer) => (shown += chunk.toString()));
  return { input, prompt, shown: () => shown };
}

describe('reading a value from standard input', () => {
  it('at a terminal, shows the prompt and takes the first line typed', async () => {
    const { input, prompt, shown } = streams(true);
    const line = readLine('Enrolment code: ', input, prompt);
    input.write('7KQ2M-XH4TD\r\nmore\n');
    await expect(line).resolves.toBe('7KQ2M-XH4TD');
    expect(shown()).toBe('Enrolment code: ');
  });

  it('from a pipe, shows no prompt and takes the first line, even without a newline', async () => {
    const { input, prompt, shown } = streams(false);
    const line = readLine('Enrolment code: ', input, prompt);
    input.end('7KQ2M-XH4TD');
    await expect(line).resolves.toBe('7KQ2M-XH4TD');
    expect(shown()).toBe('');
  });

  it('gives an empty line when the input ends with nothing', async () => {
    const { input, prompt } = streams(false);
    const line = readLine('Enrolment code: ', input, prompt);
    input.end();
    await expect(line).resolves.toBe('');
  });
});
