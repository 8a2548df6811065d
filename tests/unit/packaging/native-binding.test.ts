import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ELECTRON_SQLITE_BINDING, openDatabase, sqliteNativeBinding } from '../../../src-main/db/open-database';
import { createLogger } from '../../../src-main/logging/logger';

/*
 * Which better-sqlite3 addon the app loads: its own (Node's) build under
 * Node and in packaged apps, the Electron build from scripts/electron-native.ts
 * when it runs inside Electron from a checkout.
 */

const inNode = { ...process.versions };
delete (inNode as { electron?: string }).electron;
const inElectron = { ...inNode, electron: '45.6.1' } as NodeJS.ProcessVersions;

let dir: string;
let nodeModules: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'native-binding-'));
  nodeModules = join(dir, 'node_modules');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function placeElectronBuild(): string {
  const file = join(nodeModules, ...ELECTRON_SQLITE_BINDING);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, '');
  return file;
}

describe('sqliteNativeBinding', () => {
  it('uses better-sqlite3’s own build under Node, even when an Electron build exists', () => {
    placeElectronBuild();
    expect(sqliteNativeBinding({ versions: inNode, nodeModules })).toBeUndefined();
  });

  it('uses the Electron build inside Electron when it exists', () => {
    const file = placeElectronBuild();
    expect(sqliteNativeBinding({ versions: inElectron, nodeModules })).toBe(file);
  });

  it('falls back to better-sqlite3’s own build inside Electron when there is none (a packaged app, rebuilt by electron-builder)', () => {
    expect(sqliteNativeBinding({ versions: inElectron, nodeModules })).toBeUndefined();
    expect(sqliteNativeBinding({ versions: inElectron, nodeModules: undefined })).toBeUndefined();
  });

  it('looks beside the better-sqlite3 this code loads', () => {
    const expected = join(dirname(dirname(createRequire(import.meta.url).resolve('better-sqlite3/package.json'))), ...ELECTRON_SQLITE_BINDING);
    // Under vitest (Node) nothing is chosen; the path it would check is the repository's node_modules.
    expect(sqliteNativeBinding()).toBeUndefined();
    expect(expected).toBe(join(process.cwd(), 'node_modules', '.electron-native', 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node'));
  });
});

describe('openDatabase', () => {
  const logger = createLogger({ sink: () => {} });
  const migrationsDir = join(process.cwd(), 'migrations', 'sqlite');

  it('loads better-sqlite3 from the binding it is given', () => {
    // A copy of Node's own build, somewhere else: it loads, so the option is used as a path.
    const nodeBuild = join(dirname(createRequire(import.meta.url).resolve('better-sqlite3/package.json')), 'build', 'Release', 'better_sqlite3.node');
    const copy = join(dir, 'copy', 'better_sqlite3.node');
    mkdirSync(dirname(copy), { recursive: true });
    copyFileSync(nodeBuild, copy);
    const database = openDatabase({ file: join(dir, 'a.sqlite'), migrationsDir, logger, nativeBinding: copy });
    try {
      expect(database.sqlite.prepare('select 1 as one').get()).toEqual({ one: 1 });
    } finally {
      database.close();
    }
  });

  it('fails to open, saying why, when that binding cannot be loaded', () => {
    const bogus = join(dir, 'bogus', 'better_sqlite3.node');
    mkdirSync(dirname(bogus), { recursive: true });
    writeFileSync(bogus, 'not an addon');
    expect(() => openDatabase({ file: join(dir, 'b.sqlite'), migrationsDir, logger, nativeBinding: bogus })).toThrow(/could not be opened/);
  });
});
