import { session, shell, type WebContents } from 'electron';

/**
 * The renderer is treated as untrusted content: it may not navigate, open
 * windows, or get any permission except the microphone, and that only for
 * the app's own page.
 */
export function lockDownSession(isAppUrl: (url: string) => boolean): void {
  const appSession = session.defaultSession;
  appSession.setPermissionRequestHandler((_contents, permission, callback, details) => {
    const audioOnly =
      permission === 'media' && (details as { mediaTypes?: string[] }).mediaTypes?.every((type) => type === 'audio') === true;
    callback(audioOnly && isAppUrl(details.requestingUrl));
  });
  appSession.setPermissionCheckHandler((_contents, permission, requestingOrigin) =>
    permission === 'media' && isAppUrl(requestingOrigin),
  );
}

export function lockDownContents(contents: WebContents, isAppUrl: (url: string) => boolean): void {
  contents.setWindowOpenHandler(({ url }) => {
    // Links to the web open in the user's browser, never inside the kiosk window.
    if (url.startsWith('https://')) void shell.openExternal(url);
    return { action: 'deny' };
  });
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}
