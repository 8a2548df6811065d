import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadBuilderConfig, parseYaml, PROJECT_ROOT, requireFromBuilder } from '../../../scripts/builder-config';

/*
 * electron-builder.yml, checked against electron-builder's own JSON schema
 * (node_modules/app-builder-lib/scheme.json, with the ajv electron-builder
 * validates with, but without its type coercion, so "true" is not a
 * boolean here) and against what IT expects of the installers.
 */

interface Ajv {
  compile(schema: unknown): ((data: unknown) => boolean) & { errors?: Array<{ instancePath: string; message?: string; params: unknown }> | null };
}
type AjvClass = new (options: Record<string, unknown>) => Ajv;

let compiled: ReturnType<Ajv['compile']> | undefined;
function validator(): ReturnType<Ajv['compile']> {
  if (compiled) return compiled;
  const fromBuilder = requireFromBuilder();
  const ajvModule = fromBuilder('ajv') as { default: AjvClass };
  const schema = JSON.parse(readFileSync(fromBuilder.resolve('app-builder-lib/scheme.json'), 'utf8')) as unknown;
  // strict: false because scheme.json uses ajv-keywords' `typeof`, as electron-builder's own validator allows.
  compiled = new ajvModule.default({ allErrors: true, strict: false }).compile(schema);
  return compiled;
}

function schemaErrors(config: unknown): string[] {
  const validate = validator();
  return validate(config) ? [] : (validate.errors ?? []).map((error) => `${error.instancePath || '/'} ${error.message ?? ''} ${JSON.stringify(error.params)}`);
}

/** The <key>/<true|false/> pairs of a plist's top dict, comments removed. */
function plistBooleans(file: string): Record<string, boolean> {
  const xml = readFileSync(file, 'utf8').replace(/<!--[\s\S]*?-->/g, '');
  expect(xml).toMatch(/^<\?xml version="1\.0" encoding="UTF-8"\?>\s*<!DOCTYPE plist PUBLIC "-\/\/Apple\/\/DTD PLIST 1\.0\/\/EN"/);
  const body = xml.slice(xml.indexOf('<dict>') + '<dict>'.length, xml.lastIndexOf('</dict>'));
  const pairs = [...body.matchAll(/<key>([^<]+)<\/key>\s*<(true|false)\s*\/>/g)];
  // Every element in the dict is one of those pairs: no stray values, no nested dicts.
  expect(body.replace(/<key>[^<]+<\/key>\s*<(true|false)\s*\/>/g, '').trim()).toBe('');
  return Object.fromEntries(pairs.map(([, key, value]) => [key!, value === 'true']));
}

const config = loadBuilderConfig();
type Target = string | { target: string; arch?: string[] };
const targetNames = (targets: unknown): string[] => (targets as Target[]).map((target) => (typeof target === 'string' ? target : target.target));

