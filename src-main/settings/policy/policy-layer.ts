import { policySettings, type SettingKey } from '../../../shared/domain/settings-policy';
import type { SettingsPatch } from '../../../shared/domain/settings';
import type { RememberedPolicy } from './policy-memory';
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
  /** The last good policy from before this start (policy-memory.ts): in force until a reading says otherwise. */
  remembered?: RememberedPolicy;
  /** The clock, in milliseconds; tests move it by hand. */
  now?: () => number;
}

/** A setting's last good value; `remembered` while it comes from before this start, not from a reading since. */
interface Held {
  value: unknown;
  readAt: number;
  remembered: boolean;
}

/**
 * Turns readings of a policy source into the policy layer, keeping the last
 * good value of each setting: a malformed value (or a policy that cannot be
 * read at all) never takes a setting away from a kiosk in the middle of a
 * sitting, and never stops start-up. A setting IT removes from the policy is
 * released once two readings, `releaseAfterMs` apart, agree that it is gone:
 * that is a change IT made, not a fault. New and changed values apply at once.
 * Seeded with the last good policy from before this start, so a restart
 * while the policy is broken keeps what IT last enforced.
 */
export class PolicyLayer {
  private readonly lastGood = new Map<SettingKey, Held>();
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
    for (const [key, held] of Object.entries(options.remembered ?? {})) {
      this.lastGood.set(key as SettingKey, { value: held.value, readAt: held.readAt, remembered: true });
    }
  }

  apply(reading: PolicyReading): PolicyState {
    const problems: string[] = [];
    if (reading.status === 'none') for (const key of [...this.lastGood.keys()]) this.missing(key);
    if (reading.status === 'unreadable') {
      problems.push(
        this.lastGood.size > 0
          ? `${reading.problem} The last policy read${this.rememberedFrom()} stays in force until it is corrected.`
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
          this.lastGood.set(key, { value: result.value, readAt: this.now(), remembered: false });
          continue;
        }
        const held = this.lastGood.get(key);
        const kept = held
          ? `the last good value, ${JSON.stringify(held.value)}${held.remembered ? ` (remembered from ${timeText(held.readAt)})` : ''}, stays in force`
          : "it is ignored and the device's own value applies";
        problems.push(`Policy ${policy.name} (${title}, ${key}) in ${this.source.location} is not valid: ${result.problem}. Until IT corrects it, ${kept}.`);
      }
    }
    return { layer: this.layer(), names: this.names(), problems };
  }

  /** The values in force, with when a reading last gave each: what policy-memory.ts keeps for the next start. */
  remembered(): RememberedPolicy {
    return Object.fromEntries([...this.lastGood].map(([key, { value, readAt }]) => [key, { value, readAt }]));
  }

  /**
   * How soon a reading could release a setting a reading lacked (so the
   * caller reads again then, not a poll later); null when none is waiting.
   */
  confirmReleaseInMs(): number | null {
    if (this.missingSince.size === 0) return null;
    return Math.max(0, Math.min(...this.missingSince.values()) + this.releaseAfterMs - this.now());
  }

  /** " (remembered from <time>)" when some of the policy in force comes from before this start: the latest such reading. */
  private rememberedFrom(): string {
    const times = [...this.lastGood.values()].filter((held) => held.remembered).map((held) => held.readAt);
    return times.length > 0 ? ` (remembered from ${timeText(Math.max(...times))})` : '';
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
      const value = this.lastGood.get(key)?.value;
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

/** A read time for IT, to the second, in UTC as the log writes it. */
function timeText(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
