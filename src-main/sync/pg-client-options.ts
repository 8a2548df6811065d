import type pg from 'pg';
import { parse as parseConnectionString } from 'pg-connection-string';
import type { NetworkAccess } from '../providers/network/network';
import { withVerifyFull } from './pg-tls-policy';

/**
 * pg's connection options for a postgres:// URL (with its password), the
 * way this device reaches the outside world: through IT's proxy and with
 * IT's CA bundle when `network` is given, else direct with Node's own CAs.
 * The device's sync and its enrolment both connect this way, with sslmode
 * require and verify-ca read as verify-full beyond loopback (./pg-tls-policy.ts).
 *
 * The URL is parsed here rather than by pg: pg lets a connectionString's
 * sslmode replace any `ssl` object given beside it, and IT's CA bundle
 * must be added to that object. Through the proxy, pg gets a stream that
 * opens a CONNECT tunnel and runs its own protocol and TLS inside it.
 */
export function pgClientOptions(url: string, network: NetworkAccess | undefined): pg.ClientConfig {
  // The same fields pg takes from a connectionString (it parses with this very package), so nothing IT put in the URL is lost.
  const parsed = parseConnectionString(withVerifyFull(url)) as pg.ClientConfig;
  const host = typeof parsed.host === 'string' ? parsed.host : '';
  if (!network || host === '') return parsed;
  const options = network.pg(host, Number(parsed.port ?? 5432), parsed.ssl);
  return { ...parsed, ssl: options.ssl as pg.ClientConfig['ssl'], ...(options.stream ? { stream: options.stream } : {}) };
}

/** After a failed connect: the network's own explanation (a refusing proxy, an untrusted inspection certificate), or the error as it was. */
export async function explainConnectFailure(error: unknown, client: pg.Client, network: NetworkAccess | undefined): Promise<unknown> {
  const { host, port } = client;
  const refusal = await network?.explain(error, { host, port, scheme: 'postgres', tls: true }).catch(() => null);
  return refusal ?? error;
}
