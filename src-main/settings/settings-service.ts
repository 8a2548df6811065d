import { readFileSync } from 'node:fs';
import { posix, win32 } from 'node:path';
import { reviewProviderSettings } from '../../shared/domain/provider-settings-review';
import { readSetting } from '../../shared/domain/setting-kinds';
import { appSettingsSchema, settingsPatchSchema, type AppSettings, type SettingsPatch } from '../../shared/domain/settings';
import { settingDeclarations, settingKeys, type SettingKey } from '../../shared/domain/settings-policy';
import type { SettingSource, SettingsView } from '../../shared/ipc/contract';
import type { Logger } from '../logging/logger-types';
import { describeIssues, errorText, isErrno, SettingsError } from './errors';
import { PolicyLayer, samePolicyState, type PolicyState } from './policy/policy-layer';
import { PolicyMemoryFile } from './policy/policy-memory';
import type { PolicyReading, PolicySource } from './policy/policy-source';
import { PolicyWatcher } from './policy/policy-watcher';
import type { SettingsBackend } from './settings-backend';

export type { SettingsView };
export type { SettingsBackend };

export interface SettingsServiceOptions {
  /** The user's own layer (admin screen edits). */
  backend: SettingsBackend;
  /** The IT-managed machine-wide file; null when there is none to honour. */
  machineFilePath: string | null;
  /**
   * IT's central policy (Group Policy, MDM, /etc), above the machine file;
   * read at construction and then watched until close(). Absent: no policy
   * (tests, the CLI).
   */
  policy?: {
    source: PolicySource;
    pollMs?: number;
    releaseAfterMs?: number;
    /** Where the last good policy is kept for the next start (beside the settings store); absent: not kept (tests, the CLI). */
    lastGoodPath?: string;
  } | null;
  logger: Logger;
}

export type SettingsListener = (view: SettingsView) => void;

/** Set by IT (deployment tooling, MDM) to point a device or a test at another machine file. */
export const MACHINE_SETTINGS_ENV = 'TEAMIFIED_MACHINE_SETTINGS';

/**
 * Where IT puts the machine-wide settings file on each OS: a place users
 * cannot write, so what IT fixes there stays fixed. TEAMIFIED_MACHINE_SETTINGS
 * moves it unless `allowOverride` is false, as the packaged app asks: there
 * anyone starting the app could otherwise bring a settings file of their own.
 */
export function defaultMachineSettingsPath(
  platform: NodeJS.Platform = process.platform,
  env: NodeJS.ProcessEnv = process.env,
  options: { allowOverride?: boolean } = {},
): string {
  const override = options.allowOverride === false ? undefined : env[MACHINE_SETTINGS_ENV]?.trim();
  if (override) return override;
  switch (platform) {
    case 'win32':
      return win32.join(env.ProgramData ?? env.PROGRAMDATA ?? 'C:\\ProgramData', 'Teamified Kiosk', 'settings.json');
    case 'darwin':
      return '/Library/Application Support/Teamified Kiosk/settings.json';
    default:
      return posix.join('/etc', 'teamified-kiosk', 'settings.json');
  }
}

/**
 * The device settings, in four layers: built-in defaults, then the user's
 * own values, then the machine-wide file IT manages, then IT's central
 * policy, which wins. Only the user layer is ever written. Both files are
 * read once, at construction: a broken file stops start-up with a message
 * saying which file and why, rather than the app quietly running on settings
 * nobody chose. Policy is different: it changes while the app runs, so it is
 * watched, and a bad policy value is reported and skipped (the last good
 * value kept), never stopping start-up or a sitting.
 */
export class SettingsService {
  private readonly backend: SettingsBackend;
  private readonly machineFilePath: string | null;
  private readonly logger: Logger;
  private readonly machine: SettingsPatch;
  private readonly managedKeys: string[];
  private user: SettingsPatch;
  private effective: AppSettings;
  private readonly listeners = new Set<SettingsListener>();
  private readonly policyLayer: PolicyLayer | null;
  private policy: PolicyState = { layer: {}, names: {}, problems: [] };
  private readonly policyWatcher: PolicyWatcher | null;
  private readonly policyMemory: PolicyMemoryFile | null;

  constructor(options: SettingsServiceOptions) {
    this.backend = options.backend;
    this.machineFilePath = options.machineFilePath;
    this.logger = options.logger;
    this.machine = this.machineFilePath === null ? {} : readMachineLayer(this.machineFilePath);
    this.managedKeys = leafKeys(this.machine);
    this.user = readUserLayer(this.backend);
    this.policyMemory = options.policy?.lastGoodPath ? new PolicyMemoryFile(options.policy.lastGoodPath, options.policy.source.location) : null;
    const memory = this.policyMemory?.read() ?? { remembered: {}, problem: null };
    if (memory.problem) this.logger.warn('policy memory unusable', { problem: memory.problem });
    this.policyLayer = options.policy ? new PolicyLayer(options.policy.source, { releaseAfterMs: options.policy.releaseAfterMs, remembered: memory.remembered }) : null;
    if (this.policyLayer) {
      this.policy = this.policyLayer.apply(this.policyLayer.source.readNow());
      this.rememberPolicy();
    }
    this.effective = combine(this.user, this.machine, this.policy.layer);
    this.logger.info('settings loaded', {
      machineFilePath: this.machineFilePath,
      managedKeys: this.managedKeys,
      userKeys: leafKeys(this.user),
      policyLocation: this.policyLayer?.source.location ?? null,
      policyKeys: Object.keys(this.policy.names),
    });
    this.logPolicyProblems([]);
    this.policyWatcher =
      options.policy && this.policyLayer
        ? new PolicyWatcher(options.policy.source, (reading) => this.policyRead(reading), this.logger, options.policy.pollMs)
        : null;
    this.policyWatcher?.start();
    this.confirmReleaseSoon();
  }

