import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

/** Bundles src-preload/browser-bridge.ts (and the contract it imports) into one classic script for the page. */
export async function bundleBridgeScript(): Promise<string> {
  const result = await build({
    entryPoints: [fileURLToPath(new URL('../../src-preload/browser-bridge.ts', import.meta.url))],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    write: false,
    logLevel: 'silent',
  });
  const file = result.outputFiles[0];
  if (!file) throw new Error('The browser bridge script did not build.');
  return file.text;
}
