import { existsSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, posix, resolve, win32 } from 'node:path';
import { providerSettingsSchema, type AppSettings, type NetworkSettings } from '../../../shared/domain/settings';
import { createLogger } from '../../logging/logger';
import type { Logger } from '../../logging/logger-types';
import type { ProviderSettings } from '../../providers/ai/openai-client';
import { MemorySecretStore } from '../../secrets/memory-secret-store';
import { openSecretStore } from '../../secrets/open-secret-store';
import { SecretStoreError, type SecretStore } from '../../secrets/secret-store';
import { SettingsError } from '../../settings/errors';
import { FileSettingsBackend } from '../../settings/file-settings-backend';
import type { SettingsBackend } from '../../settings/settings-backend';
import { osPolicySource } from '../../settings/policy/os-policy-source';
import { defaultMachineSettingsPath, SettingsService, type SettingsView } from '../../settings/settings-service';
import { UsageError } from '../cli-command';

/**
 * What a command that calls the AI provider needs, found the way the app
 * finds it: the device's provider settings (defaults ← the user settings
 * file in the data folder ← IT's machine settings file ← IT's policy) and
 * the API key.
 * Nothing here writes: a command run by support must leave the device as
 * it found it.
 */

/** Read from the environment, never a flag: a flag would show the key in the process list and shell history. */
export const API_KEY_ENV = 'TEAMIFIED_OPENAI_API_KEY';
/** Moves the app's data folder; the Electron shell honours it too (src-main/shell/main.ts). */
export const DATA_DIR_ENV = 'TEAMIFIED_DATA_DIR';
/** electron-builder's productName: Electron names the app's data (userData) folder after it. */
const APP_FOLDER = 'Teamified Kiosk';
/** The user settings file in the data folder: electron-store's in the app, the browser host's plain file. */
const SETTINGS_FILE = 'settings.json';
/** electron-store's own bookkeeping in that file; the app's settings backend drops it too. */
const STORE_BOOKKEEPING_KEY = '__internal__';

export const PROVIDER_OPTIONS = ['--data-dir', '--base-url'] as const;
export const PROVIDER_SYNOPSIS = '[--data-dir DIR] [--base-url URL]';

/** The CLI's own output says what went wrong; the app's log lines would only add noise to it. */
const quietLogger: Logger = createLogger({ sink: () => {} });

/** Where the installed app keeps its data: Electron's userData folder on each OS, unless TEAMIFIED_DATA_DIR moves it. */
export function defaultDataDir(platform: NodeJS.Platform = process.platform, env: NodeJS.ProcessEnv = process.env, home: string = homedir()): string {
  const override = env[DATA_DIR_ENV]?.trim();
  if (override) return override;
  switch (platform) {
    case 'win32':
      return win32.join(env.APPDATA ?? win32.join(home, 'AppData', 'Roaming'), APP_FOLDER);
    case 'darwin':
      return posix.join(home, 'Library', 'Application Support', APP_FOLDER);
    default:
      return posix.join(env.XDG_CONFIG_HOME || posix.join(home, '.config'), APP_FOLDER);
  }
}

/** For `--help`: where the settings and the key come from. */
export function providerHelp(): string {
  return [
    'Provider options:',
    "  --data-dir DIR   the app's data folder, whose settings.json holds the device settings. Default:",
    `                   ${DATA_DIR_ENV} when set, else the installed app's folder, here ${defaultDataDir()}`,
    '                   (the browser host keeps its data in .data/browser-host).',
    '  --base-url URL   call this OpenAI-compatible address instead of the configured one.',
    '',
    'Settings are read as the app reads them: built-in defaults, then DIR/settings.json, then the IT machine',
    `settings file (${defaultMachineSettingsPath()}), then IT's policy (${osPolicySource().location}),`,
    'which wins. Nothing is written.',
    `The API key comes from the ${API_KEY_ENV} environment variable when it is set, else from this user's`,
    'OS keychain, where Device settings → Stored secrets puts it. It is never printed and never a flag.',
  ].join('\n');
}

export interface SettingsFile {
  path: string;
  found: boolean;
}

export interface ProviderSetup {
  dataDir: string;
  settingsFile: SettingsFile;
  machineSettingsFile: SettingsFile;
  /** The provider settings the app would use, with --base-url applied. */
  provider: ProviderSettings;
  baseUrlFrom: 'option' | 'settings';
  /** Where the key came from, for the report (never the key itself). */
  keySource: string;
  /** The same provider settings, and the device's network settings (proxy, CA bundle), as a SettingsService, in memory, for createAiProviders. */
  settings: SettingsService;
  secrets: SecretStore;
  logger: Logger;
}

export type SetupResult = { ok: true; setup: ProviderSetup } | { ok: false; message: string };

/**
 * Reads the settings and the key for `--data-dir` / `--base-url` (already
 * parsed into `values`). Bad options throw UsageError; a settings file or
 * key that cannot be used is a result with a message saying what to do.
 */
