import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

/** The layering rule in eslint.config.js, proved on snippets placed where they would break it. */
const eslint = new ESLint({ cwd: process.cwd() });

// The first lint loads the config, its plugins and the TypeScript parser: seconds of CPU, more with other test files running beside this one.
beforeAll(() => eslint.lintText('export {};\n', { filePath: 'src-renderer/src/screens/Example.tsx' }), 60_000);

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
    expect(await restrictedImportErrors('src-main/accounts/example.ts', code)).toHaveLength(1);
    expect(await restrictedImportErrors('src-main/shell/example.ts', code)).toHaveLength(0);
  });

  it('keeps electron out of the core, which runs in a utility process and under plain Node; only its settings file may load electron-store', async () => {
    const electron = "import { app } from 'electron';\nexport const x = app;\n";
    const store = "import Store from 'electron-store';\nexport const x = Store;\n";
    expect(await restrictedImportErrors('src-main/core-host/example.ts', electron)).toHaveLength(1);
    expect(await restrictedImportErrors('src-main/core-host/electron-settings-backend.ts', electron)).toHaveLength(1);
    expect(await restrictedImportErrors('src-main/core-host/example.ts', store)).toHaveLength(1);
    expect(await restrictedImportErrors('src-main/core-host/electron-settings-backend.ts', store)).toHaveLength(0);
  });

  it('keeps shared/ free of Node and process folders', async () => {
    expect(await restrictedImportErrors('shared/example.ts', "import { join } from 'node:path';\nexport const x = join;\n")).toHaveLength(1);
  });
});

/** The messages of one rule for a snippet placed at `filePath`. */
async function ruleErrors(ruleId: string, filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === ruleId).map((m) => m.message);
}

const importOf = (specifier: string) => `import * as m from '${specifier}';\nexport const x = m;\n`;

describe('the folder order inside main (scripts/lint/folder-layers.js)', () => {
  const mainRule = (file: string, specifier: string) => ruleErrors('layers/main-layers', file, importOf(specifier));

  it('lets a folder import only folders below it', async () => {
    expect(await mainRule('src-main/ipc/handlers/example.ts', '../../interview/interview-feature')).toEqual([]);
    expect(await mainRule('src-main/repositories/example.ts', '../db/open-database')).toEqual([]);
    expect(await mainRule('src-main/interview/example.ts', './engine/index')).toEqual([]);
  });

  it('refuses an upward import, naming both folders and the way out', async () => {
    const [message, ...rest] = await mainRule('src-main/repositories/example.ts', '../app/create-app');
    expect(rest).toEqual([]);
    expect(message).toContain('src-main/repositories (repositories) may not import src-main/app');
    expect(message).toContain('upward');
    expect(await mainRule('src-main/accounts/example.ts', '../ipc/event-hub')).toHaveLength(1);
    expect(await mainRule('src-main/ipc/handlers/example.ts', '../../app/create-app')).toHaveLength(1);
  });

  it('refuses one feature importing another (they meet in the composition root)', async () => {
    const [message] = await mainRule('src-main/sync/example.ts', '../resumes/resume-intake');
    expect(message).toContain('sideways');
    expect(await mainRule('src-main/assessment/example.ts', '../interview/interview-feature')).toHaveLength(1);
  });

  it('keeps the shell and the core apart: they meet only in ipc/ (the protocol and the client)', async () => {
    const [message] = await mainRule('src-main/shell/example.ts', '../core-host/serve-core');
    expect(message).toContain('sideways, within entry points');
    expect(await mainRule('src-main/core-host/example.ts', '../shell/downloads')).toHaveLength(1);
    expect(await mainRule('src-main/shell/example.ts', '../ipc/core-client')).toEqual([]);
    expect(await mainRule('src-main/core-host/example.ts', '../app/create-app')).toEqual([]);
  });

  it('refuses a folder nobody placed in the order', async () => {
    const [message] = await mainRule('src-main/helpers/example.ts', '../db/ids');
    expect(message).toContain('src-main/helpers is not in the declared folder order');
  });

  it('keeps the interview engine to itself and shared/', async () => {
    const engineRule = (specifier: string) => ruleErrors('layers/engine-only-shared', 'src-main/interview/engine/example.ts', importOf(specifier));
    expect(await engineRule('../../providers/ai/types')).toHaveLength(1);
    expect(await engineRule('../interview-feature')).toHaveLength(1);
    expect(await engineRule('../../../shared/domain/interview')).toEqual([]);
    expect(await engineRule('./memory')).toEqual([]);
  });

  it('keeps common/ and the engine free of Node built-ins', async () => {
    expect(await restrictedImportErrors('src-main/interview/engine/example.ts', importOf('node:util'))).toHaveLength(1);
    expect(await restrictedImportErrors('src-main/common/example.ts', importOf('node:fs'))).toHaveLength(1);
    expect(await restrictedImportErrors('src-main/files/example.ts', importOf('node:fs'))).toEqual([]);
  });
});

describe('the folder order inside the renderer', () => {
  const rendererRule = (file: string, specifier: string) => ruleErrors('layers/renderer-layers', file, importOf(specifier));

  it('lets screens use components and hooks, and components use hooks', async () => {
    expect(await rendererRule('src-renderer/src/screens/Example.tsx', '../components/TextField')).toEqual([]);
    expect(await rendererRule('src-renderer/src/components/Example.tsx', '../hooks/useFocusOnMount')).toEqual([]);
  });

  it('refuses a hook importing a component, and a component importing a screen', async () => {
    expect(await rendererRule('src-renderer/src/hooks/useExample.ts', '../components/NewAccountFields')).toHaveLength(1);
    expect(await rendererRule('src-renderer/src/components/Example.tsx', '../screens/SetupScreen')).toHaveLength(1);
  });
});
