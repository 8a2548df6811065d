import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

/** The layering rule in eslint.config.js, proved on snippets placed where they would break it. */
const eslint = new ESLint({ cwd: process.cwd() });

async function restrictedImportErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('the lint rule that keeps each process in its lane', () => {
  it('keeps the renderer away from Node, Electron and src-main', async () => {
    const file = 'src-renderer/src/screens/Example.tsx';
    expect(await restrictedImportErrors(file, "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n")).toHaveLength(1);
    expect(await restrictedImportErrors(file, "import { ipcRenderer } from 'electron';\nexport const x = ipcRenderer;\n")).toHaveLength(1);
    expect(await restrictedImportErrors(file, "import { createApp } from '../../../src-main/app/create-app';\nexport const x = createApp;\n")).toHaveLength(1);
    expect(await restrictedImportErrors(file, "import { channels } from '../../../shared/ipc/contract';\nexport const x = channels;\n")).toHaveLength(0);
  });

  it('refuses every Node built-in in the renderer, not only the common ones', async () => {
    const file = 'src-renderer/src/screens/Example.tsx';
    for (const name of ['events', 'buffer', 'node:stream', 'util', 'zlib', 'stream/web', 'readline']) {
      expect(await restrictedImportErrors(file, `import * as m from '${name}';\nexport const x = m;\n`), name).toHaveLength(1);
    }
  });

  it('keeps electron inside src-main/shell', async () => {
    const code = "import { app } from 'electron';\nexport const x = app;\n";
    expect(await restrictedImportErrors('src-main/services/example.ts', code)).toHaveLength(1);
    expect(await restrictedImportErrors('src-main/shell/example.ts', code)).toHaveLength(0);
  });

  it('keeps shared/ free of Node and process folders', async () => {
    expect(await restrictedImportErrors('shared/example.ts', "import { join } from 'node:path';\nexport const x = join;\n")).toHaveLength(1);
  });
});
