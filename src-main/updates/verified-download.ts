import type { KeyObject } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '../logging/logger-types';
import type { FeedChannel } from './channel-file';
import { downloadFile, FeedRequestError, fetchBytes, type FetchLike } from './feed-fetch';
import type { VerifiedUpdate } from './installer-port';
import { artifactMessage, SIGNATURE_SUFFIX, signedByAny } from './release-signature';
import type { ReleaseFile } from './update-info';

/** A refusal to be shown as it is: the feed or installer did not verify, or the settings cannot work. */
export class UpdateRefused extends Error {}

/** A release offered to this device: its installer for this OS and processor, on the feed. */
export interface Offer {
  version: string;
  channel: FeedChannel;
  file: ReleaseFile;
  url: URL;
}

export interface DownloadDeps {
  fetch: FetchLike;
  dataDir: string;
  keys: readonly KeyObject[];
  /** The largest installer accepted when the feed gives no size. */
  maxBytes: number;
  logger: Logger;
}

const UPDATES_FOLDER = 'updates';

/**
 * The offered installer, downloaded into <data>/updates and verified: its
 * SHA-512 and size against the signed channel file, then its own signature
 * by a release key. The copy from an earlier check when it is the same one
 * and still there. A file that fails is deleted; only one installer is kept.
 */
export async function verifiedCopy(offer: Offer, previous: VerifiedUpdate | null, deps: DownloadDeps): Promise<VerifiedUpdate> {
  if (previous && previous.version === offer.version && previous.sha512 === offer.file.sha512 && existsSync(previous.path)) return previous;
  const fileName = decodeURIComponent(offer.url.pathname.split('/').pop() ?? '');
  if (!fileName || /[\\/]|^\.\.?$/.test(fileName)) throw new UpdateRefused(`The update feed names an installer the app cannot save (${offer.file.url}).`);
  const folder = join(deps.dataDir, UPDATES_FOLDER);
  mkdirSync(folder, { recursive: true });
  const partial = join(folder, 'download.partial');
  const started = Date.now();
  const got = await downloadFile(deps.fetch, offer.url, partial, offer.file.size ?? deps.maxBytes);
  const refuse = async (why: string): Promise<never> => {
    await rm(partial, { force: true });
    throw new UpdateRefused(`The installer for version ${offer.version} ${why} It was deleted and nothing was installed.`);
  };
  if (got.sha512 !== offer.file.sha512 || (offer.file.size !== null && got.size !== offer.file.size)) {
    await refuse('does not match the SHA-512 the signed feed gives for it: it was changed or damaged after it was published.');
  }
  const signature = await fetchBytes(deps.fetch, new URL(offer.url.href + SIGNATURE_SUFFIX)).catch(async (error: unknown) => {
    // Only a feed that says the file is not there means "unsigned"; a network or server failure is said as itself.
    if (error instanceof FeedRequestError && error.status === 404) return null;
    await rm(partial, { force: true });
    throw new FeedRequestError(`The signature of the installer for version ${offer.version} could not be read: ${error instanceof Error ? error.message : String(error)} Nothing was installed.`);
  });
  if (!signature) await refuse(`has no signature (${fileName}${SIGNATURE_SUFFIX}) on the feed.`);
  if (!signedByAny(deps.keys, artifactMessage(offer.version, fileName, got.sha512), signature!.toString('utf8'))) {
    await refuse('is not signed by a release key this device trusts.');
  }
  const path = join(folder, fileName);
  await rename(partial, path);
  // One installer kept: older ones would only fill the disk.
  for (const entry of await readdir(folder)) if (entry !== fileName) await rm(join(folder, entry), { force: true, recursive: true });
  deps.logger.info('update downloaded and verified', { version: offer.version, channel: offer.channel, bytes: got.size, ms: Date.now() - started });
  return { version: offer.version, channel: offer.channel, fileName, sha512: got.sha512, size: got.size, path };
}
