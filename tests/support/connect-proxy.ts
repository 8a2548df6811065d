import { connect, createServer, type Socket } from 'node:net';

/** A small HTTP CONNECT proxy on loopback, for the corporate network tests (issue 20, point 7). */
export interface ConnectProxy {
  /** 'http://127.0.0.1:PORT' */
  url: string;
  /** Every CONNECT target asked for ("127.0.0.1:5432"), and the answer given. */
  requests: { target: string; status: number }[];
  close(): Promise<void>;
}

export interface ConnectProxyOptions {
  /** Basic credentials the proxy demands (407 without them or with wrong ones), as a real corporate proxy does. */
  credentials?: { username: string; password: string };
  /** Targets it refuses with 403, as a proxy's rules would. */
  refuse?: (target: string) => boolean;
  /**
   * Names it resolves itself, as the proxy's DNS would (a name to a
   * loopback address): a device then reaches a server on this computer by
   * a name beyond loopback, and must treat it as remote.
   */
  hosts?: Record<string, string>;
}

/**
 * Speaks the part of RFC 9110 a tunnelling proxy does: reads one CONNECT
 * request, answers 407 (with Proxy-Authenticate) or 403 or 200, and after
 * 200 copies bytes both ways. Only loopback targets are allowed: the suite
 * must never reach the internet.
 */
export async function startConnectProxy(options: ConnectProxyOptions = {}): Promise<ConnectProxy> {
  const requests: ConnectProxy['requests'] = [];
  const open = new Set<Socket>();
  const server = createServer((client) => {
    open.add(client);
    client.on('close', () => open.delete(client));
    client.on('error', () => client.destroy());
    let head = Buffer.alloc(0);
    const onData = (chunk: Buffer) => {
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf('\r\n\r\n');
      if (end === -1) return;
      client.off('data', onData);
      const lines = head.subarray(0, end).toString('latin1').split('\r\n');
      const match = /^CONNECT (\S+) HTTP\/1\.[01]$/.exec(lines[0] ?? '');
      const answer = (status: number, text: string, extra = '') => {
        requests.push({ target: match?.[1] ?? '', status });
        client.end(`HTTP/1.1 ${status} ${text}\r\n${extra}Content-Length: 0\r\n\r\n`);
      };
      if (!match) return answer(405, 'Method Not Allowed');
      const target = match[1] ?? '';
      if (options.credentials) {
        const given = lines.find((line) => /^proxy-authorization:/i.test(line))?.replace(/^[^:]+:\s*/, '') ?? '';
        const expected = `Basic ${Buffer.from(`${options.credentials.username}:${options.credentials.password}`).toString('base64')}`;
        if (given !== expected) return answer(407, 'Proxy Authentication Required', 'Proxy-Authenticate: Basic realm="kiosk-test"\r\n');
      }
      if (options.refuse?.(target)) return answer(403, 'Forbidden');
      const [, named, port] = /^\[?([^\]]+)\]?:(\d+)$/.exec(target) ?? [];
      const host = named === undefined ? undefined : (options.hosts?.[named] ?? named);
      if (!host || !port || !/^(127\.\d+\.\d+\.\d+|localhost|::1)$/.test(host)) return answer(403, 'Forbidden');
      const upstream = connect(Number(port), host);
      open.add(upstream);
      upstream.on('close', () => open.delete(upstream));
      upstream.once('connect', () => {
        requests.push({ target, status: 200 });
        client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        const rest = head.subarray(end + 4);
        if (rest.length > 0) upstream.write(rest);
        client.pipe(upstream).pipe(client);
      });
      upstream.on('error', () => {
        if (!client.writableEnded && upstream.connecting) answer(502, 'Bad Gateway');
        client.destroy();
      });
    };
    client.on('data', onData);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of open) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
