import type { Socket } from 'node:net';
import { connect as tlsConnect, type PeerCertificate, type DetailedPeerCertificate } from 'node:tls';
import type { ProxyServer } from './proxy-route';

export type NetworkErrorKind = 'untrusted_certificate' | 'proxy_refused' | 'proxy_unreachable';

/**
 * A connection the network itself stopped, in words IT can act on: a TLS
 * inspection certificate this device does not trust, or a proxy that
 * refused or could not be reached. Never holds a password. Callers find it
 * in an error's cause chain (`findNetworkError`) and show its message.
 */
export class NetworkError extends Error {
  override name = 'NetworkError';
  constructor(
    readonly kind: NetworkErrorKind,
    message: string,
    /** The proxy's HTTP status when it refused. */
    readonly status: number | null = null,
  ) {
    super(message);
  }
}

/** The first NetworkError in an error's cause chain (the SDK wraps fetch's TypeError, which wraps ours). */
export function findNetworkError(error: unknown): NetworkError | null {
  let current: unknown = error;
  for (let depth = 0; depth < 6 && current; depth++) {
    if (current instanceof NetworkError) return current;
    current = (current as { cause?: unknown }).cause;
  }
  return null;
}

// OpenSSL's words for "the chain ends in a certificate this device does not trust".
const UNTRUSTED = new Set([
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_GET_ISSUER_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'CERT_UNTRUSTED',
]);

export function isUntrustedCertificate(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 6 && current; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && UNTRUSTED.has(code)) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

export function untrustedCertificate(host: string, issuer: string | null): NetworkError {
  return new NetworkError(
    'untrusted_certificate',
    `The connection to ${host} was intercepted by a certificate this device does not trust (issuer: ${issuer ?? 'could not be read'}). If your network inspects TLS, ask IT for its CA bundle and set Network → CA bundle.`,
  );
}

export function proxyRefused(proxy: ProxyServer, target: string, status: number): NetworkError {
  const where = `The proxy ${proxy.label} (${proxy.source})`;
  if (status === 407) {
    return new NetworkError(
      'proxy_refused',
      proxy.username
        ? `${where} refused the username and password for the connection to ${target} (HTTP 407). Check Network → Proxy username and the stored "Proxy password".`
        : `${where} refused the connection to ${target}: it asks for a username and password (HTTP 407). Set Network → Proxy username and store "Proxy password" in Stored secrets.`,
      status,
    );
  }
  return new NetworkError(
    'proxy_refused',
    `${where} refused the connection to ${target} (HTTP ${status}${status === 403 ? ': its rules do not allow it' : ''}). Ask IT to allow this address through the proxy, or add it to Network → Proxy bypass list if it is reachable directly.`,
    status,
  );
}

export function proxyUnreachable(proxy: ProxyServer, target: string, why: string): NetworkError {
  return new NetworkError(
    'proxy_unreachable',
    `The proxy ${proxy.label} (${proxy.source}) could not be reached for the connection to ${target} (${why}). Check the proxy settings under Network, or ask IT whether the proxy is running.`,
  );
}

/**
 * Who issued the certificate at the top of the chain the server (or the
 * inspecting proxy) sent: a second, read-only handshake that accepts any
 * certificate only to read it, sends nothing and closes. Run only after a
 * verified connection failed as untrusted, so the message can name the
 * inspection CA IT must hand out. Null when it cannot be read in time.
 */
export async function issuerOf(openSocket: () => Promise<Socket>, servername: string, timeoutMs = 5000): Promise<string | null> {
  let raw: Socket;
  try {
    raw = await openSocket();
  } catch {
    return null;
  }
  return new Promise((resolve) => {
    const socket = tlsConnect({ socket: raw, servername: isIpAddress(servername) ? undefined : servername, rejectUnauthorized: false });
    const timer = setTimeout(() => finish(null), timeoutMs);
    function finish(issuer: string | null): void {
      clearTimeout(timer);
      socket.destroy();
      raw.destroy();
      resolve(issuer);
    }
    socket.once('secureConnect', () => finish(topIssuer(socket.getPeerCertificate(true))));
    socket.once('error', () => finish(null));
  });
}

const isIpAddress = (host: string) => /^[\d.]+$/.test(host) || host.includes(':');

function topIssuer(certificate: DetailedPeerCertificate | PeerCertificate): string | null {
  let top = certificate as DetailedPeerCertificate;
  if (!top || !top.subject) return null;
  for (let depth = 0; depth < 10 && top.issuerCertificate && top.issuerCertificate !== top && top.issuerCertificate.subject; depth++) top = top.issuerCertificate;
  const issuer = top.issuer ?? {};
  const parts = [issuer.CN && `CN=${issuer.CN}`, issuer.O && `O=${issuer.O}`].filter(Boolean);
  return parts.length > 0 ? parts.join(', ') : null;
}
