import type { UpdateChannel } from '../../shared/domain/settings';

/**
 * The feed's channel files, named as electron-updater's generic provider
 * names them (its Provider.getChannelFilePrefix): `<channel>.yml` on
 * Windows, `<channel>-mac.yml` on macOS, `<channel>-linux.yml` on Linux x64
 * and `<channel>-linux-<arch>.yml` on other Linux architectures. The stable
 * channel is electron-builder's default one, "latest"; a release IT builds
 * with `-c.publish.channel=pilot` writes "pilot".
 */
export type FeedChannel = 'latest' | 'pilot';

export function channelFileName(channel: FeedChannel, platform: NodeJS.Platform, arch: string): string {
  if (platform === 'linux') return `${channel}-linux${arch === 'x64' ? '' : `-${arch}`}.yml`;
  if (platform === 'darwin') return `${channel}-mac.yml`;
  return `${channel}.yml`;
}

/**
 * The channel files a device reads, in order. A pilot device reads the
 * stable file too and takes the newer of the two, so it is never behind
 * the stable kiosks; a stable device never reads the pilot file.
 */
export function feedChannelsFor(channel: UpdateChannel): FeedChannel[] {
  return channel === 'pilot' ? ['pilot', 'latest'] : ['latest'];
}

/**
 * The installer electron-updater takes from a release's files on each OS
 * (NsisUpdater: .exe, MacUpdater: .zip, AppImageUpdater: .AppImage). A
 * deb or MSI install is IT's to update (install-kind.ts), so neither is here.
 */
export function artifactExtension(platform: NodeJS.Platform): string {
  if (platform === 'win32') return '.exe';
  if (platform === 'darwin') return '.zip';
  return '.AppImage';
}

/** The feed's base address with one trailing slash, so relative file names resolve inside it. */
export function feedBase(feedUrl: string): URL {
  return new URL(feedUrl.endsWith('/') ? feedUrl : `${feedUrl}/`);
}
