import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach } from 'vitest';

/*
 * A hiring system's webhook endpoint on loopback, for the integration and
 * end-to-end tests of issue 21: it records each request as received (the
 * raw body, as a receiver must verify it) and answers as scripted.
 */

/** What a receiver was sent: headers and the raw body, as a receiver must verify it. */
export interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

/** A hiring system's endpoint on loopback: answers with the next scripted status (the last one repeats). */
export interface TestReceiver {
  url: string;
  received: Received[];
  answer(...statuses: (number | { status: number; headers?: Record<string, string>; body?: string })[]): void;
}

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

export async function startReceiver(): Promise<TestReceiver> {
  const received: Received[] = [];
  let script: { status: number; headers?: Record<string, string>; body?: string }[] = [{ status: 200 }];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      const next = script.length > 1 ? (script.shift() as (typeof script)[number]) : (script[0] as (typeof script)[number]);
      response.writeHead(next.status, next.headers ?? {}).end(next.body ?? '');
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/teamified`,
    received,
    answer(...statuses) {
      script = statuses.map((each) => (typeof each === 'number' ? { status: each } : each));
    },
  };
}

/** Headers as the README's verifier takes them. */
export function headerMap(headers: IncomingHttpHeaders): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, Array.isArray(value) ? value.join(', ') : value]));
}
