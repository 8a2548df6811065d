import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

/**
 * Layering by environment, as VS Code does it: each folder may import only
 * what runs where it runs.
 *   shared/        runs everywhere: no Node, no Electron, no DOM-only code, no src-*
 *   src-renderer/  the sandboxed page: shared/ and UI packages only
 *   src-preload/   Electron's preload: electron + shared/ only
 *   src-main/      Node; only src-main/shell/ may import electron
 */
const nodeBuiltins = ['node:*', 'fs', 'fs/*', 'path', 'child_process', 'os', 'crypto', 'net', 'http', 'https', 'worker_threads', 'url'];

const restrict = (patterns, message) => ({
  'no-restricted-imports': ['error', { patterns: [{ group: patterns, message }] }],
});

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'migrations/**', '.data/**'] },
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
    ignores: ['src-main/shell/**'],
    rules: restrict(
      ['electron', 'electron-store', '**/src-renderer/**', '**/src-preload/**', '**/shell/**'],
      'Only src-main/shell/ may touch Electron; everything else in main must run under plain Node (vitest, the browser host).',
    ),
  },
);
