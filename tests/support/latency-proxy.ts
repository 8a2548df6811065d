import { connect, createServer, type Server, type Socket } from 'node:net';

/**
 * A TCP proxy on loopback that makes a link `rttMs` long: every byte is
 * held RTT/2 on its way in each direction, so a request and its answer
 * cost one round trip, and a TCP + TLS + SCRAM connect its several, as
 * against a hosted database across the internet. Bandwidth is not limited.
 *
 * Bytes leave in the order they came, whatever the RTT does meanwhile (one
 * queue per direction, drained by one timer), and both sockets have Nagle
 * off: with it on, a small write waiting for the ACK of the previous one
 * would add a delay of the kernel's making on top of ours.
 */
export interface LatencyProxy {
  /** Connect to 127.0.0.1 on this port instead of the target. */
  readonly port: number;
  /** The round trip it adds from now on (for bytes arriving after the change). */
  setRtt(rttMs: number): void;
  /** Destroys every open connection now (both directions). */
  cutAll(): void;
  /** How many connections it has accepted so far: a run that opened none used a kept one. */
  readonly accepted: number;
  close(): Promise<void>;
}

/** One direction of one connection: chunks held until their time, then written in order; `end` is passed on after the data before it. */
function delayedPipe(from: Socket, to: Socket, delayMs: () => number): void {
  const queue: { at: number; chunk: Buffer | null }[] = [];
  let timer: NodeJS.Timeout | null = null;
  const drain = () => {
    timer = null;
    const now = performance.now();
    while (queue.length > 0 && queue[0]!.at <= now) {
      const { chunk } = queue.shift()!;
      if (to.destroyed) return;
      if (chunk === null) to.end();
      else to.write(chunk);
    }
    schedule();
  };
  const schedule = () => {
    if (timer !== null || queue.length === 0) return;
    timer = setTimeout(drain, Math.max(0, queue[0]!.at - performance.now()));
  };
  const hold = (chunk: Buffer | null) => {
    // Never before a chunk already queued: the RTT may have been lowered meanwhile.
    const at = Math.max(performance.now() + delayMs(), queue.at(-1)?.at ?? 0);
    queue.push({ at, chunk });
    schedule();
  };
  from.on('data', (chunk: Buffer) => hold(chunk));
  from.on('end', () => hold(null));
}

export async function startLatencyProxy(targetPort: number, rttMs: number, targetHost = '127.0.0.1'): Promise<LatencyProxy> {
  let rtt = rttMs;
  let accepted = 0;
  const open = new Set<Socket>();
  const halfRtt = () => rtt / 2;

  const server: Server = createServer({ allowHalfOpen: true }, (client) => {
    accepted++;
    const upstream = connect({ port: targetPort, host: targetHost, allowHalfOpen: true });
    client.setNoDelay(true);
    upstream.setNoDelay(true);
    open.add(client);
    open.add(upstream);
    const closeBoth = () => {
      client.destroy();
      upstream.destroy();
      open.delete(client);
      open.delete(upstream);
    };
    delayedPipe(client, upstream, halfRtt);
    delayedPipe(upstream, client, halfRtt);
    client.on('error', closeBoth);
    upstream.on('error', closeBoth);
    // Both sides ended (each end passed on after its data): nothing more can flow.
    let ended = 0;
    const onClose = () => {
      if (++ended === 2) closeBoth();
    };
    client.on('close', onClose);
    upstream.on('close', onClose);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('the latency proxy did not get a port');

  const cutAll = () => {
    for (const socket of open) socket.destroy();
    open.clear();
  };
  return {
    port: address.port,
    setRtt(value) {
      rtt = value;
    },
    cutAll,
    get accepted() {
      return accepted;
    },
    async close() {
      cutAll();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
