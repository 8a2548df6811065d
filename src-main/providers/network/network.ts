import { Agent as HttpAgent, type ClientRequestArgs } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { connect as netConnect, isIP, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { connect as tlsConnect, type TLSSocket } from 'node:tls';
import { Agent as UndiciAgent, fetch as undiciFetch, type Dispatcher } from 'undici';
import type { NetworkSettings } from '../../../shared/domain/settings';
import type { SecretStore } from '../../secrets/secret-store';
import { CaBundle } from './ca-bundle';
import { findNetworkError, issuerOf, isUntrustedCertificate, untrustedCertificate, type NetworkError } from './network-errors';
import { proxyPlan, routeFor, type ProxyPlan, type ProxyServer, type Target } from './proxy-route';
import { openTunnel, TunnelStream } from './tunnel';

export const PROXY_PASSWORD_SECRET = 'proxy-password';

/** A connection to open: TLS on top when `tls` (servername defaults to the host). */
export interface Endpoint extends Target {
  tls: boolean;
  /**
   * Connect to this address, which the caller resolved and checked, rather
   * than resolve `host` again (a webhook's target, so a second answer from
   * DNS cannot point it somewhere else). TLS is still checked against
   * `host`; a proxy, which resolves for itself, is still given `host`.
   */
  address?: string;
}

/** What the self-check and the settings view say about the network. */
export interface NetworkStatus {
  /** "system: http://proxy.corp:8080 (HTTPS_PROXY)", "direct (no proxy)", … */
  proxy: string;
  caBundlePath: string;
  /** Certificates from IT's bundle in force (the last good read). */
  caCertificates: number;
  /** A CA bundle that could not be used, named; null when none. */
  problem: string | null;
  /** A proxy variable that could not be used (an https:// or socks proxy), named; null when none. */
  proxyProblem: string | null;
}

/**
 * Everything a provider needs to connect the way the settings say: one
 * object per settings, proxy password and CA bundle, rebuilt when any of
 * them changes. The updater (issue 20, point 3) takes the same `fetch`.
 */
export interface NetworkAccess {
  /** fetch for the openai SDK (and the updater): proxy and CAs applied, network refusals explained. */
  fetch: typeof globalThis.fetch;
  /** An http(s) Agent for `ws` and other node:http clients, for a ws:/wss:/http:/https: URL. */
  agent(url: string): HttpAgent;
  /** A socket to the endpoint, through the proxy when the route says so, TLS verified against the CAs in force. */
  connect(endpoint: Endpoint): Promise<Socket>;
  /** pg options: a stream through the proxy when the route says so, and the CAs added to the TLS options pg parsed from the URL. */
  pg(host: string, port: number, ssl: unknown): { stream?: () => Duplex; ssl: unknown };
  /** nodemailer options: a socket through the proxy when the route says so, and the CAs for TLS and STARTTLS. */
  smtp(host: string, port: number): { getSocket?: (options: unknown, callback: (error: Error | null, socket?: { connection: Socket } | false) => void) => void; tls?: { ca: string[] } };
  /** After a failure: the NetworkError that explains it (a refusing proxy, an untrusted inspection certificate), or null. */
  explain(error: unknown, endpoint: Endpoint): Promise<NetworkError | null>;
}

export interface NetworkDeps {
  settings: () => NetworkSettings;
  secrets: Pick<SecretStore, 'get'>;
  env?: NodeJS.ProcessEnv;
  /** The proxy's or server's TCP (and TLS) set-up; each caller's own deadline covers the rest. */
  connectTimeoutMs?: number;
}

interface Built {
  key: string;
  trusted: string[];
  access: NetworkAccess;
  dispatcher: Dispatcher;
}

/**
 * The one place that knows how this device reaches the outside world
 * (issue 20, point 7). Every outside connection (AI provider, live
 * transcription, SMTP, sync, updates) asks it for its options.
 */
export class Network {
  private readonly ca = new CaBundle();
  private built: Built | null = null;

  constructor(private readonly deps: NetworkDeps) {}

  /** The options in force; the proxy password is read from the keychain only when a proxy username is set. */
  async access(): Promise<NetworkAccess> {
    const settings = this.deps.settings();
    const password = settings.proxyMode === 'manual' && settings.proxyUsername ? await this.deps.secrets.get(PROXY_PASSWORD_SECRET).catch(() => null) : null;
    const trusted = this.ca.trustedCertificates(settings.caBundlePath);
    const key = `${JSON.stringify(settings)}\u0000${password ?? ''}`;
    if (this.built && this.built.key === key && this.built.trusted === trusted) return this.built.access;
    const previous = this.built;
    const extra = this.ca.current(settings.caBundlePath).certificates.length > 0;
    this.built = build(key, trusted, extra, proxyPlan(settings, this.deps.env ?? process.env, password), this.deps.connectTimeoutMs ?? 10_000);
    // In-flight requests finish on the old dispatcher; it closes once they have.
    void previous?.dispatcher.close().catch(() => {});
    return this.built.access;
  }

  status(): NetworkStatus {
    const settings = this.deps.settings();
    const bundle = this.ca.current(settings.caBundlePath);
    const plan = proxyPlan(settings, this.deps.env ?? process.env, null);
    return {
      proxy: plan.summary,
      caBundlePath: bundle.path,
      caCertificates: bundle.certificates.length,
      problem: bundle.problem,
      proxyProblem: plan.problem,
    };
  }

  /** For the settings view's warnings. */
  problems(): string[] {
    const { problem, proxyProblem } = this.status();
    return [proxyProblem, problem].filter((text): text is string => text !== null);
  }
}

function build(key: string, trusted: string[], extra: boolean, plan: ProxyPlan, timeoutMs: number): Built {
  // Only with a bundle: otherwise Node's own defaults stay (and NODE_EXTRA_CA_CERTS keeps working where no fuse removed it).
  const ca = extra ? trusted : undefined;

  const raw = (endpoint: Target & { address?: string }): Promise<Socket> => {
    const route = routeFor(plan, endpoint);
    return route.kind === 'proxy' ? openTunnel(route.proxy, endpoint.host, endpoint.port, timeoutMs) : direct(endpoint.address ?? endpoint.host, endpoint.port, timeoutMs);
  };

  const explain = async (error: unknown, endpoint: Endpoint): Promise<NetworkError | null> => {
    const found = findNetworkError(error);
    if (found) return found;
    if (!isUntrustedCertificate(error)) return null;
    const opened = endpoint.scheme === 'postgres' ? () => raw(endpoint).then(postgresSslRequest) : () => raw(endpoint);
    return untrustedCertificate(endpoint.host, await issuerOf(opened, endpoint.host));
  };

  const connect = async (endpoint: Endpoint): Promise<Socket> => {
    const socket = await raw(endpoint);
    if (!endpoint.tls) return socket;
    try {
      return await startTls(socket, endpoint.host, ca, timeoutMs);
    } catch (error) {
      throw (await explain(error, endpoint)) ?? error;
    }
  };

  const dispatcher = new UndiciAgent({
    connect: (options, callback) => {
      const secure = options.protocol === 'https:';
      const port = Number(options.port) || (secure ? 443 : 80);
      connect({ host: options.hostname, port, scheme: secure ? 'https' : 'http', tls: secure }).then(
        (socket) => callback(null, socket),
        (error: Error) => callback(error, null),
      );
    },
  });

  const agents = new Map<string, HttpAgent>();
  const agent = (url: string): HttpAgent => {
    const secure = /^(wss|https):/i.test(url);
    const kind = secure ? 'https' : 'http';
    let made = agents.get(kind);
    if (!made) {
      made = secure ? new TunnelHttpsAgent(connect) : new TunnelHttpAgent(connect);
      agents.set(kind, made);
    }
    return made;
  };

  const access: NetworkAccess = {
    fetch: ((input: Parameters<typeof undiciFetch>[0], init?: Parameters<typeof undiciFetch>[1]) =>
      undiciFetch(input, { ...init, dispatcher })) as unknown as typeof globalThis.fetch,
    agent,
    connect,
    pg(host, port, ssl) {
      const route = routeFor(plan, { host, port, scheme: 'postgres' });
      // A root IT pinned in the URL (sslrootcert) stays the only one; otherwise Node's roots plus the bundle.
      const own = typeof ssl === 'object' && ssl !== null ? (ssl as Record<string, unknown>) : {};
      const withCa = ca && ssl && own.ca === undefined ? { ...own, ca } : ssl;
      return route.kind === 'proxy' ? { stream: () => new TunnelStream(route.proxy, timeoutMs), ssl: withCa } : { ssl: withCa };
    },
    smtp(host, port) {
      const route = routeFor(plan, { host, port, scheme: 'smtp' });
      const proxy: ProxyServer | null = route.kind === 'proxy' ? route.proxy : null;
      return {
        ...(proxy
          ? {
              getSocket: (_options, callback) =>
                void openTunnel(proxy, host, port, timeoutMs).then(
                  (socket) => callback(null, { connection: socket }),
                  (error: Error) => callback(error),
                ),
            }
          : {}),
        ...(ca ? { tls: { ca } } : {}),
      };
    },
    explain,
  };
  return { key, trusted, access, dispatcher };
}

function direct(host: string, port: number, timeoutMs: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = netConnect({ host, port });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(Object.assign(new Error(`No connection to ${host}:${port} within ${timeoutMs} ms.`), { code: 'ETIMEDOUT' }));
    }, timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.removeAllListeners('error');
      resolve(socket);
    });
    socket.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

