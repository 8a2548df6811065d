import { spawn, type ChildProcess } from 'node:child_process';
import { connect as tcpConnect } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { strongPassword } from '../../support/test-app';

/**
 * The browser host is one process for every window: no frame a window sends,
 * however big or broken, may end it. The host runs in a child process here,
 * so a frame that would crash it shows as an exit, not as a test-runner error.
 */
describe('the browser host survives any frame', () => {
  let child: ChildProcess;
  let exited: { code: number | null; signal: string | null } | null = null;
  let output = '';
  let url: URL;

  beforeAll(async () => {
    const script = join(import.meta.dirname, 'support', 'host-process.ts');
    child = spawn(process.execPath, ['--import', 'tsx', script], { cwd: join(import.meta.dirname, '..', '..', '..'), stdio: ['ignore', 'pipe', 'pipe'] });
    child.on('exit', (code, signal) => (exited = { code, signal }));
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    url = await new Promise<URL>((resolve, reject) => {
      child.stdout!.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const ready = /READY (\S+)/.exec(output);
        if (ready) resolve(new URL(ready[1]!));
      });
      child.once('exit', () => reject(new Error(`host exited: ${output}`)));
    });
  }, 30_000);
  afterAll(() => {
    if (!exited) child.kill('SIGTERM');
  });

  function open(): Promise<WebSocket> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(`ws://${url.host}/__kiosk-ipc?token=${url.searchParams.get('token')}`, { origin: url.origin, maxPayload: 64 * 1024 * 1024 });
      socket.once('open', () => resolve(socket));
      socket.once('error', reject);
    });
  }

  let nextId = 0;
  function call(socket: WebSocket, channel: string, input: unknown): Promise<{ ok: boolean; error?: { code: string; message: string }; data?: unknown }> {
    return new Promise((resolve) => {
      const id = ++nextId;
      const onMessage = (raw: WebSocket.RawData) => {
        const message = JSON.parse(raw.toString()) as { id?: number; result?: never };
        if (message.id !== id) return;
        socket.off('message', onMessage);
        resolve(message.result!);
      };
      socket.on('message', onMessage);
      socket.send(JSON.stringify({ id, channel, input }));
    });
  }

  const closed = (socket: WebSocket) =>
    new Promise<number>((resolve) => {
      socket.on('error', () => {});
      if (socket.readyState === WebSocket.CLOSED) resolve(-1);
      else socket.once('close', (code) => resolve(code));
    });

  async function stillServes(socket: WebSocket): Promise<void> {
    expect(exited, output).toBeNull();
    expect(await call(socket, 'app.getStatus', {})).toMatchObject({ ok: true, data: { needsSetup: true } });
  }

  /** A raw TCP connection that has completed the WebSocket handshake; `received` collects what the host sends after it. */
  async function rawUpgraded(): Promise<{ raw: ReturnType<typeof tcpConnect>; frames: () => Buffer; ended: Promise<void> }> {
    const raw = tcpConnect({ host: url.hostname, port: Number(url.port) });
    await new Promise<void>((resolve) => raw.once('connect', () => resolve()));
    raw.on('error', () => {});
    const ended = new Promise<void>((resolve) => raw.once('close', () => resolve()));
    let received = Buffer.alloc(0);
    raw.on('data', (chunk: Buffer) => (received = Buffer.concat([received, chunk])));
    raw.write(
      `GET /__kiosk-ipc?token=${url.searchParams.get('token')} HTTP/1.1\r\nHost: ${url.host}\r\nOrigin: ${url.origin}\r\n` +
        'Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
    );
    await expect.poll(() => received.toString('latin1')).toContain('101 Switching Protocols');
    const frames = () => received.subarray(received.indexOf('\r\n\r\n') + 4);
    return { raw, frames, ended };
  }

  it('closes a connection that sends a frame over the size limit, and keeps answering the others', async () => {
    const bystander = await open();
    // Only the frame's header, announcing 21 MiB: the host must refuse on the length alone, before any of it arrives.
    // (Sending the whole body races the host's close against the upload, so the close code could be lost to a reset.)
    const { raw, frames, ended } = await rawUpgraded();
    const header = Buffer.alloc(14);
    header[0] = 0x81; // FIN, text
    header[1] = 0x80 | 127; // masked, 64-bit length follows
    header.writeBigUInt64BE(BigInt(21 * 1024 * 1024), 2);
    header.writeUInt32BE(0x01020304, 10); // mask key
    raw.write(header);
    await ended;
    const reply = frames();
    expect(reply[0], 'a close frame').toBe(0x88);
    expect(reply.readUInt16BE(2), 'close code 1009: message too big').toBe(1009);
    await stillServes(bystander);
    bystander.close();
  });

  it('closes a connection that sends bytes that are not a WebSocket frame', async () => {
    const bystander = await open();
    const { raw, ended } = await rawUpgraded();
    // An unmasked frame with a reserved opcode: not a frame a client may send.
    raw.write(Buffer.from([0xff, 0xff, 0xde, 0xad, 0xbe, 0xef, 0x00, 0x01, 0x02]));
    await ended;
    await stillServes(bystander);
    bystander.close();
  });

  it('closes a connection that sends a text frame that is not UTF-8, and ignores one that is not JSON', async () => {
    const bystander = await open();
    const chatty = await open();
    chatty.send('this is not json');
    chatty.send(JSON.stringify([1, 2, 3]));
    chatty.send('{"id":"x"}');
    await stillServes(chatty);

    const offender = await open();
    const done = closed(offender);
    offender.send(Buffer.from([0xc3, 0x28, 0xff, 0xfe]), { binary: false });
    expect(await done).toBe(1007);
    await stillServes(bystander);
    await stillServes(chatty);
    bystander.close();
    chatty.close();
  });

  it('answers a big call the caller may not make without reading it, and one over its channel’s limit with a typed refusal', async () => {
    const socket = await open();
    const big = { email: 'x'.repeat(2 * 1024 * 1024), password: strongPassword, fullName: 'Big Sender', role: 'admin' };
    const anonymous = await call(socket, 'staff.create', big);
    expect(anonymous).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
    const tooLarge = await call(socket, 'auth.signIn', { accountKind: 'staff', email: big.email, password: strongPassword });
    expect(tooLarge).toMatchObject({ ok: false, error: { code: 'too_large', message: expect.stringMatching(/64 KiB/) } });
    expect(JSON.stringify(tooLarge).length).toBeLessThan(1024);
    const manyKeys = Object.fromEntries(Array.from({ length: 200_000 }, (_, i) => [`key${i}`, i]));
    const refused = await call(socket, 'auth.registerCandidate', manyKeys);
    expect(refused).toMatchObject({ ok: false, error: { code: 'too_large' } });
    expect(JSON.stringify(refused).length).toBeLessThan(2048);
    await stillServes(socket);
    socket.close();
  });
});
