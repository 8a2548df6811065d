import { isIP } from 'node:net';
import type { NetworkSettings } from '../../../shared/domain/settings';

/** Where a connection goes: `scheme` picks the environment variable in system mode (postgres and smtp count as https). */
export interface Target {
  host: string;
  port: number;
  scheme: 'http' | 'https' | 'postgres' | 'smtp';
}

export interface ProxyServer {
  host: string;
  port: number;
  /** "http://proxy.corp:8080", for messages (never with a password). */
  label: string;
  /** From the settings (the password is the keychain's) or from the environment variable's own user:password. */
  username: string;
  password: string | null;
  /** Where the address came from, for the self-check and messages: "Network → Proxy address" or "HTTPS_PROXY". */
  source: string;
}

export type Route = { kind: 'direct' } | { kind: 'proxy'; proxy: ProxyServer };

/** The proxy in force and the hosts that skip it, for one mode of the settings. */
export interface ProxyPlan {
  /** null: every connection goes direct. */
  proxyFor(scheme: Target['scheme']): ProxyServer | null;
  bypass: readonly string[];
  /** How the self-check says it: "manual: http://proxy.corp:8080". */
  summary: string;
  /** A proxy variable this app cannot use (an https:// or socks proxy), said rather than silently dropped; null when none. */
  problem: string | null;
}

/**
 * The proxy plan for the settings. System mode reads HTTPS_PROXY /
 * HTTP_PROXY / ALL_PROXY / NO_PROXY (either case), as curl and most tools
 * do; the Electron shell could add the OS's own proxy configuration
 * (session.resolveProxy: PAC files, WPAD, the Windows and macOS proxy
 * settings), which plain Node cannot read.
 */
export function proxyPlan(settings: NetworkSettings, env: NodeJS.ProcessEnv, proxyPassword: string | null): ProxyPlan {
  if (settings.proxyMode === 'direct') return { proxyFor: () => null, bypass: [], summary: 'direct (no proxy)', problem: null };
  if (settings.proxyMode === 'manual') {
    // The settings accept only an http:// address here (shared/domain/settings.ts), so there is nothing to refuse.
    const proxy = settings.proxyUrl ? fromUrl(settings.proxyUrl, 'Network → Proxy address', settings.proxyUsername, proxyPassword) : null;
    return { proxyFor: () => proxy, bypass: splitList(settings.proxyBypass), summary: proxy ? `manual: ${proxy.label}` : 'manual, but no proxy address is set: direct', problem: null };
  }
  const read = (name: string) => env[name]?.trim() || env[name.toLowerCase()]?.trim() || '';
  const unusable = new Map<string, string>();
  const fromEnv = (name: string) => {
    const value = read(name);
    if (!value) return null;
    const proxy = fromUrl(withScheme(value), name, '', null);
    if (!proxy) unusable.set(name, withoutCredentials(value));
    return proxy;
  };
  const https = fromEnv('HTTPS_PROXY') ?? fromEnv('ALL_PROXY');
  const http = fromEnv('HTTP_PROXY') ?? fromEnv('ALL_PROXY');
  const bypass = [...splitList(read('NO_PROXY')), ...splitList(settings.proxyBypass)];
  const shown = https ?? http;
  return {
    proxyFor: (scheme) => (scheme === 'http' ? http : https),
    bypass,
    summary: shown ? `system: ${shown.label} (${shown.source})` : unusable.size > 0 ? 'system: no usable proxy (direct)' : 'system: no proxy set (direct)',
    problem: unusable.size > 0 ? unusableProxies(unusable, https !== null && http !== null) : null,
  };
}

/**
 * Why a proxy variable was set aside. The app speaks to proxies over plain
 * HTTP (CONNECT) only: an https:// or socks proxy in the environment is one
 * curl would use and this app cannot, so IT hears it rather than the
 * connections quietly going around the proxy.
 */
function unusableProxies(unusable: ReadonlyMap<string, string>, othersCover: boolean): string {
  const named = [...unusable].map(([name, value]) => `${name} (${value})`).join(' and ');
  const what = othersCover ? 'it is ignored, and connections take the http:// proxy the other variables name' : 'it is ignored, so connections it would carry go direct';
  return `${named} names a proxy this app cannot use (only http://host:port proxies are supported): ${what}. Set it to an http:// proxy address, or choose Network → Proxy mode manual or direct.`;
}

/** A proxy variable as curl reads it: a bare host:port means an http:// proxy. */
function withScheme(value: string): string {
  return value.includes('://') ? value : `http://${value}`;
}

/** The variable's value as it can be shown: scheme, host and port, never a user or password. */
function withoutCredentials(value: string): string {
  try {
    const url = new URL(withScheme(value));
    return `${url.protocol}//${url.host}`;
  } catch {
    return 'not an address';
  }
}

/** Direct or through the plan's proxy, for one target. */
export function routeFor(plan: ProxyPlan, target: Target): Route {
  const proxy = plan.proxyFor(target.scheme);
  if (!proxy || bypassed(plan.bypass, target)) return { kind: 'direct' };
  return { kind: 'proxy', proxy };
}

function fromUrl(value: string, source: string, username: string, password: string | null): ProxyServer | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' || !url.hostname) return null;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const port = url.port ? Number(url.port) : 80;
  // An environment variable may carry its own user:password (curl's convention); the settings never do.
  const ownUser = url.username ? decodeURIComponent(url.username) : '';
  const ownPassword = url.password ? decodeURIComponent(url.password) : null;
  return {
    host,
    port,
    label: `http://${url.host}`,
    username: username || ownUser,
    password: username ? password : ownPassword,
    source,
  };
}

function splitList(value: string): string[] {
  return value
    .split(/[,;\s]+/)
    .map((entry) => entry.trim().toLowerCase())
    .filter((entry) => entry !== '');
}

const isLoopback = (host: string) => host === 'localhost' || host.endsWith('.localhost') || host === '::1' || /^127\./.test(host);

/**
 * Chromium's rules, so a bypass list IT wrote for the browser means the
 * same here: loopback is always direct unless the list says "<-loopback>";
 * "<local>" is any name without a dot; "*" is every host; "*.corp.example"
 * and ".corp.example" are the domain and its subdomains; "host:port" only
 * that port. NO_PROXY entries follow the same rules.
 */
export function bypassed(list: readonly string[], target: Pick<Target, 'host' | 'port'>): boolean {
  const host = target.host.toLowerCase().replace(/^\[|\]$/g, '');
  if (isLoopback(host) && !list.includes('<-loopback>')) return true;
  return list.some((entry) => {
    if (entry === '<-loopback>') return false;
    if (entry === '*') return true;
    if (entry === '<local>') return !host.includes('.') && !isIP(host);
    const [pattern, port] = splitPort(entry);
    if (port !== null && port !== target.port) return false;
    const domain = pattern.replace(/^\*?\./, '');
    if (pattern.startsWith('*.') || pattern.startsWith('.')) return host === domain || host.endsWith(`.${domain}`);
    return host === pattern;
  });
}

function splitPort(entry: string): [string, number | null] {
  const bracketed = /^\[(.+)\](?::(\d+))?$/.exec(entry);
  if (bracketed) return [bracketed[1] ?? '', bracketed[2] ? Number(bracketed[2]) : null];
  const match = /^([^:]+):(\d+)$/.exec(entry);
  return match ? [match[1] ?? '', Number(match[2])] : [entry, null];
}
