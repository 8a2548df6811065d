import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A test CA and a server certificate it signed, as PEM text. */
export interface TestCertificates {
  /** The CA's certificate: what IT's bundle holds. */
  caCert: string;
  /** For the server: its key and certificate (for 127.0.0.1, localhost and any extra names asked for). */
  serverKey: string;
  serverCert: string;
  /** The CA's subject common name, as the untrusted-certificate message names it. */
  caName: string;
}

/**
 * Made at test time with Debian's openssl binary (openssl is on every
 * machine image of this project and CI): node:crypto makes keys but cannot
 * sign an X.509 certificate, and no package in node_modules does it either
 * (node-forge and selfsigned are not installed). EC keys keep it fast.
 */
export function makeTestCertificates(caName = 'Kiosk Test Inspection CA', options: { dnsNames?: string[] } = {}): TestCertificates {
  const dir = mkdtempSync(join(tmpdir(), 'kiosk-test-ca-'));
  const at = (name: string) => join(dir, name);
  const openssl = (...args: string[]) => execFileSync('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  try {
    openssl('req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', at('ca.key'), '-out', at('ca.pem'), '-days', '2', '-subj', `/CN=${caName}/O=Kiosk Tests`);
    openssl('req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', at('server.key'), '-out', at('server.csr'), '-subj', '/CN=127.0.0.1');
    const names = ['IP:127.0.0.1', 'DNS:localhost', ...(options.dnsNames ?? []).map((name) => `DNS:${name}`)].join(',');
    writeFileSync(at('ext.cnf'), `subjectAltName=${names}\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n`);
    openssl('x509', '-req', '-in', at('server.csr'), '-CA', at('ca.pem'), '-CAkey', at('ca.key'), '-CAcreateserial', '-out', at('server.pem'), '-days', '2', '-extfile', at('ext.cnf'));
    return { caCert: readFileSync(at('ca.pem'), 'utf8'), serverKey: readFileSync(at('server.key'), 'utf8'), serverCert: readFileSync(at('server.pem'), 'utf8'), caName };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
