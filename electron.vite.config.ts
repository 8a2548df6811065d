import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';
import type { Plugin } from 'vite';

/**
 * Vite's dev server injects CSS as inline <style> tags, which the page's
 * strict CSP blocks; relax style-src for `electron-vite dev` only. Builds keep
 * the strict policy.
 */
function allowDevServerStyles(): Plugin {
  return {
    name: 'kiosk-dev-csp',
    apply: 'serve',
    transformIndexHtml: (html) => html.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'"),
  };
}

// Three bundles, one per Electron process. The renderer is also what the
// browser host serves, so it must not depend on anything Electron-only.
export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rollupOptions: { input: { index: resolve('src-main/shell/main.ts') } },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      // A sandboxed preload cannot require packages at run time: bundle the contract (and zod) in.
      externalizeDeps: false,
      // Sandboxed preloads cannot be ES modules: emit CommonJS.
      rollupOptions: {
        input: { index: resolve('src-preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'src-renderer',
    plugins: [react(), allowDevServerStyles()],
    build: {
      outDir: 'out/renderer',
      minify: true,
      rollupOptions: { input: { index: resolve('src-renderer/index.html') } },
    },
  },
});
