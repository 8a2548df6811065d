/**
 * The few globals shared/ may use: the ones every process of the app has
 * (Node, Electron's renderer, the browser) and nothing Node- or DOM-only.
 * Only tsconfig.shared.json includes this file; the other projects get
 * these names from their own libraries (DOM or @types/node).
 */
declare class URL {
  constructor(url: string, base?: string | URL);
  readonly href: string;
  readonly protocol: string;
  readonly host: string;
  readonly hostname: string;
  readonly port: string;
  readonly pathname: string;
  readonly search: string;
  readonly origin: string;
  readonly username: string;
  readonly password: string;
  readonly hash: string;
}
