import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { artifactMessage, feedMessage, parseReleaseKey, signedByAny } from '../../../src-main/updates/release-signature';

const dir = mkdtempSync(join(tmpdir(), 'kiosk-release-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const run = (...args: string[]) => execFileSync(process.execPath, ['--import', 'tsx', 'scripts/update-release.ts', ...args], { encoding: 'utf8', stdio: 'pipe' });

describe('scripts/update-release.ts', () => {
  it('makes a key, then signs a build’s channel file and installer so the app verifies them', () => {
    const keyFile = join(dir, 'release-key.pem');
    const publicKey = /for updates\.signingKeys:\n(\S+)/.exec(run('make-key', '--out', keyFile))![1]!;
    const installer = Buffer.from('installer bytes');
    const sha512 = createHash('sha512').update(installer).digest('base64');
    writeFileSync(join(dir, 'Teamified Kiosk-1.2.0.AppImage'), installer);
    const channel = `version: 1.2.0\nfiles:\n  - url: Teamified Kiosk-1.2.0.AppImage\n    sha512: ${sha512}\n    size: ${installer.length}\n`;
    writeFileSync(join(dir, 'latest-linux.yml'), channel);

    run('sign', '--key', keyFile, '--dir', dir);

    const keys = [parseReleaseKey(publicKey)];
    expect(signedByAny(keys, feedMessage('latest-linux.yml', Buffer.from(channel)), readFileSync(join(dir, 'latest-linux.yml.sig'), 'utf8'))).toBe(true);
    expect(signedByAny(keys, artifactMessage('1.2.0', 'Teamified Kiosk-1.2.0.AppImage', sha512), readFileSync(join(dir, 'Teamified Kiosk-1.2.0.AppImage.sig'), 'utf8'))).toBe(true);
    // The pilot channel file's name is part of what is signed: the same bytes do not verify as another channel.
    expect(signedByAny(keys, feedMessage('pilot-linux.yml', Buffer.from(channel)), readFileSync(join(dir, 'latest-linux.yml.sig'), 'utf8'))).toBe(false);

    // A key file is never overwritten, and an installer that does not match its channel file is not signed.
    expect(() => run('make-key', '--out', keyFile)).toThrow(/exists already/);
    writeFileSync(join(dir, 'Teamified Kiosk-1.2.0.AppImage'), 'changed');
    expect(() => run('sign', '--key', keyFile, '--dir', dir)).toThrow(/does not match its SHA-512 in latest-linux.yml/);
  });

  it('signs nothing when a channel file lists an installer that is not there', () => {
    const release = mkdtempSync(join(dir, 'missing-'));
    const keyFile = join(release, 'release-key.pem');
    run('make-key', '--out', keyFile);
    const present = Buffer.from('present installer');
    const sha = (bytes: Buffer) => createHash('sha512').update(bytes).digest('base64');
    writeFileSync(join(release, 'Teamified Kiosk-1.3.0.AppImage'), present);
    // electron-builder lists every artifact of the release; the arm64 one was not copied into the folder.
    const channel = [
      'version: 1.3.0',
      'files:',
      `  - url: Teamified Kiosk-1.3.0.AppImage\n    sha512: ${sha(present)}\n    size: ${present.length}`,
      `  - url: Teamified Kiosk-1.3.0-arm64.AppImage\n    sha512: ${sha(Buffer.from('elsewhere'))}\n    size: 9`,
      '',
    ].join('\n');
    writeFileSync(join(release, 'latest-linux.yml'), channel);

    expect(() => run('sign', '--key', keyFile, '--dir', release)).toThrow(/Teamified Kiosk-1\.3\.0-arm64\.AppImage is listed in latest-linux\.yml but is not in .*Nothing was signed\./);
    expect(readdirSync(release).filter((name) => name.endsWith('.sig'))).toEqual([]);
  });
});
