import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createFileSink, createLogger, type LoggerOptions } from '../../../src-main/logging/logger';

const email = 'candidate@example.com';
const password = 'Correct-Horse-9';
const apiKey = 'sk-live-0123456789abcdefXYZ';

function capture(options: Omit<LoggerOptions, 'sink'> = {}) {
  const lines: string[] = [];
  const logger = createLogger({ ...options, sink: (line) => lines.push(line) });
  return { logger, lines, parsed: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>) };
}

describe('createLogger', () => {
  it('writes one valid JSON object per line with time, level and msg', () => {
    const { logger, lines, parsed } = capture();
    logger.info('started', { port: 3000 });
    logger.warn('slow');
    expect(lines).toHaveLength(2);
    for (const line of lines) expect(line).not.toContain('\n');
    const [first, second] = parsed();
    expect(first).toEqual({ time: expect.any(String), level: 'info', msg: 'started', port: 3000 });
    expect(new Date(first?.time as string).toISOString()).toBe(first?.time);
    expect(second).toMatchObject({ level: 'warn', msg: 'slow' });
  });

  it('drops lines below the level; default level is info', () => {
    const { logger, parsed } = capture();
    logger.debug('hidden');
    logger.error('shown');
    expect(parsed().map((line) => line.msg)).toEqual(['shown']);
    const verbose = capture({ level: 'debug' });
    verbose.logger.debug('now shown');
    expect(verbose.parsed()).toHaveLength(1);
    const quiet = capture({ level: 'error' });
    quiet.logger.warn('dropped');
    expect(quiet.lines).toHaveLength(0);
  });

  it('leaves no e-mail, password or API key in the output: fields, nested, messages, bindings, errors', () => {
    const { logger, lines } = capture({ level: 'debug', bindings: { operator: email } });
    logger.info(`login attempt by ${email} using ${apiKey}`, { email, password, attempt: { form: { password, email, note: `key ${apiKey}` } } });
    logger.child({ apiKey }).warn('child line', { list: [{ token: apiKey }, `Bearer ${apiKey}`] });
    logger.error('failed', { error: new Error(`cannot reach ${email} with ${password} / ${apiKey}`) });
    logger.debug('with stack', { error: new Error(`bad key ${apiKey} for ${email}`) });
    const output = lines.join('\n');
    expect(output).not.toContain(email);
    expect(output).not.toContain(apiKey);
    expect(output).not.toContain('0123456789abcdef');
    // The password only appears where a field named it; the error message above cannot be caught by pattern,
    // which is why errors must not be built from passwords in the first place.
    expect(lines.slice(0, 2).join('\n')).not.toContain(password);
    expect(output).toContain('[redacted]');
    expect(output).toContain('[email]');
    expect(output).toContain('[secret]');
    for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
  });

  it('serialises errors as name and message, with the stack only at debug level', () => {
    const info = capture();
    info.logger.error('boom', { error: new TypeError('bad input') });
    expect(info.parsed()[0]?.error).toEqual({ name: 'TypeError', message: 'bad input' });
    const debug = capture({ level: 'debug' });
    debug.logger.error('boom', { error: new TypeError('bad input') });
    expect(debug.parsed()[0]?.error).toMatchObject({ name: 'TypeError', message: 'bad input', stack: expect.stringContaining('TypeError: bad input') });
  });

  it('carries bindings into child loggers without letting fields replace the envelope', () => {
    const { logger, parsed } = capture({ bindings: { app: 'kiosk' } });
    logger.child({ component: 'auth' }).child({ request: 1 }).info('hi', { level: 'fake', msg: 'fake' });
    expect(parsed()[0]).toEqual({ time: expect.any(String), level: 'info', msg: 'hi', app: 'kiosk', component: 'auth', request: 1, 'field.level': 'fake', 'field.msg': 'fake' });
  });

  it('survives cyclic fields and a failing sink', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    const { logger, parsed } = capture();
    logger.info('cycle', { cyclic });
    expect(parsed()[0]?.cyclic).toEqual({ self: '[circular]' });
    const broken = createLogger({
      sink: () => {
        throw new Error('EPIPE');
      },
    });
    expect(() => broken.info('lost')).not.toThrow();
  });
});

describe('createFileSink', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('creates the folder and appends lines', () => {
    dir = mkdtempSync(join(tmpdir(), 'kiosk-log-'));
    const path = join(dir, 'nested', 'logs', 'kiosk.log');
    const sink = createFileSink(path);
    const logger = createLogger({ sink });
    logger.info('one', { email });
    logger.info('two');
    sink.close();
    const again = createFileSink(path);
    createLogger({ sink: again }).info('three');
    again.close();
    const lines = readFileSync(path, 'utf8').trimEnd().split('\n');
    expect(lines.map((line) => (JSON.parse(line) as { msg: string }).msg)).toEqual(['one', 'two', 'three']);
    expect(readFileSync(path, 'utf8')).not.toContain(email);
  });
});
