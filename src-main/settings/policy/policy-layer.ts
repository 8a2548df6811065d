import { policySettings, type SettingKey } from '../../../shared/domain/settings-policy';
import type { SettingsPatch } from '../../../shared/domain/settings';
import type { PolicyReading, PolicySource } from './policy-source';
import { policyValue } from './policy-value';

/** What policy enforces now, and what is wrong with it. */
export interface PolicyState {
  /** The settings policy sets, as a settings layer (over the machine file). */
  layer: SettingsPatch;
  /** Setting key → the policy name that sets it, for every key in `layer`. */
  names: Partial<Record<SettingKey, string>>;
  /** Each problem in words for IT, naming the policy and the setting. */
  problems: string[];
}

const byName = new Map(policySettings.map((entry) => [entry.policy.name, entry]));

/**
 * How long a setting must stay missing from the policy before it is released.
 * Group Policy deletes a key's values and writes them again each time it
 * applies, and a poll at that moment reads an empty key: only a second
 * reading at least this much later that still lacks the setting is IT's
 * removal. Releasing a setting this much late is harmless; releasing
 * RequireProctorSitting in the middle of a sitting is not.
 */
export const DEFAULT_POLICY_RELEASE_AFTER_MS = 10_000;

export interface PolicyLayerOptions {
  releaseAfterMs?: number;
  /** The clock, in milliseconds; tests move it by hand. */
  now?: () => number;
}

/**
 * Turns readings of a policy source into the policy layer, keeping the last
 * good value of each setting: a malformed value (or a policy that cannot be
 * read at all) never takes a setting away from a kiosk in the middle of a
 * sitting, and never stops start-up. A setting IT removes from the policy is
 * released once two readings, `releaseAfterMs` apart, agree that it is gone:
 * that is a change IT made, not a fault. New and changed values apply at once.
 */
export class PolicyLayer {
  private readonly lastGood = new Map<SettingKey, unknown>();
  /** Settings in force that a reading lacked, and when the first such reading was. */
  private readonly missingSince = new Map<SettingKey, number>();
  private readonly releaseAfterMs: number;
  private readonly now: () => number;

  constructor(
    readonly source: PolicySource,
    options: PolicyLayerOptions = {},
  ) {
    this.releaseAfterMs = options.releaseAfterMs ?? DEFAULT_POLICY_RELEASE_AFTER_MS;
    this.now = options.now ?? (() => Date.now());
  }

  apply(reading: PolicyReading): PolicyState {
    const problems: string[] = [];
    if (reading.status === 'none') for (const key of [...this.lastGood.keys()]) this.missing(key);
    if (reading.status === 'unreadable') {
      problems.push(
        this.lastGood.size > 0
          ? `${reading.problem} The last policy read stays in force until it is corrected.`
          : `${reading.problem} No policy applies until it is corrected; the device's own settings are used.`,
      );
    }
    if (reading.status === 'read') {
      for (const name of Object.keys(reading.values)) {
        if (!byName.has(name)) problems.push(`Policy ${name} in ${this.source.location} is not a policy of this app; it is ignored. Check its spelling against the policy templates.`);
      }
      for (const { key, title, policy } of policySettings) {
        if (!(policy.name in reading.values)) {
          this.missing(key);
          continue;
        }
        this.missingSince.delete(key);
        const result = policyValue(key, reading.values[policy.name]);
        if (result.ok) {
          this.lastGood.set(key, result.value);
          continue;
        }
        const kept = this.lastGood.has(key)
          ? `the last good value, ${JSON.stringify(this.lastGood.get(key))}, stays in force`
          : "it is ignored and the device's own value applies";
        problems.push(`Policy ${policy.name} (${title}, ${key}) in ${this.source.location} is not valid: ${result.problem}. Until IT corrects it, ${kept}.`);
      }
    }
    return { layer: this.layer(), names: this.names(), problems };
  }

  /**
   * How soon a reading could release a setting a reading lacked (so the
   * caller reads again then, not a poll later); null when none is waiting.
   */
  confirmReleaseInMs(): number | null {
    if (this.missingSince.size === 0) return null;
    return Math.max(0, Math.min(...this.missingSince.values()) + this.releaseAfterMs - this.now());
  }

  /** A reading lacks `key`: released when an earlier reading, long enough ago, lacked it too. */
  private missing(key: SettingKey): void {
    if (!this.lastGood.has(key)) {
      this.missingSince.delete(key);
      return;
    }
    const since = this.missingSince.get(key);
    if (since === undefined) {
      this.missingSince.set(key, this.now());
    } else if (this.now() - since >= this.releaseAfterMs) {
      this.lastGood.delete(key);
      this.missingSince.delete(key);
    }
  }

  private layer(): SettingsPatch {
    const layer: Record<string, Record<string, unknown> | unknown> = {};
    // In declaration order, so the same policy always gives the same layer, whatever order it was read in.
    for (const { key } of policySettings) {
      if (!this.lastGood.has(key)) continue;
      const value = this.lastGood.get(key);
      const [section, field] = key.split('.') as [string, string | undefined];
      if (field === undefined) layer[section] = value;
      else layer[section] = { ...(layer[section] as Record<string, unknown> | undefined), [field]: value };
    }
    return layer as SettingsPatch;
  }

  private names(): Partial<Record<SettingKey, string>> {
    const names: Partial<Record<SettingKey, string>> = {};
    for (const { key, policy } of policySettings) if (this.lastGood.has(key)) names[key] = policy.name;
    return names;
  }
}

/** Whether two states would show or enforce anything differently. */
export function samePolicyState(a: PolicyState, b: PolicyState): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
