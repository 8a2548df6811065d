import { builtinModules } from 'node:module';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import { engineOnlyShared, layerRule, mainLayers, rendererLayers } from './scripts/lint/folder-layers.js';

/**
 * Layering by environment, as VS Code does it: each folder may import only
 * what runs where it runs.
 *   shared/        runs everywhere: no Node, no Electron, no DOM-only code, no src-*
 *   src-renderer/  the sandboxed page: shared/ and UI packages only
 *   src-preload/   Electron's preload: electron + shared/ only
 *   src-main/      Node; only src-main/shell/ may import electron (core-host/electron-settings-backend.ts: electron-store only)
 * And inside main and the renderer, folders in one declared order
 * (scripts/lint/folder-layers.js): imports only go downward.
 */
const layers = {
  rules: { 'main-layers': layerRule(mainLayers), 'renderer-layers': layerRule(rendererLayers), 'engine-only-shared': engineOnlyShared },
};
// Every Node built-in (events, buffer, util, stream/web, zlib, ...) by its exact name (as a pattern,
// 'domain' would also catch shared/domain/...), and anything with the node: prefix.
const nodeModuleNames = builtinModules.filter((name) => !name.startsWith('_'));
const nodeBuiltins = ['node:*'];

/** Refuses imports matching `patterns` (gitignore-style), and, when `withNode`, every Node built-in by name. */
const restrict = (patterns, message, withNode = patterns.includes('node:*')) => ({
  'no-restricted-imports': [
    'error',
    { patterns: [{ group: patterns, message }], ...(withNode ? { paths: nodeModuleNames.map((name) => ({ name, message })) } : {}) },
  ],
});

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'migrations/**', '.data/**', '.cache/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: restrict(
      [...nodeBuiltins, 'electron', '**/src-main/**', '**/src-renderer/**', '**/src-preload/**'],
      'shared/ runs in every process: it may not depend on Node, Electron or a process folder.',
    ),
  },
  {
    files: ['src-renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      ...restrict(
        [...nodeBuiltins, 'electron', '**/src-main/**', '**/src-preload/**', 'better-sqlite3', 'drizzle-orm', 'drizzle-orm/*', 'keytar', 'bcrypt'],
        'The renderer is a sandboxed web page: it reaches main only through window.kiosk (shared/ipc).',
      ),
    },
  },
  {
    files: ['src-preload/**/*.ts'],
    rules: restrict([...nodeBuiltins, '**/src-main/**', '**/src-renderer/**'], 'The preload exposes the shared contract and nothing else.'),
  },
  {
    files: ['src-main/**/*.ts'],
    ignores: ['src-main/shell/**', 'src-main/core-host/electron-settings-backend.ts'],
    rules: restrict(
      ['electron', 'electron-store', '**/src-renderer/**', '**/src-preload/**', '**/shell/**'],
      'Only src-main/shell/ may touch Electron; everything else in main must run under plain Node (vitest, the browser host).',
    ),
  },
  {
    // The core's settings file in Electron's utility process: electron-store, loaded on demand (core-host/open-settings.ts), never Electron itself.
    files: ['src-main/core-host/electron-settings-backend.ts'],
    rules: restrict(
      ['electron', '**/src-renderer/**', '**/src-preload/**', '**/shell/**'],
      'The core runs in a utility process and under plain Node: only electron-store, here, and never Electron itself.',
    ),
  },
  {
    // Pure code: the engine's rules and common/'s small helpers do no I/O, so they can be reasoned about (and tested) alone.
    files: ['src-main/common/**/*.ts', 'src-main/interview/engine/**/*.ts'],
    rules: restrict(
      [...nodeBuiltins, 'electron', 'electron-store', '**/src-renderer/**', '**/src-preload/**', '**/shell/**'],
      'common/ and the interview engine are pure: no Node built-ins or Electron (file and process work lives in files/, resources/ and the features).',
    ),
  },
  {
    files: ['src-main/**/*.ts'],
    plugins: { layers },
    rules: { 'layers/main-layers': 'error', 'layers/engine-only-shared': 'error' },
  },
  {
    files: ['src-renderer/src/**/*.{ts,tsx}'],
    plugins: { layers },
    rules: { 'layers/renderer-layers': 'error' },
  },
);
