import { load } from 'js-yaml';
import { z } from 'zod';
import { isVersion } from '../../shared/domain/version-order';

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

/** The release's installer for this OS (channel-file.ts artifactExtension), or null when it has none. */
export function installerFor(info: UpdateInfo, extension: string): ReleaseFile | null {
  return info.files.find((file) => new URL(file.url, 'https://feed.invalid/').pathname.toLowerCase().endsWith(extension.toLowerCase())) ?? null;
}
