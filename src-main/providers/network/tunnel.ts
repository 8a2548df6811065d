import { connect as netConnect, type Socket } from 'node:net';
import { Duplex } from 'node:stream';
import { NetworkError, proxyRefused, proxyUnreachable } from './network-errors';
import type { ProxyServer } from './proxy-route';

const MAX_REPLY_HEADER = 16 * 1024;

/** "host:port", with IPv6 addresses bracketed as CONNECT and messages need. */
export function authority(host: string, port: number): string {
  return `${host.includes(':') ? `[${host}]` : host}:${port}`;
}

/**
 * A TCP connection to `host:port` through an HTTP proxy (RFC 9110 CONNECT):
 * the proxy's socket, once it answered 200, carries the bytes both ways.
 * Basic credentials are sent when a username is set (the proxy asked for
 * them before: IT sets them only for a proxy that answers 407). A refusal
 * becomes a NetworkError naming the proxy and its status.
 */
export function openTunnel(proxy: ProxyServer, host: string, port: number, timeoutMs: number): Promise<Socket> {
  const target = authority(host, port);
  return new Promise((resolve, reject) => {
    const socket = netConnect({ host: proxy.host, port: proxy.port });
    let received = Buffer.alloc(0);
    const timer = setTimeout(() => fail(proxyUnreachable(proxy, target, `no answer within ${Math.round(timeoutMs / 100) / 10} s`)), timeoutMs);
    function fail(error: Error): void {
      clearTimeout(timer);
      socket.destroy();
      reject(error);
    }
    socket.once('connect', () => {
      const lines = [`CONNECT ${target} HTTP/1.1`, `Host: ${target}`];
      if (proxy.username) lines.push(`Proxy-Authorization: Basic ${Buffer.from(`${proxy.username}:${proxy.password ?? ''}`).toString('base64')}`);
      socket.write(`${lines.join('\r\n')}\r\n\r\n`);
    });
    socket.on('data', onData);
    socket.once('error', (error: NodeJS.ErrnoException) => fail(proxyUnreachable(proxy, target, error.code ?? error.message)));
    socket.once('end', () => fail(proxyUnreachable(proxy, target, 'it closed the connection before answering')));
    function onData(chunk: Buffer): void {
      received = Buffer.concat([received, chunk]);
      const end = received.indexOf('\r\n\r\n');
      if (end === -1) {
        if (received.length > MAX_REPLY_HEADER) fail(proxyUnreachable(proxy, target, 'its answer was not HTTP'));
        return;
      }
      const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(received.subarray(0, end).toString('latin1'))?.[1] ?? NaN);
      if (Number.isNaN(status)) return fail(proxyUnreachable(proxy, target, 'its answer was not HTTP'));
      if (status < 200 || status > 299) return fail(proxyRefused(proxy, target, status));
      clearTimeout(timer);
      socket.off('data', onData);
      socket.removeAllListeners('error');
      socket.removeAllListeners('end');
      const rest = received.subarray(end + 4);
      if (rest.length > 0) socket.unshift(rest);
      resolve(socket);
    }
  });
}

/**
 * A socket-shaped stream for `pg`, whose `connect(port, host)` goes through
 * the proxy: pg starts its protocol (and its own TLS, with our CAs) once
 * 'connect' fires, none the wiser. Only what pg calls on a socket is here.
 */
export class TunnelStream extends Duplex {
  private socket: Socket | null = null;

  constructor(
    private readonly proxy: ProxyServer,
    private readonly timeoutMs: number,
  ) {
    super();
  }

  connect(port: number, host: string): this {
    openTunnel(this.proxy, host, port, this.timeoutMs).then(
      (socket) => {
        if (this.destroyed) return void socket.destroy();
        this.socket = socket;
        socket.on('data', (chunk: Buffer) => {
          if (!this.push(chunk)) socket.pause();
        });
        socket.on('end', () => this.push(null));
        socket.on('error', (error) => this.destroy(error));
        socket.on('close', () => this.destroy());
        this.emit('connect');
      },
      (error: NetworkError) => this.destroy(error),
    );
    return this;
  }

  override _read(): void {
    this.socket?.resume();
  }

  override _write(chunk: Buffer, encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    if (!this.socket) return callback(new Error('The connection through the proxy is not open yet.'));
    this.socket.write(chunk, encoding, callback);
  }

  override _final(callback: (error?: Error | null) => void): void {
    if (this.socket) this.socket.end(callback);
    else callback();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.socket?.destroy();
    // pg's TLS runs on top of this stream and destroys it when the handshake fails: its 'close' must come
    // after the TLS socket's 'error' (queued with nextTick), or pg reports "Connection terminated
    // unexpectedly" instead of the certificate error, and the device cannot say what IT must fix.
    setImmediate(() => callback(error));
  }

  setNoDelay(noDelay?: boolean): this {
    this.socket?.setNoDelay(noDelay);
    return this;
  }

  setKeepAlive(enable?: boolean, delay?: number): this {
    this.socket?.setKeepAlive(enable, delay);
    return this;
  }

  ref(): this {
    this.socket?.ref();
    return this;
  }

  unref(): this {
    this.socket?.unref();
    return this;
  }
}
