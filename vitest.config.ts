import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { configDefaults, defineConfig } from 'vitest/config';
import { LongestFirstSequencer } from './tests/support/longest-first';

/** The Electron shell's tests run against a stand-in for `electron` (its binary cannot be downloaded here). */
const electronStandIn = fileURLToPath(new URL('./tests/fixtures/electron/index.ts', import.meta.url));

// Four projects so the README's one test command runs all of them, and a
// developer can run one kind alone (`npx vitest --project unit`).
export default defineConfig({
  test: {
    // vitest's own default is one worker fewer than CPUs: a single worker on a 2-core CI machine. The
    // unit, shell and integration tests spend much of their time waiting (PostgreSQL, spawned CLIs,
    // loopback servers, bcrypt on libuv's threads), so one more worker than CPUs keeps both cores busy.
    // `npm run test:e2e` asks for 4: each end-to-end file drives a Chromium of its own, and the voice files mostly wait on real-time audio.
    maxWorkers: availableParallelism() + 1,
    // The longest files start first, so none is left running alone at the end (tests/support/longest-first.ts).
    sequence: { sequencer: LongestFirstSequencer },
    // Off unless asked for (`npm run test:coverage`): V8 coverage slows the suite and `npm test` does not need it.
    coverage: {
      provider: 'v8',
      include: ['src-main/**/*.{ts,tsx}', 'shared/**/*.{ts,tsx}', 'src-renderer/**/*.{ts,tsx}'],
      // Tests and fixtures live under tests/, outside `include`; type declarations have no code to run.
      exclude: ['**/*.d.ts'],
      reporter: ['text', 'text-summary', 'json-summary'],
      // A failing test should not hide the figure: the run still exits non-zero.
      reportOnFailure: true,
      // .cache/ is ignored by git and lint, so a report never gets committed or linted by accident.
      reportsDirectory: '.cache/coverage',
    },
    projects: [
      {
        test: { name: 'unit', include: ['tests/unit/**/*.test.ts'], exclude: [...configDefaults.exclude, 'tests/unit/shell/**'], environment: 'node' },
      },
      {
        // Only here does `electron` mean the stand-in; every other project keeps the real package.
        resolve: { alias: [{ find: /^electron$/, replacement: electronStandIn }] },
        test: { name: 'shell', include: ['tests/unit/shell/**/*.test.ts'], environment: 'node' },
      },
      {
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          environment: 'node',
          testTimeout: 30_000,
          // Embedded PostgreSQL servers for the run, lent to one file at a time (tests/support/postgres-pool.ts).
          globalSetup: ['tests/support/postgres-global-setup.ts'],
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 90_000,
          hookTimeout: 90_000,
        },
      },
    ],
  },
});
