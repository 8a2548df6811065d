import { APP_ORIGIN } from './app-protocol';

/**
 * Where the renderer comes from, and so the one origin trusted with the
 * microphone, IPC and navigation: `app://kiosk` in a packaged build, or
 * Vite's dev server in development (see dev-only.ts).
 */
export interface AppOrigin {
  /** `scheme://host[:port]`, without a trailing slash. */
  origin: string;
  /** The page the window opens. */
  startUrl: string;
  /** True when the renderer is served by the app's own protocol (not a dev server). */
  servedByApp: boolean;
  isAppUrl(url: string): boolean;
}

export function appOrigin(devServerUrl: string | null): AppOrigin {
  const origin = devServerUrl ? originOf(devServerUrl) : APP_ORIGIN;
  if (!origin) throw new Error(`The renderer address ${devServerUrl} is not a URL.`);
  return {
    origin,
    startUrl: devServerUrl ?? `${APP_ORIGIN}/index.html`,
    servedByApp: devServerUrl === null,
    isAppUrl: (url) => originOf(url) === origin,
  };
}

/**
 * Not URL.origin: Node's URL reports "null" as the origin of schemes it does
 * not know, such as app:. A parsed URL, never a string prefix: a prefix test
 * would let `app://kiosk.evil.example` through.
 */
function originOf(url: string): string | null {
  try {
    const parsed = new URL(url);
    return parsed.host ? `${parsed.protocol}//${parsed.host}` : null;
  } catch {
    return null;
  }
}