describe('electron-builder.yml', () => {
  it('is valid against electron-builder’s own schema', () => {
    expect(schemaErrors(config)).toEqual([]);
  });

  it('is checked strictly enough to catch a misspelt option', () => {
    expect(schemaErrors({ ...config, mac: { ...(config.mac as object), entitlement: 'x.plist' } }).join('\n')).toMatch(/additional properties.*"entitlement"/);
    expect(schemaErrors({ ...config, electronFuses: { ...config.electronFuses, runAsnode: false } }).join('\n')).toMatch(/runAsnode/);
    expect(schemaErrors({ ...config, electronFuses: { ...config.electronFuses, runAsNode: 'false' } }).join('\n')).toMatch(/boolean/);
    expect(schemaErrors(parseYaml('msi:\n  perMachin: true\n')).join('\n')).toMatch(/perMachin/);
  });

  it('sets the fuses IT asked for', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableCookieEncryption: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
      enableEmbeddedAsarIntegrityValidation: true,
    });
  });

  it('signs macOS builds with the hardened runtime and microphone entitlements in both files', () => {
    const mac = config.mac as Record<string, unknown>;
    expect(mac.hardenedRuntime).toBe(true);
    expect(mac.notarize).toBe(true);
    expect(mac.entitlements).toBe('resources/entitlements.mac.plist');
    expect(mac.entitlementsInherit).toBe('resources/entitlements.mac.inherit.plist');
    for (const file of [mac.entitlements, mac.entitlementsInherit] as string[]) {
      // JIT for V8 and the microphone; nothing that widens the hardened runtime further.
      expect(plistBooleans(join(PROJECT_ROOT, file)), file).toEqual({
        'com.apple.security.cs.allow-jit': true,
        'com.apple.security.device.audio-input': true,
      });
    }
    const usage = (mac.extendInfo as Record<string, unknown>).NSMicrophoneUsageDescription;
    expect(usage).toBe('Teamified Kiosk records your spoken answers during the interview.');
  });

  it('keeps signing secrets out of the file (they come from the environment)', () => {
    const text = readFileSync(join(PROJECT_ROOT, 'electron-builder.yml'), 'utf8').replace(/#.*$/gm, '');
    expect(text).not.toMatch(/cscLink|cscKeyPassword|certificatePassword|certificateFile|azureSignOptions|appleId|identity:/i);
  });

  it('has a publish configuration, so every build writes the channel files and app-update.yml updates need, naming no real address', () => {
    // Without one electron-builder writes neither (PublishManager: no publish configs, no update info, no app-update.yml).
    expect(config.publish).toEqual({ provider: 'generic', url: 'https://updates.invalid/teamified-kiosk/' });
    // .invalid never resolves (RFC 2606): the devices' feed is IT's updates.feedUrl, never this.
    expect(new URL((config.publish as { url: string }).url).hostname.endsWith('.invalid')).toBe(true);
  });

  it('builds the installers each kind of device gets', () => {
    const mac = config.mac as { target: Target[] };
    expect(targetNames(mac.target).sort()).toEqual(['dmg', 'zip']);
    expect(targetNames((config.win as { target: Target[] }).target).sort()).toEqual(['msi', 'nsis']);
    expect(targetNames((config.linux as { target: Target[] }).target).sort()).toEqual(['AppImage', 'deb']);
    // Kiosks: MSI per machine, silent (no UI to answer), not started by the installer.
    expect(config.msi).toMatchObject({ perMachine: true, oneClick: true, runAfterFinish: false });
    // Laptops: NSIS asks per user (self-updating, no admin) or per machine.
    expect(config.nsis).toMatchObject({ oneClick: false, perMachine: false, allowElevation: true });
    // The deb's maintainer field is required by electron-builder's deb target.
    expect((config.linux as { maintainer?: string }).maintainer).toMatch(/^.+ <[^@\s]+@[^@\s]+>$/);
  });

  it('packages the bundles, the SQLite migrations, the interview resources (the question bank too) and the candidate’s notice, with native addons unpacked', () => {
    expect(config.files).toEqual(['out/**', 'package.json', '!**/*.map']);
    expect(config.extraResources).toEqual([
      { from: 'migrations/sqlite', to: 'migrations/sqlite' },
      { from: 'resources', to: 'resources', filter: ['prompts/**', 'roles/**', 'question-bank/**', 'notice/**'] },
    ]);
    expect(config.asarUnpack).toEqual(['**/*.node']);
    expect(config.npmRebuild).toBe(true);
    expect((config.directories as { buildResources: string }).buildResources).toBe('resources');
  });

  it('has a square 1024-pixel RGBA icon in the build resources', () => {
    const png = readFileSync(join(PROJECT_ROOT, 'resources', 'icon.png'));
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(png.toString('latin1', 12, 16)).toBe('IHDR');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([1024, 1024]);
    expect([png[24], png[25]]).toEqual([8, 6]); // 8-bit RGBA
  });
});

/** Package names a folder's TypeScript imports (bare specifiers only). */
function importsOf(dir: string): Set<string> {
  const names = new Set<string>();
  for (const entry of readdirSync(join(PROJECT_ROOT, dir), { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !/\.(ts|tsx)$/.test(entry.name)) continue;
    const code = readFileSync(join(entry.parentPath, entry.name), 'utf8');
    for (const match of code.matchAll(/(?:\bfrom\s+|\bimport\s*\(\s*|\bimport\s+)'([^'./][^']*)'/g)) {
      const parts = match[1]!.split('/');
      if (!match[1]!.startsWith('node:')) names.add(match[1]!.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!);
    }
  }
  return names;
}

describe('package.json dependencies', () => {
  const pkg = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as Record<string, Record<string, string> | undefined>;
  const runtime = new Set([...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.optionalDependencies ?? {})]);

  it('lists no package that only the renderer or preload bundle uses (Vite bundles those)', () => {
    const mainImports = new Set([...importsOf('src-main'), ...importsOf('shared')]);
    const bundledOnly = [...importsOf('src-renderer'), ...importsOf('src-preload')].filter((name) => !mainImports.has(name) && name !== 'electron');
    expect(bundledOnly).toEqual(expect.arrayContaining(['react', 'react-dom', '@ricky0123/vad-web']));
    for (const name of bundledOnly) {
      expect(runtime, name).not.toContain(name);
      expect(Object.keys(pkg.devDependencies ?? {}), name).toContain(name);
    }
  });

  it('keeps electron and the build tools out of the packaged dependencies', () => {
    for (const name of ['electron', 'electron-builder', 'electron-vite', 'vite', 'vitest', 'esbuild', 'tsx']) expect(runtime, name).not.toContain(name);
  });

  it('packages ws, which live transcription’s WebSocket client needs in the core', () => {
    expect(runtime).toContain('ws');
  });
});