  /** Stops watching the policy. */
  close(): void {
    this.policyWatcher?.stop();
  }

  get(): AppSettings {
    return structuredClone(this.effective);
  }

  view(): SettingsView {
    const review = reviewProviderSettings(this.effective.provider);
    return {
      settings: this.get(),
      managedKeys: [...this.managedKeys],
      machineFilePath: this.machineFilePath,
      warnings: [...review.problems, ...review.warnings],
      sources: this.sources(),
      policy: { location: this.policyLayer?.source.location ?? null, settings: { ...this.policy.names }, problems: [...this.policy.problems] },
    };
  }

  /** Which layer each setting's value comes from: the highest that sets it. */
  private sources(): Record<SettingKey, SettingSource> {
    const layers: [SettingSource, SettingsPatch][] = [
      ['policy', this.policy.layer],
      ['machine-file', this.machine],
      ['user', this.user],
    ];
    return Object.fromEntries(
      settingKeys.map((key) => [key, layers.find(([, layer]) => readSetting(layer, key) !== undefined)?.[0] ?? 'default']),
    ) as Record<SettingKey, SettingSource>;
  }

  /**
   * Applies `patch` to the user layer and saves it. Refuses the whole patch,
   * writing nothing, when any key in it is managed by IT: the admin screen
   * shows those as locked and must leave them out.
   */
  update(patch: SettingsPatch): SettingsView {
    const given = validateLayer(patch);
    if (!given.ok) throw new SettingsError('invalid', `Settings not saved: ${given.problem}.`);
    const changed = leafKeys(given.layer);
    const byPolicy = changed.filter((key): key is SettingKey => key in this.policy.names);
    if (byPolicy.length > 0) {
      const named = byPolicy.map((key) => `${settingDeclarations[key].title} (${key})`).join(', ');
      const policies = byPolicy.map((key) => this.policy.names[key]).join(', ');
      throw new SettingsError(
        'policy',
        `Settings not saved: IT sets ${named} by policy, so ${byPolicy.length === 1 ? 'it' : 'they'} cannot be changed here. Ask IT to change the ${policies} ${byPolicy.length === 1 ? 'policy' : 'policies'} (${this.policyLayer?.source.location}).`,
        { path: this.policyLayer?.source.location ?? null },
      );
    }
    const locked = changed.filter((key) => this.managedKeys.includes(key));
    if (locked.length > 0) {
      throw new SettingsError(
        'managed',
        `Settings not saved: ${locked.join(', ')} ${locked.length === 1 ? 'is' : 'are'} managed by IT in ${this.machineFilePath} and cannot be changed here. Ask IT to change ${locked.length === 1 ? 'it' : 'them'}.`,
        { path: this.machineFilePath },
      );
    }
    const user = dropEmptySections(overlay(this.user, given.layer));
    const effective = combine(user, this.machine, this.policy.layer);
    // Only problems this save would add: one IT's file already has must not lock the admin out of every other setting.
    const before = new Set(reviewProviderSettings(this.effective.provider).problems);
    const added = reviewProviderSettings(effective.provider).problems.filter((problem) => !before.has(problem));
    if (added.length > 0) throw new SettingsError('invalid', `Settings not saved: ${added.join(' ')}`);
    try {
      this.backend.write(user);
    } catch (error) {
      if (error instanceof SettingsError) throw error;
      const where = this.backend.location ? ` to ${this.backend.location}` : '';
      throw new SettingsError('write-failed', `Settings could not be saved${where} (${errorText(error)}). Check that the folder is writable and the disk is not full.`, {
        path: this.backend.location ?? null,
        cause: error,
      });
    }
    this.user = user;
    this.effective = effective;
    this.logger.info('settings updated', { keys: changed });
    this.notify();
    return this.view();
  }

  /** A new reading of the policy: applied at once, and told to every listener when it changes anything. */
  private policyRead(reading: PolicyReading): void {
    if (!this.policyLayer) return;
    const before = this.policy;
    const next = this.policyLayer.apply(reading);
    this.rememberPolicy();
    this.confirmReleaseSoon();
    if (samePolicyState(before, next)) return;
    this.policy = next;
    this.effective = combine(this.user, this.machine, next.layer);
    this.logger.info('policy changed', { location: this.policyLayer.source.location, policyKeys: Object.keys(next.names) });
    this.logPolicyProblems(before.problems);
    this.notify();
  }