function startTls(socket: Socket, host: string, ca: string[] | undefined, timeoutMs: number): Promise<TLSSocket> {
  return new Promise((resolve, reject) => {
    // SNI is never an IP address (RFC 6066); `host` still lets Node check the certificate against it.
    const secure = tlsConnect({ socket, host, ...(isIP(host) ? {} : { servername: host }), ...(ca ? { ca } : {}) });
    const timer = setTimeout(() => {
      secure.destroy();
      reject(Object.assign(new Error(`No TLS handshake with ${host} within ${timeoutMs} ms.`), { code: 'ETIMEDOUT' }));
    }, timeoutMs);
    secure.once('secureConnect', () => {
      clearTimeout(timer);
      secure.removeAllListeners('error');
      resolve(secure);
    });
    secure.once('error', (error) => {
      clearTimeout(timer);
      socket.destroy();
      reject(error);
    });
  });
}

/** Postgres asks for TLS inside its own protocol first (SSLRequest, answered 'S'); the issuer probe needs the same. */
function postgresSslRequest(socket: Socket): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const request = Buffer.alloc(8);
    request.writeInt32BE(8, 0);
    request.writeInt32BE(80877103, 4);
    socket.once('data', (reply: Buffer) => (reply[0] === 0x53 ? resolve(socket) : reject(new Error('no TLS'))));
    socket.once('error', reject);
    socket.write(request);
  });
}

