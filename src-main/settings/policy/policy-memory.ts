import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { settingSchema } from '../../../shared/domain/setting-kinds';
import { policySettings, type SettingKey } from '../../../shared/domain/settings-policy';
import { writePrivateFileAtomically } from '../../files/private-file';
import { errorText, isErrno } from '../errors';

/** One setting's last good policy value, and when a reading last gave it (epoch ms). */
export interface RememberedValue {
  value: unknown;
  readAt: number;
}
export type RememberedPolicy = Partial<Record<SettingKey, RememberedValue>>;

/**
 * How stale the remembered read times may get before the file is written
 * again with nothing else changed: the "from <time>" IT sees after a restart
 * is then at most this old, for one small write an hour.
 */
const REFRESH_MS = 60 * 60 * 1000;

const fileSchema = z.object({
  version: z.literal(1),
  location: z.string(),
  settings: z.record(z.string(), z.object({ value: z.unknown(), readAt: z.iso.datetime() })),
});

const policyKeys = new Set<string>(policySettings.map((entry) => entry.key));

/**
 * The last good policy layer, kept beside the settings store so that a kiosk
 * restarted while its policy cannot be read (or holds a malformed value)
 * starts on what IT last enforced, not on the device's own values. Only what
 * the policy layer accepted is written, and only values that still pass their
 * setting's check are read back; a memory of another policy location (the
 * app moved to another OS source) is not used.
 */
export class PolicyMemoryFile {
  /** What the file holds, as last read or written: compared so that an unchanged policy is not written every poll. */
  private held: RememberedPolicy = {};

  constructor(
    readonly path: string,
    private readonly location: string,
  ) {}

  /** The remembered policy; empty, with the reason, when the file is damaged or belongs to another location. */
  read(): { remembered: RememberedPolicy; problem: string | null } {
    let text: string;
    try {
      text = readFileSync(this.path, 'utf8');
    } catch (error) {
      if (isErrno(error, 'ENOENT')) return { remembered: {}, problem: null };
      return { remembered: {}, problem: `The last good policy ${this.path} could not be read (${errorText(error)}); it is not used.` };
    }
    let parsed: z.infer<typeof fileSchema>;
    try {
      parsed = fileSchema.parse(JSON.parse(text));
    } catch {
      return { remembered: {}, problem: `The last good policy ${this.path} is damaged; it is not used.` };
    }
    if (parsed.location !== this.location) return { remembered: {}, problem: null };
    const remembered: RememberedPolicy = {};
    for (const [key, { value, readAt }] of Object.entries(parsed.settings)) {
      if (!policyKeys.has(key) || !settingSchema(key as SettingKey).safeParse(value).success) continue;
      remembered[key as SettingKey] = { value, readAt: Date.parse(readAt) };
    }
    this.held = remembered;
    return { remembered, problem: null };
  }

  /** Saves `policy` when it differs from what the file holds, or its read times are an hour newer. Throws when the file cannot be written. */
  keep(policy: RememberedPolicy): void {
    if (!this.worthWriting(policy)) return;
    const settings = Object.fromEntries(Object.entries(policy).map(([key, held]) => [key, { value: held.value, readAt: new Date(held.readAt).toISOString() }]));
    writePrivateFileAtomically(this.path, `${JSON.stringify({ version: 1, location: this.location, settings }, null, 2)}\n`);
    this.held = structuredClone(policy);
  }

  private worthWriting(policy: RememberedPolicy): boolean {
    const keys = Object.keys(policy) as SettingKey[];
    if (keys.length !== Object.keys(this.held).length) return true;
    return keys.some((key) => {
      const held = this.held[key];
      const next = policy[key] as RememberedValue;
      return held === undefined || JSON.stringify(held.value) !== JSON.stringify(next.value) || next.readAt - held.readAt >= REFRESH_MS;
    });
  }
}
