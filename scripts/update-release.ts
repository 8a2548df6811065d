/**
 * IT's release signer for the app's own updates (README, "Updates (IT)").
 *
 *   node --import tsx scripts/update-release.ts make-key --out release-key.pem
 *       makes an Ed25519 key pair: the private key into the file (keep it offline),
 *       the public key printed, for updates.signingKeys.
 *   node --import tsx scripts/update-release.ts sign --key release-key.pem --dir dist
 *       signs every channel file in dist/ (latest*.yml, pilot*.yml) and every installer
 *       it lists, after checking that each installer is there and matches its SHA-512:
 *       writes <file>.sig. One installer missing or changed, and nothing is signed.
 *
 * Publish the .sig files beside the channel files and installers.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parseArgs } from 'node:util';
import { artifactMessage, feedMessage, makeReleaseKey, SIGNATURE_SUFFIX, signRelease } from '../src-main/updates/release-signature';
import { parseUpdateInfo } from '../src-main/updates/update-info';

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

const [command, ...rest] = process.argv.slice(2);
const { values } = parseArgs({ args: rest, options: { out: { type: 'string' }, key: { type: 'string' }, dir: { type: 'string' } } });

if (command === 'make-key') {
  if (!values.out) fail('Say where to write the private key: make-key --out release-key.pem');
  if (existsSync(values.out)) fail(`${values.out} exists already; a release key is never overwritten.`);
  const { privateKeyPem, publicKey } = makeReleaseKey();
  writeFileSync(values.out, privateKeyPem, { mode: 0o600 });
  console.log(`Private key written to ${values.out}: keep it offline, with whoever publishes releases.`);
  console.log(`Public key, for updates.signingKeys:\n${publicKey}`);
} else if (command === 'sign') {
  if (!values.key || !values.dir) fail('Usage: sign --key release-key.pem --dir dist');
  const key = readFileSync(values.key, 'utf8');
  const dir = values.dir;
  const channelFiles = readdirSync(dir).filter((name) => /^(latest|pilot)(-mac|-linux(-[a-z0-9]+)?)?\.yml$/.test(name));
  if (channelFiles.length === 0) fail(`No channel file (latest*.yml, pilot*.yml) in ${dir}: build with electron-builder first.`);
  // Everything is checked before anything is signed: a release with a missing or changed installer gets no signature at all.
  const releases = channelFiles.map((channelFile) => {
    const body = readFileSync(join(dir, channelFile));
    const info = parseUpdateInfo(channelFile, body.toString('utf8'));
    const installers = info.files.map((file) => {
      const name = basename(decodeURIComponent(file.url));
      const path = join(dir, name);
      // A device offered this release would find no installer, or one nobody checked: the release is not signed.
      if (!existsSync(path)) fail(`${name} is listed in ${channelFile} but is not in ${dir}: copy it there (or rebuild), then sign again. Nothing was signed.`);
      const sha512 = createHash('sha512').update(readFileSync(path)).digest('base64');
      if (sha512 !== file.sha512) fail(`${name} does not match its SHA-512 in ${channelFile}: rebuild, do not sign. Nothing was signed.`);
      return { name, path, sha512 };
    });
    return { channelFile, body, version: info.version, installers };
  });
  for (const release of releases) {
    for (const installer of release.installers) {
      writeFileSync(`${installer.path}${SIGNATURE_SUFFIX}`, signRelease(key, artifactMessage(release.version, installer.name, installer.sha512)));
      console.log(`signed ${installer.name}`);
    }
    writeFileSync(join(dir, `${release.channelFile}${SIGNATURE_SUFFIX}`), signRelease(key, feedMessage(release.channelFile, release.body)));
    console.log(`signed ${release.channelFile} (${release.version})`);
  }
} else {
  fail('Commands: make-key --out FILE | sign --key FILE --dir DIST');
}
