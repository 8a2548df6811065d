import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/*
 * Unit and integration tests mirror the code they test (tests/README.md):
 * tests/<kind>/<folder>/… tests src-main/<folder>/…, tests/<kind>/shared/…
 * tests shared/…, tests/unit/renderer tests src-renderer. A few folders test
 * something that is not one source folder; they are named here with why.
 */
const root = process.cwd();

const otherMirrors: Record<string, string> = { shared: 'shared', renderer: 'src-renderer/src' };

const crossCutting: Record<string, string> = {
  lint: 'the layering rules themselves (eslint.config.js, scripts/lint, tsconfig.*.json)',
  packaging: 'the build and installers (electron-builder.yml, scripts/, .github/workflows)',
  'fake-openai': 'the stand-in for OpenAI in tests/fixtures/fake-openai, held to the real API rules',
  'sync/convergence': 'several devices and the hosted database together, across the whole sync feature',
};

const folders = (dir: string) => (existsSync(dir) ? readdirSync(dir, { withFileTypes: true }).filter((entry) => entry.isDirectory() && entry.name !== 'support').map((entry) => entry.name) : []);

/** Where tests/<kind>/<path> should find its code, or null when nothing is there. */
function sourceOf(path: string): string | null {
  const [top, ...rest] = path.split('/');
  const base = otherMirrors[top!] ?? join('src-main', top!);
  const source = join(base, ...rest);
  return existsSync(join(root, source)) ? source : null;
}

describe('tests mirror the code they test', () => {
  for (const kind of ['unit', 'integration']) {
    it(`every folder in tests/${kind} names the source folder it tests, or says why not`, () => {
      const strays: string[] = [];
      const visit = (relative: string) => {
        for (const name of folders(join(root, 'tests', kind, relative))) {
          const path = relative ? `${relative}/${name}` : name;
          if (crossCutting[path]) continue;
          if (!sourceOf(path)) strays.push(`tests/${kind}/${path}`);
          else visit(path);
        }
      };
      visit('');
      expect(strays, 'move these beside the mirror of their code, or name them in crossCutting with the reason').toEqual([]);
    });
  }

  it('would notice a folder that mirrors nothing', () => {
    expect(sourceOf('interview/engine')).toBe(join('src-main', 'interview', 'engine'));
    expect(sourceOf('shared/domain')).toBe(join('shared', 'domain'));
    expect(sourceOf('interview-service')).toBeNull();
    expect(sourceOf('sync-client')).toBeNull();
  });
});
