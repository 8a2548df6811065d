import { connect, createServer, type AddressInfo, type Socket } from 'node:net';
import { startEmbeddedPostgres, testPostgresOn, type PostgresServer, type TestPostgres } from './postgres-server';

/**
 * Embedded PostgreSQL servers kept running for a whole vitest run and lent to
 * test files one file at a time (tests/support/postgres-global-setup.ts
 * starts the pool; useTestPostgres() borrows). A file keeps its server for
 * as long as its connection to the pool stays open, so a worker that dies
 * gives its server back too. A server is started only when every one
 * already running is lent out, so there are never more than the files using
 * PostgreSQL at the same moment (at most one per vitest worker), and none at
 * all for a run without such files.
 *
 * Why not one server for every file at once: pull (sync.pull) reads only
 * changes below the oldest transaction running anywhere on the server (its
 * snapshot's xmin is cluster-wide), so another file's migration running in
 * another database would hide changes a test has just pushed. One file at a
 * time per server keeps that out, as a server of its own did; each file
 * still gets databases of its own, dropped (with their device roles) when it
 * gives the server back.
 */
export interface PostgresPool {
  /** host:port to borrow from. */
  address: string;
  close(): Promise<void>;
}

export async function startPostgresPool(start: () => Promise<PostgresServer> = startEmbeddedPostgres): Promise<PostgresPool> {
  const idle: PostgresServer[] = [];
  const started: Promise<PostgresServer>[] = [];
  const live = new Set<PostgresServer>();
  const sockets = new Set<Socket>();
  let closing = false;
  // A run that ends without its teardown (a crash, process.exit) must not leave servers behind.
  const onExit = () => {
    for (const server of live) server.killNow?.();
  };
  process.on('exit', onExit);

  const listener = createServer((socket) => {
    sockets.add(socket);
    let lent: PostgresServer | undefined;
    let gone = false;
    socket.on('error', () => undefined);
    socket.once('close', () => {
      gone = true;
      sockets.delete(socket);
      if (lent && !closing) idle.push(lent);
    });
    const next = idle.pop();
    let ready: Promise<PostgresServer>;
    if (next) {
      ready = Promise.resolve(next);
    } else {
      ready = start();
      started.push(ready);
      ready.then((server) => live.add(server), () => undefined);
    }
    ready.then(
      (server) => {
        if (gone) {
          if (!closing) idle.push(server);
          return;
        }
        lent = server;
        socket.write(`${JSON.stringify({ adminUrl: server.adminUrl, caCert: server.caCert ?? null })}\n`);
      },
      (error: unknown) => socket.end(`${JSON.stringify({ error: error instanceof Error ? error.message : String(error) })}\n`),
    );
  });
  await new Promise<void>((resolve, reject) => {
    listener.once('error', reject);
    listener.listen(0, '127.0.0.1', () => resolve());
  });
  const { address, port } = listener.address() as AddressInfo;

  return {
    address: `${address}:${port}`,
    async close() {
      closing = true;
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => listener.close(() => resolve()));
      const servers = await Promise.allSettled(started);
      await Promise.all(
        servers.map(async (result) => {
          if (result.status !== 'fulfilled') return;
          await result.value.stop();
          live.delete(result.value);
        }),
      );
      process.off('exit', onExit);
    },
  };
}

/**
 * A server from the pool at `address`, for this file alone until stop(),
 * which drops the databases made here (and their device roles) and gives
 * the server back.
 */
export async function borrowTestPostgres(address: string): Promise<TestPostgres> {
  const separator = address.lastIndexOf(':');
  const socket = connect(Number(address.slice(separator + 1)), address.slice(0, separator));
  type Reply = { adminUrl?: string; caCert?: string | null; error?: string };
  const reply = await new Promise<Reply>((resolve, reject) => {
    let received = '';
    const fail = (error: Error) => reject(new Error(`Could not borrow a PostgreSQL server from the test pool at ${address}: ${error.message}`));
    socket.on('error', fail);
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString('utf8');
      const end = received.indexOf('\n');
      if (end >= 0) resolve(JSON.parse(received.slice(0, end)) as Reply);
    });
    socket.once('close', () => fail(new Error('the pool closed the connection')));
  });
  if (!reply.adminUrl) {
    socket.destroy();
    throw new Error(`The test pool could not start a PostgreSQL server: ${reply.error ?? 'no reason given'}`);
  }
  // The lent server is this file's for as long as the connection lasts; it must not keep the worker alive.
  socket.unref();
  const giveBack = () => new Promise<void>((resolve) => socket.end(() => resolve()));
  return testPostgresOn({ adminUrl: reply.adminUrl, caCert: reply.caCert ?? null, stop: giveBack }, { cleanUp: true });
}
