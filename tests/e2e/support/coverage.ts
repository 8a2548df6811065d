import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';

/**
 * Renderer coverage for `npm run test:coverage`: with KIOSK_E2E_COVERAGE_DIR
 * set, every page records V8's JS coverage from its first load, and when its
 * context closes the raw entries (script URL and function ranges, without the
 * script text) are written there as one JSON file; scripts/coverage-report.ts
 * maps them through the bundle's source maps to src-renderer/. Unset, nothing
 * happens.
 */
export async function recordCoverage(page: Page): Promise<void> {
  const dir = process.env.KIOSK_E2E_COVERAGE_DIR;
  if (!dir) return;
  await page.coverage.startJSCoverage({ resetOnNavigation: false });
  const context = page.context();
  const close = context.close.bind(context);
  let saved = false;
  context.close = async (options) => {
    if (!saved && !page.isClosed()) {
      saved = true;
      // A page that crashed or whose browser is gone has nothing more to give.
      const entries = await page.coverage.stopJSCoverage().catch(() => []);
      const scripts = entries.filter((entry) => entry.url.startsWith('http')).map(({ url, functions }) => ({ url, functions }));
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, `page-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}.json`), JSON.stringify({ result: scripts }));
    }
    return close(options);
  };
}
