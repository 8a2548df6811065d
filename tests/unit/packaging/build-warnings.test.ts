import { createRequire } from 'node:module';
import { build, type Rollup } from 'vite';
import { describe, expect, it } from 'vitest';
import config, { quietZodCommentWarnings } from '../../../electron.vite.config';

/*
 * `npm run build` printed Rollup's INVALID_ANNOTATION warnings about zod's
 * own comments, which read like errors. electron.vite.config.ts leaves out
 * exactly that warning, for zod's files only.
 */

const zodEntry = createRequire(import.meta.url).resolve('zod');

/**
 * Bundles zod alone, as the preload and renderer builds do: every warning
 * Rollup raised, and those the filter passed on to be printed.
 */
async function bundleZod(): Promise<{ raised: Rollup.RollupLog[]; printed: Rollup.RollupLog[] }> {
  const raised: Rollup.RollupLog[] = [];
  const printed: Rollup.RollupLog[] = [];
  await build({
    configFile: false,
    logLevel: 'silent',
    build: {
      write: false,
      minify: false,
      rollupOptions: {
        input: zodEntry,
        preserveEntrySignatures: 'strict',
        onwarn: (warning) => {
          raised.push(warning);
          quietZodCommentWarnings(warning, (log) => {
            const value = typeof log === 'function' ? log() : log;
            printed.push(typeof value === 'string' ? { message: value } : value);
          });
        },
      },
    },
  });
  return { raised, printed };
}

describe('build warnings', () => {
  it('zod still makes Rollup warn about its comments (else this filter can go), and the filter leaves those out', async () => {
    const { raised, printed } = await bundleZod();
    expect(raised.filter((warning) => warning.code === 'INVALID_ANNOTATION').length).toBeGreaterThan(0);
    expect(printed.filter((warning) => warning.code === 'INVALID_ANNOTATION')).toEqual([]);
  }, 60_000);

  it('prints the same warning from any other module, and every other warning from zod', () => {
    const printed: unknown[] = [];
    const print = (log: unknown) => printed.push(log);
    const fromOurs = { code: 'INVALID_ANNOTATION', id: '/repo/src-renderer/src/app.ts', message: 'A comment …' };
    const otherFromZod = { code: 'CIRCULAR_DEPENDENCY', id: '/repo/node_modules/zod/v4/core/util.js', message: 'Circular dependency …' };
    const fromZod = { code: 'INVALID_ANNOTATION', id: 'C:\\repo\\node_modules\\zod\\v4\\core\\util.js', message: 'A comment …' };
    quietZodCommentWarnings(fromOurs, print);
    quietZodCommentWarnings(otherFromZod, print);
    quietZodCommentWarnings(fromZod, print);
    expect(printed).toEqual([fromOurs, otherFromZod]);
  });

  it('is used by both bundles that include zod', () => {
    const bundles = config as { preload?: { build?: { rollupOptions?: { onwarn?: unknown } } }; renderer?: { build?: { rollupOptions?: { onwarn?: unknown } } } };
    expect(bundles.preload?.build?.rollupOptions?.onwarn).toBe(quietZodCommentWarnings);
    expect(bundles.renderer?.build?.rollupOptions?.onwarn).toBe(quietZodCommentWarnings);
  });
});
