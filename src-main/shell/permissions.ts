import type { PermissionCheckHandlerHandlerDetails, Session } from 'electron';
import type { Logger } from '../logging/logger-types';

type IsAppUrl = (url: string) => boolean;

/** What Electron passes with a permission request (PermissionRequest, MediaAccessPermissionRequest, ...). */
export interface PermissionRequestDetails {
  requestingUrl?: string;
  isMainFrame?: boolean;
  mediaTypes?: readonly string[];
}

/**
 * The microphone, and nothing else, for the app's own page. A 'media'
 * request lists the devices it wants in `mediaTypes` (docs/api/structures/
 * media-access-permission-request.md); Electron leaves that list empty for
 * legacy desktop capture (getUserMedia with chromeMediaSource), which is why
 * "every entry is audio" alone is not enough: an empty list passes every().
 */
export function mayRequestPermission(permission: string, details: PermissionRequestDetails, isAppUrl: IsAppUrl): boolean {
  if (permission !== 'media') return false;
  const mediaTypes = details.mediaTypes ?? [];
  const microphoneOnly = mediaTypes.length > 0 && mediaTypes.every((type) => type === 'audio');
  return microphoneOnly && details.isMainFrame === true && isAppUrl(details.requestingUrl ?? '');
}

/**
 * Chromium checks before it asks (enumerating devices, reading a device's
 * label): a check names one device type in `details.mediaType`. Only the
 * microphone passes, and only for the app's own page.
 */
export function mayCheckPermission(permission: string, requestingOrigin: string, details: PermissionCheckHandlerHandlerDetails, isAppUrl: IsAppUrl): boolean {
  return permission === 'media' && details.mediaType === 'audio' && details.isMainFrame && isAppUrl(requestingOrigin);
}

/**
 * Both handlers, on the session every window uses. Without them Electron
 * grants every permission (docs/tutorial/security.md, item 5), and the
 * session docs say a complete policy needs both.
 */
export function lockDownPermissions(session: Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler'>, isAppUrl: IsAppUrl, logger: Logger): void {
  session.setPermissionRequestHandler((_contents, permission, callback, details) => {
    const granted = mayRequestPermission(permission, details, isAppUrl);
    if (!granted) logger.warn('permission refused', { permission, requestingUrl: details.requestingUrl, mediaTypes: (details as PermissionRequestDetails).mediaTypes });
    callback(granted);
  });
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin, details) => mayCheckPermission(permission, requestingOrigin, details, isAppUrl));
}
