import { load } from 'js-yaml';
import { z } from 'zod';
import { isVersion } from '../../shared/domain/version-order';
import { artifactExtension } from './channel-file';

/**
 * A channel file (latest.yml, pilot-linux.yml, …) as electron-builder
 * writes it and electron-updater reads it (builder-util-runtime's
 * UpdateInfo): the version, the release's files with their SHA-512 (base64)
 * and size, the release date, and an optional stagingPercentage. The older
 * top-level `path` + `sha512` pair stands for a single file. Fields this app
 * does not use (releaseNotes, blockMapSize…) are allowed and ignored.
 */
const sha512 = z.string().regex(/^[A-Za-z0-9+/]{86}==$/, 'must be a SHA-512 in base64');
const fileSchema = z.object({
  url: z.string().min(1).max(1000),
  sha512,
  size: z.number().int().positive().optional(),
});
const updateInfoSchema = z.object({
  version: z.string().max(100).refine(isVersion, 'must be a version such as 1.4.0'),
  files: z.array(fileSchema).max(50).optional(),
  path: z.string().min(1).max(1000).optional(),
  sha512: sha512.optional(),
  releaseDate: z.string().max(100).optional(),
  stagingPercentage: z.number().min(0).max(100).optional(),
});

export interface ReleaseFile {
  url: string;
  sha512: string;
  size: number | null;
}

export interface UpdateInfo {
  version: string;
  files: ReleaseFile[];
  releaseDate: string | null;
  stagingPercentage: number | undefined;
}

export class FeedFormatError extends Error {}

export function parseUpdateInfo(channelFile: string, body: string): UpdateInfo {
  let raw: unknown;
  try {
    raw = load(body);
  } catch (error) {
    throw new FeedFormatError(`The update feed's ${channelFile} is not readable YAML (${error instanceof Error ? error.message.split('\n')[0] : String(error)}).`);
  }
  const parsed = updateInfoSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new FeedFormatError(`The update feed's ${channelFile} is not a channel file electron-builder wrote: ${issue?.path.join('.') || 'the file'} ${issue?.message ?? 'is wrong'}.`);
  }
  const info = parsed.data;
  const files: ReleaseFile[] = (info.files ?? []).map((file) => ({ url: file.url, sha512: file.sha512, size: file.size ?? null }));
  if (files.length === 0 && info.path && info.sha512) files.push({ url: info.path, sha512: info.sha512, size: null });
  if (files.length === 0) throw new FeedFormatError(`The update feed's ${channelFile} lists no installer.`);
  return { version: info.version, files, releaseDate: info.releaseDate ?? null, stagingPercentage: info.stagingPercentage };
}

/**
 * Processor architectures as electron-builder names them in artifact names
 * (its Arch: x64, ia32, armv7l, arm64, universal; AppImage and deb write
 * x86_64, amd64, aarch64, armhf), keyed by Node's process.arch. The
 * default architecture (x64) is usually not named at all.
 */
const ARCH_NAMES: Readonly<Record<string, readonly string[]>> = {
  x64: ['x64', 'x86_64', 'amd64'],
  ia32: ['ia32', 'i386', 'i686'],
  arm64: ['arm64', 'aarch64'],
  armv7l: ['armv7l', 'armhf'],
  universal: ['universal'],
};

function fileName(file: ReleaseFile): string {
  const path = new URL(file.url, 'https://feed.invalid/').pathname;
  return decodeURIComponent(path.slice(path.lastIndexOf('/') + 1)).toLowerCase();
}

/** The architecture a file's name gives, or null when it names none. */
function namedArch(file: ReleaseFile): string | null {
  // Separators only, not "_": x86_64 is one word.
  const words = fileName(file).split(/[-. ]+/);
  for (const [arch, names] of Object.entries(ARCH_NAMES)) if (words.some((word) => names.includes(word))) return arch;
  return null;
}

/**
 * The release's installer for this OS and processor (channel-file.ts
 * artifactExtension), or null when it has none. A file naming this
 * device's architecture first; else one naming none (the default build) or
 * a universal one; never one built for another architecture, whatever the
 * channel file's order (electron-updater's findFile would fall back to the
 * first file listed, and MacUpdater.filterFilesForArch lets an arm64 Mac run
 * an x64 build under Rosetta, which the unnamed default here allows too).
 */
export function installerFor(info: UpdateInfo, platform: NodeJS.Platform, arch: string): ReleaseFile | null {
  const extension = artifactExtension(platform).toLowerCase();
  const installers = info.files.filter((file) => fileName(file).endsWith(extension));
  return installers.find((file) => namedArch(file) === arch) ?? installers.find((file) => [null, 'universal'].includes(namedArch(file))) ?? null;
}
