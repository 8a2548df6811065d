import { protocol } from 'electron';
import { RENDERER_CSP } from '../common/content-security-policy';
import { readStaticFile } from '../files/static-files';

/**
 * The packaged renderer is served from `app://kiosk/`, not `file://`: a
 * standard, secure scheme gives the page a real origin (for the permission
 * and sender checks), lets it fetch its own files (the voice detector loads
 * its model and WebAssembly with fetch, which file:// does not support), and
 * carries the CSP as a header.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'kiosk';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/** Must run before the app is ready. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true } },
  ]);
}

export function serveRenderer(rendererDir: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    if (url.host !== APP_HOST || request.method !== 'GET') return new Response('Not found', { status: 404 });
    const path = url.pathname === '/' ? '/index.html' : url.pathname;
    const file = await readStaticFile(rendererDir, path);
    if (!file) return new Response('Not found', { status: 404 });
    return new Response(new Uint8Array(file.body), {
      headers: { 'content-type': file.type, 'content-security-policy': RENDERER_CSP, 'x-content-type-options': 'nosniff' },
    });
  });
}
