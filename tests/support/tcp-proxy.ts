import { createServer, connect, type Server, type Socket } from 'node:net';

/**
 * A TCP proxy on loopback between a device and its server, for tests that
 * need the network to fail the way real networks do: connections cut in
 * the middle of a reply, or refused while "offline".
 */
export interface TcpProxy {
  /** host:port to connect to instead of the target. */
  readonly port: number;
  /** Destroys every open connection now (both directions). */
  cutAll(): void;
  /** Offline: new connections are accepted and destroyed at once; open ones are cut. */
  setOffline(offline: boolean): void;
  /** Cut each connection after it has carried this many bytes from the server (null: never). */
  cutAfterServerBytes(bytes: number | null): void;
  /**
   * Lose the server's answer to the next request whose bytes contain
   * `marker`: the request reaches the server, which acts on it, and the
   * connection is cut when the answer comes back, then `onLost` runs
   * (once; null: never).
   */
  loseAnswerTo(marker: string | null, onLost?: () => void): void;
  close(): Promise<void>;
}

export async function startTcpProxy(targetPort: number, targetHost = '127.0.0.1'): Promise<TcpProxy> {
  const open = new Set<Socket>();
  let offline = false;
  let cutAfter: number | null = null;
  let loseMarker: string | null = null;
  let onAnswerLost: (() => void) | undefined;

  const server: Server = createServer((client) => {
    if (offline) {
      client.destroy();
      return;
    }
    const upstream = connect(targetPort, targetHost);
    open.add(client);
    open.add(upstream);
    let fromServer = 0;
    let losing = false;
    const closeBoth = () => {
      client.destroy();
      upstream.destroy();
      open.delete(client);
      open.delete(upstream);
    };
    client.on('data', (chunk: Buffer) => {
      if (loseMarker !== null && chunk.includes(loseMarker)) {
        loseMarker = null;
        losing = true;
      }
      upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => {
      if (losing) {
        closeBoth();
        onAnswerLost?.();
        onAnswerLost = undefined;
        return;
      }
      fromServer += chunk.length;
      if (cutAfter !== null && fromServer > cutAfter) {
        // Deliver part of what the server said, then drop the line.
        client.write(chunk.subarray(0, Math.max(0, chunk.length - (fromServer - cutAfter))));
        closeBoth();
        return;
      }
      client.write(chunk);
    });
    client.on('error', closeBoth);
    upstream.on('error', closeBoth);
    client.on('close', closeBoth);
    upstream.on('close', closeBoth);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('the proxy did not get a port');

  const cutAll = () => {
    for (const socket of open) socket.destroy();
    open.clear();
  };
  return {
    port: address.port,
    cutAll,
    setOffline(value) {
      offline = value;
      if (value) cutAll();
    },
    cutAfterServerBytes(bytes) {
      cutAfter = bytes;
    },
    loseAnswerTo(marker, onLost) {
      loseMarker = marker;
      onAnswerLost = onLost;
    },
    async close() {
      cutAll();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