  /** Keeps the policy in force for the next start. A failure only costs that, so it is logged, never thrown. */
  private rememberPolicy(): void {
    if (!this.policyMemory || !this.policyLayer) return;
    try {
      this.policyMemory.keep(this.policyLayer.remembered());
    } catch (error) {
      this.logger.warn('policy not remembered', { path: this.policyMemory.path, error: errorText(error) });
    }
  }

  /** A reading lacked a setting in force: read again as soon as a second reading may release it. */
  private confirmReleaseSoon(): void {
    const wait = this.policyLayer?.confirmReleaseInMs() ?? null;
    if (wait !== null) this.policyWatcher?.readIn(wait);
  }

  /** Each policy problem once, when it appears: a poll a minute must not repeat it in the log all day. */
  private logPolicyProblems(known: readonly string[]): void {
    for (const problem of this.policy.problems) if (!known.includes(problem)) this.logger.warn('policy problem', { problem });
  }

  private notify(): void {
    const view = this.view();
    for (const listener of this.listeners) {
      try {
        listener(structuredClone(view));
      } catch (error) {
        // One broken subscriber must not hide the change from the others, nor undo a saved update.
        this.logger.error('settings listener failed', { error });
      }
    }
  }

  /** Called after every successful update and every change of policy; returns the unsubscribe function. */
  onChange(listener: SettingsListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }
}

function readMachineLayer(path: string): SettingsPatch {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    // Most devices have no IT file at all; that is the normal case.
    if (isErrno(error, 'ENOENT')) return {};
    throw new SettingsError('machine-file-invalid', `IT-managed settings file ${path} could not be read (${errorText(error)}). Ask IT to correct it.`, {
      path,
      cause: error,
    });
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new SettingsError('machine-file-invalid', `IT-managed settings file ${path} is not valid JSON (${errorText(error)}). Ask IT to correct it.`, {
      path,
      cause: error,
    });
  }
  const result = validateLayer(raw);
  if (!result.ok) throw new SettingsError('machine-file-invalid', `IT-managed settings file ${path} is invalid: ${result.problem}. Ask IT to correct it.`, { path });
  return result.layer;
}

function readUserLayer(backend: SettingsBackend): SettingsPatch {
  const raw = backend.read();
  const result = validateLayer(raw);
  if (result.ok) return result.layer;
  const file = backend.location ? `Your settings file ${backend.location}` : 'Your saved settings';
  throw new SettingsError('user-file-invalid', `${file} is invalid: ${result.problem}. Delete it to reset settings to their defaults (IT-managed settings still apply).`, {
    path: backend.location ?? null,
  });
}

type LayerResult = { ok: true; layer: SettingsPatch } | { ok: false; problem: string };

/**
 * Validates a layer and keeps only the keys it actually sets. The pruning
 * matters: in zod 4 `.partial()` still applies the fields' defaults, so the
 * parsed `{ provider: { baseUrl } }` comes back with every provider default
 * filled in, which would let a one-key layer override all the others.
 */
function validateLayer(raw: unknown): LayerResult {
  const result = settingsPatchSchema.safeParse(raw);
  if (!result.success) return { ok: false, problem: describeIssues(result.error.issues) };
  const given = raw as Record<string, unknown>;
  const layer: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(result.data)) {
    const givenValue = given[key];
    if (givenValue === undefined) continue;
    if (isRecord(value) && isRecord(givenValue)) {
      layer[key] = Object.fromEntries(Object.entries(value).filter(([field]) => givenValue[field] !== undefined));
    } else {
      layer[key] = value;
    }
  }
  return { ok: true, layer: layer as SettingsPatch };
}

function combine(user: SettingsPatch, machine: SettingsPatch, policy: SettingsPatch): AppSettings {
  const result = appSettingsSchema.safeParse(overlay(overlay(user, machine), policy));
  // Every layer passed the patch schema, so this only fails if the two schemas drift apart.
  if (!result.success) throw new SettingsError('invalid', `The combined settings are invalid: ${describeIssues(result.error.issues)}.`);
  return result.data;
}

/** `top` over `base`, section by section. */
function overlay(base: SettingsPatch, top: SettingsPatch): SettingsPatch {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(top)) {
    const below = out[key];
    out[key] = isRecord(value) && isRecord(below) ? { ...below, ...value } : value;
  }
  return out as SettingsPatch;
}

function dropEmptySections(layer: SettingsPatch): SettingsPatch {
  return Object.fromEntries(Object.entries(layer).filter(([, value]) => !(isRecord(value) && Object.keys(value).length === 0))) as SettingsPatch;
}

/** Dotted keys a layer sets: `mode`, `provider.baseUrl`. */
function leafKeys(layer: SettingsPatch): string[] {
  const keys: string[] = [];
  for (const [key, value] of Object.entries(layer)) {
    if (isRecord(value)) for (const field of Object.keys(value)) keys.push(`${key}.${field}`);
    else keys.push(key);
  }
  return keys;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
