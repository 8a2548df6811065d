/**
 * The renderer's Content-Security-Policy, sent as a header by whatever serves
 * the page (the Electron app protocol, the browser host). The page's own meta
 * tag carries the same policy. 'wasm-unsafe-eval' lets the voice detector's
 * model run in WebAssembly; it allows no eval of JavaScript.
 */
export const RENDERER_CSP =
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data: blob:; media-src 'self' blob:; " +
  "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
