import { createReadStream, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';
import type { Plugin, Rollup } from 'vite';

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

/**
 * The voice detector's model, audio worklet and ONNX runtime, served from the
 * app's own origin under /vad/ (where src-renderer/src/voice/voice-detector.ts
 * looks): a kiosk is offline and the CSP allows no other origin. Only the
 * single-threaded SIMD runtime is copied (the app sets numThreads = 1, so no
 * cross-origin isolation is needed); the other ORT builds (JSEP, JSPI,
 * asyncify) are ~70 MB the app never loads.
 */
const VAD_ASSET_DIR = 'vad';
const vadAssets: Record<string, string> = {
  'silero_vad_v5.onnx': 'node_modules/@ricky0123/vad-web/dist/silero_vad_v5.onnx',
  'vad.worklet.bundle.min.js': 'node_modules/@ricky0123/vad-web/dist/vad.worklet.bundle.min.js',
  'ort-wasm-simd-threaded.wasm': 'node_modules/onnxruntime-web/dist/ort-wasm-simd-threaded.wasm',
  'ort-wasm-simd-threaded.mjs': 'node_modules/onnxruntime-web/dist/ort-wasm-simd-threaded.mjs',
};
const vadContentTypes: Record<string, string> = {
  onnx: 'application/octet-stream',
  js: 'text/javascript',
  mjs: 'text/javascript',
  wasm: 'application/wasm',
};

function voiceDetectorAssets(): Plugin {
  return {
    name: 'kiosk-vad-assets',
    generateBundle() {
      for (const [name, source] of Object.entries(vadAssets)) {
        this.emitFile({ type: 'asset', fileName: `${VAD_ASSET_DIR}/${name}`, source: readFileSync(resolve(source)) });
      }
    },
    configureServer(server) {
      server.middlewares.use(`/${VAD_ASSET_DIR}/`, (request, response, next) => {
        const name = (request.url ?? '').split(/[?#]/)[0]?.replace(/^\//, '') ?? '';
        const source = vadAssets[name];
        if (!source) return next();
        response.setHeader('content-type', vadContentTypes[name.split('.').pop() ?? ''] ?? 'application/octet-stream');
        createReadStream(resolve(source)).pipe(response);
      });
    },
  };
}

/**
 * zod 4's own source has prose comments that mention "@__PURE__" (explaining
 * why its real annotations sit where they do) in places where an annotation
 * means nothing. Rollup reports each as INVALID_ANNOTATION, in wording that
 * reads like an error, for every bundle that includes zod (preload and
 * renderer), and drops the comment. Nothing is lost: they are only comments,
 * and zod's real `/*@__PURE__*\/` marks beside them still apply. So exactly
 * that warning, from zod's files only, is left out; the same warning from any
 * other module, and every other warning, is still printed.
 */
export const quietZodCommentWarnings: Rollup.WarningHandlerWithDefault = (warning, warn) => {
  if (warning.code === 'INVALID_ANNOTATION' && /[\\/]node_modules[\\/]zod[\\/]/.test(warning.id ?? '')) return;
  warn(warning);
};

// Three bundles, one per Electron process. The renderer is also what the
// browser host serves, so it must not depend on anything Electron-only.
export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rollupOptions: {
        input: {
          index: resolve('src-main/shell/main.ts'),
          // The app's core, which the shell starts in a utility process from out/main/core.js (src-main/shell/startup.ts).
          core: resolve('src-main/core-host/core-main.ts'),
          // Resume text extraction runs in a worker thread of the core; its script must sit beside
          // core.js under this name (see src-main/resumes/extraction/worker-script.ts).
          'resume-extraction-worker': resolve('src-main/resumes/extraction/extraction-worker.ts'),
        },
      },
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
        onwarn: quietZodCommentWarnings,
      },
    },
  },
  renderer: {
    root: 'src-renderer',
    plugins: [react(), allowDevServerStyles(), voiceDetectorAssets()],
    build: {
      outDir: 'out/renderer',
      minify: true,
      rollupOptions: { input: { index: resolve('src-renderer/index.html') }, onwarn: quietZodCommentWarnings },
    },
  },
});
