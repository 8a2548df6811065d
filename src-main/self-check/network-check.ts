import { clip, type CheckResult } from './check-result';

/** What the network module says of itself (src-main/providers/network: NetworkStatus). */
export interface NetworkReading {
  proxy: string;
  caBundlePath: string;
  caCertificates: number;
  problem: string | null;
  /** A proxy variable that could not be used; null when none. */
  proxyProblem: string | null;
}

const LABEL = 'Network';

/**
 * The proxy every outside connection takes and IT's CA bundle (issue 20,
 * point 7): ok when the bundle named (if any) is in use, warn when it could
 * not be read, naming the file; the CAs read before stay in use meanwhile.
 * A proxy variable the app cannot use warns too, naming it.
 */
export function checkNetwork(reading: NetworkReading): CheckResult {
  const proxy = `Proxy: ${reading.proxy}.`;
  const count = `${reading.caCertificates} certificate${reading.caCertificates === 1 ? '' : 's'}`;
  if (reading.proxyProblem) {
    return {
      id: 'network',
      label: LABEL,
      status: 'warn',
      detail: clip([proxy, reading.proxyProblem, reading.problem].filter(Boolean).join(' ')),
      fix: 'Set HTTPS_PROXY, HTTP_PROXY or ALL_PROXY to an http://host:port proxy, or choose Network → Proxy mode manual (with an http:// address) or direct.',
    };
  }
  if (reading.problem) {
    return {
      id: 'network',
      label: LABEL,
      status: 'warn',
      detail: clip(`${proxy} ${reading.problem}`),
      fix: 'Put IT’s CA bundle (PEM certificates) at the path set under Network → CA bundle path, or correct the path.',
    };
  }
  const bundle = reading.caBundlePath ? `CA bundle loaded: ${count} from ${reading.caBundlePath}.` : 'No CA bundle set: only the built-in certificate authorities are trusted.';
  return { id: 'network', label: LABEL, status: 'ok', detail: clip(`${proxy} ${bundle}`), fix: null };
}
