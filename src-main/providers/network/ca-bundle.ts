import { X509Certificate } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { rootCertificates } from 'node:tls';

/** What the CA bundle setting gave, for the self-check and the settings view. */
export interface CaBundleState {
  /** The file named in the settings; '' when none. */
  path: string;
  /** The certificates in force from IT's bundle (the last good read). */
  certificates: readonly string[];
  /** Why the named file is not (fully) in use, in words for IT; null when it is. */
  problem: string | null;
}

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g;

/**
 * IT's CA bundle: a PEM file of the certificates a TLS-inspecting proxy
 * signs with. Read at start and again whenever the path, size or time of
 * the file changes (checked on each use: a stat, no watcher to leak). A
 * file that cannot be read or holds a bad certificate is named, and the
 * certificates of the last good read stay in force, so a half-copied file
 * does not cut the device off.
 */
export class CaBundle {
  private state: CaBundleState = { path: '', certificates: [], problem: null };
  private readSignature = '';
  private trusted: string[] | null = null;

  current(path: string): CaBundleState {
    const wanted = path.trim();
    if (wanted === '') {
      if (this.state.path !== '' || this.state.certificates.length > 0) this.set({ path: '', certificates: [], problem: null }, '');
      return this.state;
    }
    let signature: string;
    try {
      const stat = statSync(wanted);
      signature = `${wanted}|${stat.size}|${stat.mtimeMs}`;
    } catch (error) {
      const why = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'was not found' : `could not be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`;
      return this.failed(wanted, `The CA bundle ${wanted} ${why}`, `missing|${wanted}`);
    }
    if (signature === this.readSignature) return this.state;
    let text: string;
    try {
      text = readFileSync(wanted, 'utf8');
    } catch (error) {
      return this.failed(wanted, `The CA bundle ${wanted} could not be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`, signature);
    }
    const parsed = parseBundle(text);
    if ('problem' in parsed) return this.failed(wanted, `The CA bundle ${wanted} ${parsed.problem}`, signature);
    this.set({ path: wanted, certificates: parsed.certificates, problem: null }, signature);
    return this.state;
  }

  /** Node's built-in roots plus IT's bundle: added to, never replacing, what the device trusts. */
  trustedCertificates(path: string): string[] {
    this.current(path);
    this.trusted ??= [...rootCertificates, ...this.state.certificates];
    return this.trusted;
  }

  private failed(path: string, problem: string, signature: string): CaBundleState {
    const kept = this.state.certificates.length;
    const tail = kept > 0 ? `; the ${kept} certificate${kept === 1 ? '' : 's'} read before stay in use.` : '; no extra certificates are trusted.';
    this.set({ path, certificates: this.state.certificates, problem: `${problem}${tail}` }, signature);
    return this.state;
  }

  private set(state: CaBundleState, signature: string): void {
    if (state.certificates !== this.state.certificates) this.trusted = null;
    this.state = state;
    this.readSignature = signature;
  }
}

/** Every certificate in a PEM text, each checked; the first bad one is named by its place. */
export function parseBundle(text: string): { certificates: string[] } | { problem: string } {
  const blocks = text.match(PEM_BLOCK) ?? [];
  if (blocks.length === 0) return { problem: 'holds no PEM certificate (-----BEGIN CERTIFICATE-----)' };
  const certificates: string[] = [];
  for (const [index, block] of blocks.entries()) {
    try {
      new X509Certificate(block);
    } catch {
      return { problem: `has a certificate that cannot be read (number ${index + 1} of ${blocks.length})` };
    }
    certificates.push(`${block}\n`);
  }
  return { certificates };
}