export async function loadProviderSetup(values: ReadonlyMap<string, string>, env: NodeJS.ProcessEnv = process.env): Promise<SetupResult> {
  const dataDir = dataDirFrom(values, env);
  const baseUrl = values.get('--base-url');
  if (baseUrl !== undefined && !providerSettingsSchema.shape.baseUrl.safeParse(baseUrl).success) {
    throw new UsageError('--base-url must be an http:// or https:// address, e.g. https://api.openai.com/v1');
  }

  const settingsFile = fileAt(join(dataDir, SETTINGS_FILE));
  const machineSettingsFile = fileAt(defaultMachineSettingsPath(process.platform, env));
  let configured: ProviderSettings;
  let network: NetworkSettings;
  try {
    ({ provider: configured, network } = readDeviceSettings(settingsFile.path, machineSettingsFile.path).settings);
  } catch (error) {
    // Its message names the file and says how to fix it.
    if (error instanceof SettingsError) return { ok: false, message: error.message };
    throw error;
  }
  const key = await openKey(env);
  if (!key.ok) return key;

  const provider = { ...configured, ...(baseUrl !== undefined ? { baseUrl } : {}) };
  return {
    ok: true,
    setup: {
      dataDir,
      settingsFile,
      machineSettingsFile,
      provider,
      baseUrlFrom: baseUrl === undefined ? 'settings' : 'option',
      keySource: key.source,
      // createAiProviders reads the provider section (and the network's) from a SettingsService on every call: this one holds them, in memory.
      settings: new SettingsService({ backend: readOnly(undefined, () => ({ provider, network })), machineFilePath: null, logger: quietLogger }),
      secrets: key.secrets,
      logger: quietLogger,
    },
  };
}

/** The data folder `--data-dir` names (it must exist), else the installed app's. */
export function dataDirFrom(values: ReadonlyMap<string, string>, env: NodeJS.ProcessEnv = process.env): string {
  const given = values.get('--data-dir');
  const dataDir = resolve(given ?? defaultDataDir(process.platform, env));
  if (given !== undefined && !isDirectory(dataDir)) throw new UsageError(`No such folder: ${dataDir}`);
  return dataDir;
}

/**
 * All of the device's settings as the app reads them, for `--data-dir`
 * (parsed into `values`), for commands that describe the installation;
 * a settings file the app would refuse is a message saying what is wrong.
 */
export function loadDeviceSettings(
  values: ReadonlyMap<string, string>,
  env: NodeJS.ProcessEnv = process.env,
): { ok: true; dataDir: string; settings: AppSettings; view: SettingsView } | { ok: false; message: string } {
  const dataDir = dataDirFrom(values, env);
  try {
    // view: where each value comes from (default, user, IT's machine file, IT's policy), for the diagnostics bundle.
    const view = readDeviceSettings(join(dataDir, SETTINGS_FILE), defaultMachineSettingsPath(process.platform, env));
    return { ok: true, dataDir, settings: view.settings, view };
  } catch (error) {
    if (error instanceof SettingsError) return { ok: false, message: error.message };
    throw error;
  }
}

/**
 * The device's layered settings as the app reads them at start-up, IT's
 * policy included (the OS's own source, as core-host/open-settings.ts
 * takes it), read once; throws SettingsError for a file the app itself
 * would refuse.
 */
function readDeviceSettings(settingsFile: string, machineSettingsFile: string): SettingsView {
  const file = new FileSettingsBackend(settingsFile);
  const read = () => {
    const raw = file.read();
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return raw;
    const { [STORE_BOOKKEEPING_KEY]: _bookkeeping, ...settings } = raw as Record<string, unknown>;
    return settings;
  };
  const service = new SettingsService({ backend: readOnly(settingsFile, read), machineFilePath: machineSettingsFile, policy: { source: osPolicySource() }, logger: quietLogger });
  try {
    return service.view();
  } finally {
    // A command reads once: the policy's watch would only keep it running.
    service.close();
  }
}

function readOnly(location: string | undefined, read: () => unknown): SettingsBackend {
  return {
    ...(location !== undefined ? { location } : {}),
    read,
    write() {
      throw new Error('The command line never changes settings.');
    },
  };
}

type KeyResult = { ok: true; secrets: SecretStore; source: string } | { ok: false; message: string };

const STORE_KEY_HELP =
  `An administrator stores it in the app under Device settings → Stored secrets → "OpenAI API key" (it goes to the OS keychain ` +
  `of the user the app runs as: run this command as that user), or give it to this command in the ${API_KEY_ENV} environment variable.`;

/** The environment's key when there is one (it wins), else the keychain's. */
async function openKey(env: NodeJS.ProcessEnv): Promise<KeyResult> {
  const fromEnvironment = env[API_KEY_ENV]?.trim();
  try {
    if (fromEnvironment) {
      return { ok: true, secrets: new MemorySecretStore({ 'openai-api-key': fromEnvironment }), source: `the ${API_KEY_ENV} environment variable` };
    }
    const keychain = await openSecretStore({ prefer: 'keychain', logger: quietLogger });
    if (await keychain.get('openai-api-key')) return { ok: true, secrets: keychain, source: `the OS keychain (${keychain.backend})` };
  } catch (error) {
    // SecretStoreError messages never hold the value.
    if (!(error instanceof SecretStoreError)) throw error;
    const where = fromEnvironment ? `The key in ${API_KEY_ENV} cannot be used` : 'The OpenAI API key could not be read from the OS keychain';
    return { ok: false, message: `${where}: ${error.message} ${STORE_KEY_HELP}` };
  }
  return { ok: false, message: `No OpenAI API key is stored in this user's OS keychain. ${STORE_KEY_HELP}` };
}

function fileAt(path: string): SettingsFile {
  return { path, found: existsSync(path) };
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
