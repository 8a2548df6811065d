import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import { isHttpsOrThisComputer, namesThisComputer } from '../../../shared/domain/this-computer';

/*
 * Where a webhook may go (issue 21, point 5): no server-side request
 * forgery through a subscription. The URL is https (http only to this
 * computer, for testing a receiver); the host's every address must be a
 * public one, checked after DNS answers and then connected to as checked,
 * so a name cannot be re-pointed at the office network between the check
 * and the request.
 */

export class WebhookAddressError extends Error {}

/** Private, shared, link-local, documentation, multicast and reserved ranges (RFC 6890's special-purpose registries). */
const notPublic = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  notPublic.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 127], // :: and ::1
  ['64:ff9b::', 96],
  ['64:ff9b:1::', 48],
  ['100::', 64],
  ['2001::', 23],
  ['2001:db8::', 32],
  ['2002::', 16],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const) {
  notPublic.addSubnet(network, prefix, 'ipv6');
}

const loopback = new BlockList();
loopback.addSubnet('127.0.0.0', 8, 'ipv4');
loopback.addAddress('::1', 'ipv6');

function family(address: string): 'ipv4' | 'ipv6' {
  return isIP(address) === 6 ? 'ipv6' : 'ipv4';
}

/** An IPv4-mapped IPv6 address (::ffff:a.b.c.d) is judged as the IPv4 address it carries; BlockList alone would match it against IPv4 rules both ways. */
export function isPublicAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped?.[1]) return isPublicAddress(mapped[1]);
  return isIP(address) !== 0 && !notPublic.check(address, family(address));
}

export function isLoopbackAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return isIP(address) !== 0 && loopback.check(mapped?.[1] ?? address, mapped ? 'ipv4' : family(address));
}

/** What is wrong with a subscription's address as typed, in words for the admin; null when it may be used. */
export function webhookUrlProblem(text: string): string | null {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return 'The address must be a full URL starting with https://.';
  }
  const toThisComputer = namesThisComputer(url);
  if (!isHttpsOrThisComputer(url)) return 'The address must start with https:// (http:// only to this computer, for testing a receiver).';
  if (url.username || url.password) return 'The address may not carry a user name or password: receivers check the signature instead.';
  if (url.hash) return 'The address may not have a #fragment.';
  if (text.trim().length > 2048) return 'The address is longer than 2048 characters.';
  const literal = url.hostname.replace(/^\[|\]$/g, '');
  if (isIP(literal) !== 0 && !toThisComputer && !isPublicAddress(literal)) return `${literal} is not a public address: webhooks go only to receivers on the internet (or this computer, for testing).`;
  return null;
}

export type Resolver = (host: string) => Promise<{ address: string }[]>;
const systemResolver: Resolver = (host) => lookup(host, { all: true, verbatim: true });

/**
 * The checked address to connect to. Every address DNS gives must be
 * public: one private answer among public ones is refused too, since the
 * connection could otherwise be steered to it. A URL naming this computer
 * may reach only loopback.
 */
export async function resolveWebhookAddress(url: URL, resolve: Resolver = systemResolver): Promise<string> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const toThisComputer = namesThisComputer(url);
  let addresses: string[];
  if (isIP(host) !== 0) addresses = [host];
  else {
    try {
      addresses = (await resolve(host)).map((answer) => answer.address);
    } catch (error) {
      throw new WebhookAddressError(`${host} could not be found (${(error as NodeJS.ErrnoException).code ?? 'DNS error'}): check the address.`);
    }
  }
  if (addresses.length === 0) throw new WebhookAddressError(`${host} has no address: check the address.`);
  for (const address of addresses) {
    const allowed = toThisComputer ? isLoopbackAddress(address) : isPublicAddress(address);
    if (!allowed) {
      throw new WebhookAddressError(
        toThisComputer
          ? `${url.hostname} resolves to ${address}, which is not this computer.`
          : `${host} resolves to ${address}, which is not a public address: webhooks go only to receivers on the internet (or this computer, for testing).`,
      );
    }
  }
  return addresses[0] as string;
}
