import { request as httpRequest, type IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import { parseRetryAfter } from '../ai/resilience';
import type { NetworkAccess } from '../network/network';
import { resolveWebhookAddress, WebhookAddressError, type Resolver } from './webhook-address';

/** What one attempt came to, for the retry rules and the delivery log. */
export type PostOutcome =
  | { kind: 'response'; status: number; latencyMs: number; reply: string; retryAfterMs: number | null }
  | { kind: 'timeout'; latencyMs: number; message: string }
  | { kind: 'network'; latencyMs: number; message: string }
  /** Not sent: the address is not one a webhook may go to. */
  | { kind: 'refused'; latencyMs: 0; message: string };

export interface WebhookPosterOptions {
  network: () => Promise<Pick<NetworkAccess, 'connect'>>;
  /** The whole attempt: connection, request, the reply's status and first bytes. The specification suggests 15 to 30 s. */
  timeoutMs?: number;
  resolve?: Resolver;
  now?: () => number;
}

/** The reply kept for the delivery log: enough to see what the receiver said, never a whole page. */
export const REPLY_BYTES_KEPT = 512;
/** Read no further than this: a receiver sending a huge reply is cut off, not buffered. */
const REPLY_BYTES_READ = 64 * 1024;

/**
 * One POST of a signed webhook. Redirects are not followed (a 3xx is the
 * outcome: the subscription should name the final address); a reply is
 * read up to 64 KiB and its first 512 bytes kept; the whole attempt has
 * one deadline, so a slow receiver cannot hold a delivery open.
 */
export class WebhookPoster {
  private readonly timeoutMs: number;
  private readonly now: () => number;

  constructor(private readonly options: WebhookPosterOptions) {
    this.timeoutMs = options.timeoutMs ?? 20_000;
    this.now = options.now ?? Date.now;
  }

  async post(target: string, headers: Record<string, string>, body: string): Promise<PostOutcome> {
    const url = new URL(target);
    const started = this.now();
    const elapsed = () => Math.max(0, Math.round(this.now() - started));
    let address: string;
    try {
      address = await resolveWebhookAddress(url, this.options.resolve);
    } catch (error) {
      if (error instanceof WebhookAddressError) return { kind: 'refused', latencyMs: 0, message: error.message };
      throw error;
    }
    const secure = url.protocol === 'https:';
    const port = Number(url.port) || (secure ? 443 : 80);
    const host = url.hostname.replace(/^\[|\]$/g, '');
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(), this.timeoutMs);
    let socket: Socket | null = null;
    try {
      const opened = await withDeadline(
        this.options
          .network()
          .then((network) => network.connect({ host, port, scheme: secure ? 'https' : 'http', tls: secure, address }))
          // A connection that opens after the deadline is closed, not leaked.
          .then((late) => (deadline.signal.aborted ? (late.destroy(), late) : late)),
        deadline.signal,
      );
      socket = opened;
      const reply = await withDeadline(send(opened, url, headers, body), deadline.signal);
      return { kind: 'response', latencyMs: elapsed(), ...reply };
    } catch (error) {
      if (deadline.signal.aborted) return { kind: 'timeout', latencyMs: elapsed(), message: `The receiver did not answer within ${Number((this.timeoutMs / 1000).toFixed(1))} s.` };
      return { kind: 'network', latencyMs: elapsed(), message: networkWords(error) };
    } finally {
      clearTimeout(timer);
      socket?.destroy();
    }
  }
}

function send(socket: Socket, url: URL, headers: Record<string, string>, body: string): Promise<{ status: number; reply: string; retryAfterMs: number | null }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest({
      host: url.hostname,
      port: url.port || undefined,
      path: `${url.pathname}${url.search}`,
      method: 'POST',
      headers: { ...headers, 'content-length': String(Buffer.byteLength(body)), 'user-agent': 'TeamifiedKiosk-Webhooks/1', host: url.host },
      createConnection: () => socket,
    });
    request.once('error', reject);
    request.once('response', (response: IncomingMessage) => {
      const chunks: Buffer[] = [];
      let read = 0;
      const finish = () => {
        response.removeAllListeners('data');
        const kept = Buffer.concat(chunks).subarray(0, REPLY_BYTES_KEPT);
        resolve({ status: response.statusCode ?? 0, reply: printable(kept), retryAfterMs: parseRetryAfter(firstOf(response.headers['retry-after']), new Date()) });
      };
      response.on('data', (chunk: Buffer) => {
        read += chunk.length;
        if (chunks.reduce((sum, each) => sum + each.length, 0) < REPLY_BYTES_KEPT) chunks.push(chunk);
        if (read >= REPLY_BYTES_READ) {
          finish();
          response.destroy();
        }
      });
      response.once('end', finish);
      response.once('error', finish);
    });
    request.end(body);
  });
}

function withDeadline<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(new Error('deadline'));
    signal.addEventListener('abort', () => reject(new Error('deadline')), { once: true });
    work.then(resolve, reject);
  });
}

const firstOf = (header: string | string[] | undefined) => (Array.isArray(header) ? header[0] : header);

/** A reply's first bytes as text a log can show: control characters as spaces, invalid UTF-8 replaced. */
function printable(bytes: Buffer): string {
  return bytes.toString('utf8').replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, ' ');
}

function networkWords(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  const message = error instanceof Error ? error.message : String(error);
  if (code === 'ECONNREFUSED') return 'The receiver refused the connection.';
  if (code === 'ECONNRESET') return 'The receiver closed the connection.';
  if (code && /CERT|SELF_SIGNED|UNABLE_TO/.test(code)) return `The receiver's certificate is not trusted (${code}).`;
  // The network layer's own explanations (a refusing proxy, TLS inspection without IT's CA) already say what to do.
  return code ? `${message} (${code})` : message;
}
