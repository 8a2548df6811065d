import { createServer, connect, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startLatencyProxy, type LatencyProxy } from '../../support/latency-proxy';

/** An echo server: what the benchmark's latency proxy stands between. */
async function echoServer(): Promise<{ server: Server; port: number }> {
  const server = createServer((socket) => socket.pipe(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as { port: number }).port };
}

function client(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => resolve(socket));
    socket.on('error', reject);
  });
}

/** Sends `bytes` and resolves with how long until as many came back, and what came back. */
function roundTrip(socket: Socket, bytes: Buffer): Promise<{ ms: number; echoed: Buffer }> {
  const started = performance.now();
  const chunks: Buffer[] = [];
  let received = 0;
  return new Promise((resolve) => {
    const onData = (chunk: Buffer) => {
      chunks.push(chunk);
      received += chunk.length;
      if (received < bytes.length) return;
      socket.off('data', onData);
      resolve({ ms: performance.now() - started, echoed: Buffer.concat(chunks) });
    };
    socket.on('data', onData);
    socket.write(bytes);
  });
}

describe('the benchmark’s latency proxy', () => {
  let proxy: LatencyProxy | undefined;
  let server: Server | undefined;
  afterEach(async () => {
    await proxy?.close();
    await new Promise((resolve) => server?.close(resolve));
  });

  it('adds one RTT to a request and its answer, keeps the byte order when the RTT changes mid-stream, and counts connections', async () => {
    const echo = await echoServer();
    server = echo.server;
    proxy = await startLatencyProxy(echo.port, 60);
    const socket = await client(proxy.port);
    const { ms, echoed } = await roundTrip(socket, Buffer.from('ping'));
    expect(echoed.toString()).toBe('ping');
    expect(ms).toBeGreaterThanOrEqual(59);
    expect(ms).toBeLessThan(60 + 40);

    // Written while the RTT drops from 60 to 0: the later, faster bytes must not overtake the earlier ones.
    const stream = Buffer.from(Array.from({ length: 200 }, (_, n) => `${n};`).join(''));
    const back = roundTrip(socket, stream.subarray(0, 100));
    proxy.setRtt(0);
    socket.write(stream.subarray(100));
    const echoedStream = await new Promise<Buffer>((resolve) => {
      const chunks: Buffer[] = [];
      void back.then(({ echoed: first }) => {
        chunks.push(first);
        let received = first.length;
        if (received >= stream.length) return resolve(Buffer.concat(chunks));
        socket.on('data', (chunk: Buffer) => {
          chunks.push(chunk);
          received += chunk.length;
          if (received >= stream.length) resolve(Buffer.concat(chunks));
        });
      });
    });
    expect(echoedStream.toString()).toBe(stream.toString());
    expect(proxy.accepted).toBe(1);
    socket.destroy();
  });
});
