import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A stand-in for an unpacked Electron distribution for Linux (what
 * electron-builder unpacks from electron-vX-linux-x64.zip), for
 * electron-builder's `electronDist` option, so `--dir` packaging runs where
 * the real zip cannot be downloaded.
 *
 * What electron-builder does with it (app-builder-lib 26, ElectronFramework.js
 * `unpack`/`beforeCopyExtraFiles`, platformPackager.js `doAddElectronFuses`):
 * an unpacked directory is copied as is into linux-unpacked/; its `electron`
 * is renamed to the app's executable name; LICENSE becomes
 * LICENSE.electron.txt; then @electron/fuses flips the fuses in that
 * executable. Nothing else is read from it, so this holds only those files
 * plus the small ones a real distribution has beside them.
 *
 * Rules it keeps, as strictly as the real binary:
 * - The fuse wire. @electron/fuses finds the wire by its sentinel and refuses
 *   a binary without one ("Could not find sentinel"); it reads a version byte
 *   and a length byte, and refuses to set a fuse past that length. The wire
 *   here is Electron's own, byte for byte as build/fuses/build.py lays it out
 *   (sentinel, version 1, length, one '0'/'1' per fuse), with the nine fuses
 *   and defaults of build/fuses/fuses.json5 in Electron 45: run_as_node 1,
 *   cookie_encryption 0, node_options 1, node_cli_inspect 1,
 *   embedded_asar_integrity_validation 0, only_load_app_from_asar 0,
 *   load_browser_process_specific_v8_snapshot 0,
 *   grant_file_protocol_extra_privileges 1, wasm_trap_handlers 1.
 * - `version` is the installed electron package's version, as in a real zip.
 * - It is not Electron: run, it says so and exits 1 rather than pretend.
 */
export const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
export const ELECTRON_45_FUSE_DEFAULTS = '101100011';

export function electronVersion(projectRoot: string): string {
  return (JSON.parse(readFileSync(join(projectRoot, 'node_modules', 'electron', 'package.json'), 'utf8')) as { version: string }).version;
}

export function createFakeElectronDist(dir: string, version: string, fuseDefaults = ELECTRON_45_FUSE_DEFAULTS): string {
  mkdirSync(join(dir, 'resources'), { recursive: true });
  mkdirSync(join(dir, 'locales'), { recursive: true });
  const executable = join(dir, 'electron');
  const wire = Buffer.concat([
    Buffer.from(FUSE_SENTINEL, 'latin1'),
    Buffer.from([1, fuseDefaults.length]),
    Buffer.from(fuseDefaults, 'latin1'),
  ]);
  writeFileSync(
    executable,
    Buffer.concat([
      Buffer.from(
        `#!/bin/sh\n# Stand-in for Electron ${version} (tests/integration/packaging): it cannot run an app.\n` +
          `echo "stand-in for Electron ${version}, not Electron: it cannot run an app" >&2\nexit 1\n# fuse wire: `,
        'latin1',
      ),
      wire,
      Buffer.from('\n', 'latin1'),
    ]),
  );
  chmodSync(executable, 0o755);
  writeFileSync(join(dir, 'version'), version);
  writeFileSync(join(dir, 'LICENSE'), 'Stand-in for Electron’s MIT licence.\n');
  writeFileSync(join(dir, 'LICENSES.chromium.html'), '<!doctype html><title>Stand-in for Chromium’s licences</title>\n');
  writeFileSync(join(dir, 'chrome-sandbox'), '');
  writeFileSync(join(dir, 'locales', 'en-US.pak'), '');
  return executable;
}