type Connect = (endpoint: Endpoint) => Promise<Socket>;

function connectionOf(connect: Connect, options: ClientRequestArgs, secure: boolean, callback?: (error: Error | null, stream: Duplex) => void): undefined {
  const host = String(options.hostname ?? options.host ?? 'localhost').replace(/^\[|\]$/g, '');
  const port = Number(options.port) || (secure ? 443 : 80);
  connect({ host, port, scheme: secure ? 'https' : 'http', tls: secure }).then(
    (socket) => callback?.(null, socket),
    (error: Error) => callback?.(error, undefined as unknown as Duplex),
  );
  return undefined;
}

/** node:http's Agent, its sockets made by `connect`: node:http accepts a socket handed over later through the callback. */
class TunnelHttpAgent extends HttpAgent {
  constructor(private readonly open: Connect) {
    super({ keepAlive: false });
  }

  override createConnection(options: ClientRequestArgs, callback?: (error: Error | null, stream: Duplex) => void): undefined {
    return connectionOf(this.open, options, false, callback);
  }
}

class TunnelHttpsAgent extends HttpsAgent {
  constructor(private readonly open: Connect) {
    super({ keepAlive: false });
  }

  override createConnection(options: ClientRequestArgs, callback?: (error: Error | null, stream: Duplex) => void): undefined {
    return connectionOf(this.open, options, true, callback);
  }
}
