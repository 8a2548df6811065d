import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A Sentry-compatible error collector on 127.0.0.1 for the error upload's
 * tests: it takes envelopes at POST /api/<project>/envelope/ and keeps the
 * events it accepts. As strict as Relay, Sentry's ingestion, on what the
 * app relies on (develop.sentry.dev, "Envelopes" and "Authentication"):
 *
 * - the project in the path must be the collector's (else 404);
 * - X-Sentry-Auth must name sentry_version=7 and the project's public key
 *   (else 401, as Relay answers a missing or unknown key);
 * - the body is an envelope: a JSON header line, then items, each a JSON
 *   header line with a `type` and, when it gives a `length`, exactly that
 *   many bytes of payload followed by a newline (else 400);
 * - an item of type `event` must hold a JSON object whose `event_id`, when
 *   given, is 32 hex digits and matches the envelope header's (else 400).
 *
 * `failNext(status, n)` answers the next n envelopes with that status
 * (a 429 with Retry-After: 1), to show the upload waiting and retrying.
 */
export interface ReceivedEnvelope {
  header: Record<string, unknown>;
  auth: string;
  events: Record<string, unknown>[];
  /** The request body as it came, to check that nothing planted is anywhere in it. */
  raw: string;
}

export class TestSentryCollector {
  readonly envelopes: ReceivedEnvelope[] = [];
  readonly refusals: Array<{ status: number; why: string }> = [];
  private server: Server | null = null;
  private port = 0;
  private failures: Array<number> = [];

  constructor(
    readonly publicKey = 'e2e0f1a2b3c4d5e6f708192a3b4c5d6e',
    readonly projectId = '4242',
  ) {}

  /** The DSN IT would set for this collector. */
  get dsn(): string {
    return `http://${this.publicKey}@127.0.0.1:${this.port}/${this.projectId}`;
  }

  /** Every event accepted, in order. */
  get events(): Record<string, unknown>[] {
    return this.envelopes.flatMap((envelope) => envelope.events);
  }

  failNext(status: number, times = 1): void {
    for (let n = 0; n < times; n++) this.failures.push(status);
  }

  async start(): Promise<void> {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => this.answer(request, Buffer.concat(chunks), response));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private answer(request: IncomingMessage, body: Buffer, response: ServerResponse): void {
    const refuse = (status: number, why: string) => {
      this.refusals.push({ status, why });
      response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ detail: why }));
    };
    if (request.method !== 'POST' || request.url !== `/api/${this.projectId}/envelope/`) return refuse(404, 'not an envelope endpoint of this project');
    const auth = String(request.headers['x-sentry-auth'] ?? '');
    const fields = Object.fromEntries([...auth.replace(/^Sentry\s+/, '').matchAll(/(\w+)=([^,\s]+)/g)].map((match) => [match[1], match[2]]));
    if (!auth.startsWith('Sentry ') || fields.sentry_version !== '7' || fields.sentry_key !== this.publicKey) return refuse(401, 'missing or unknown sentry_key');
    const failure = this.failures.shift();
    if (failure !== undefined) {
      this.refusals.push({ status: failure, why: 'scripted' });
      return void response.writeHead(failure, failure === 429 ? { 'retry-after': '1' } : {}).end();
    }
    let parsed: ReceivedEnvelope;
    try {
      parsed = parseEnvelope(body, auth);
    } catch (error) {
      return refuse(400, (error as Error).message);
    }
    this.envelopes.push(parsed);
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: parsed.header.event_id ?? null }));
  }
}

/** An envelope's header and its event items, or a throw saying what is wrong with it. */
export function parseEnvelope(body: Buffer, auth = ''): ReceivedEnvelope {
  let at = body.indexOf(0x0a);
  if (at < 0) throw new Error('no envelope header line');
  const header = jsonObject(body.subarray(0, at), 'envelope header');
  const events: Record<string, unknown>[] = [];
  at += 1;
  while (at < body.length) {
    const end = body.indexOf(0x0a, at);
    if (end === at) {
      at += 1;
      continue;
    }
    const itemHeader = jsonObject(body.subarray(at, end < 0 ? body.length : end), 'item header');
    if (typeof itemHeader.type !== 'string') throw new Error('an item header without a type');
    at = end < 0 ? body.length : end + 1;
    let payload: Buffer;
    if (itemHeader.length !== undefined) {
      if (typeof itemHeader.length !== 'number' || !Number.isInteger(itemHeader.length) || at + itemHeader.length > body.length) throw new Error('an item length that does not fit the body');
      payload = body.subarray(at, at + itemHeader.length);
      at += itemHeader.length;
      if (at < body.length && body[at] !== 0x0a) throw new Error('an item longer than its length');
      at += 1;
    } else {
      const next = body.indexOf(0x0a, at);
      payload = body.subarray(at, next < 0 ? body.length : next);
      at = next < 0 ? body.length : next + 1;
    }
    if (itemHeader.type === 'event') {
      const event = jsonObject(payload, 'event');
      if (event.event_id !== undefined && (typeof event.event_id !== 'string' || !/^[0-9a-f]{32}$/.test(event.event_id))) throw new Error('an event_id that is not 32 hex digits');
      if (header.event_id !== undefined && event.event_id !== undefined && header.event_id !== event.event_id) throw new Error('the event_id differs from the envelope header’s');
      events.push(event);
    }
  }
  return { header, auth, events, raw: body.toString('utf8') };
}

function jsonObject(bytes: Buffer, what: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw new Error(`the ${what} is not JSON`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error(`the ${what} is not a JSON object`);
  return value as Record<string, unknown>;
}
