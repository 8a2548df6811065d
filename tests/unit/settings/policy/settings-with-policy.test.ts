import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { defaultSettings } from '../../../../shared/domain/settings';
import { settingKeys } from '../../../../shared/domain/settings-policy';
import { createLogger } from '../../../../src-main/logging/logger';
import { SettingsError } from '../../../../src-main/settings/errors';
import { FileSettingsBackend } from '../../../../src-main/settings/file-settings-backend';
import type { PolicyReading, PolicySource } from '../../../../src-main/settings/policy/policy-source';
import { SettingsService } from '../../../../src-main/settings/settings-service';

/*
 * Policy as the fourth settings layer: above the user's values and IT's
 * machine file, shown with where every value comes from, and refused when
 * the admin screen tries to change it. A stand-in source gives the readings
 * (the real ones, registry and managed preferences, are out of reach here;
 * tests/integration/settings/policy-watch.test.ts uses a real file).
 */

let dir: string;
let logLines: string[];
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kiosk-settings-policy-'));
  logLines = [];
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function fixedSource(reading: PolicyReading): PolicySource {
  return { location: 'HKEY_LOCAL_MACHINE\\Software\\Policies\\Teamified\\Kiosk', readNow: () => reading, read: async () => reading };
}

function service(reading: PolicyReading, layers: { user?: unknown; machine?: unknown } = {}): SettingsService {
  const user = new FileSettingsBackend(join(dir, 'settings.json'));
  if (layers.user) user.write(layers.user);
  const machinePath = join(dir, 'machine.json');
  if (layers.machine) new FileSettingsBackend(machinePath).write(layers.machine);
  const settings = new SettingsService({
    backend: user,
    machineFilePath: machinePath,
    policy: { source: fixedSource(reading), pollMs: 60_000 },
    logger: createLogger({ sink: (line) => logLines.push(line) }),
  });
  return settings;
}

describe('settings with a policy layer', () => {
  it('puts policy above the machine file, the machine file above the user, and says where each value comes from', () => {
    const settings = service(
      { status: 'read', values: { EndOfTurnSilenceMs: 5000, DeviceMode: 'recruiter' } },
      { user: { interview: { endOfTurnSilenceMs: 1200, maxDurationMinutes: 45 }, smtp: { host: 'user.example.com' } }, machine: { mode: 'kiosk', interview: { maxDurationMinutes: 90 } } },
    );
    try {
      const view = settings.view();
      expect(view.settings.interview).toMatchObject({ endOfTurnSilenceMs: 5000, maxDurationMinutes: 90 });
      expect(view.settings.mode).toBe('recruiter');
      expect(view.settings.smtp.host).toBe('user.example.com');
      expect(view.sources).toMatchObject({
        mode: 'policy',
        'interview.endOfTurnSilenceMs': 'policy',
        'interview.maxDurationMinutes': 'machine-file',
        'smtp.host': 'user',
        'smtp.port': 'default',
      });
      expect(Object.keys(view.sources).sort()).toEqual([...settingKeys].sort());
      expect(view.policy).toEqual({
        location: 'HKEY_LOCAL_MACHINE\\Software\\Policies\\Teamified\\Kiosk',
        settings: { mode: 'DeviceMode', 'interview.endOfTurnSilenceMs': 'EndOfTurnSilenceMs' },
        problems: [],
      });
    } finally {
      settings.close();
    }
  });

  it('refuses a change to a setting policy sets, saving nothing, and still saves the others', () => {
    const settings = service({ status: 'read', values: { EndOfTurnSilenceMs: 5000 } });
    try {
      let refusal: unknown;
      try {
        settings.update({ interview: { endOfTurnSilenceMs: 2000 }, smtp: { host: 'mail.example.com' } });
      } catch (error) {
        refusal = error;
      }
      expect(refusal).toBeInstanceOf(SettingsError);
      expect((refusal as SettingsError).code).toBe('policy');
      expect((refusal as SettingsError).message).toBe(
        'Settings not saved: IT sets End-of-answer silence (interview.endOfTurnSilenceMs) by policy, so it cannot be changed here. Ask IT to change the EndOfTurnSilenceMs policy (HKEY_LOCAL_MACHINE\\Software\\Policies\\Teamified\\Kiosk).',
      );
      expect(settings.get().smtp.host).toBe('');
      expect(settings.update({ smtp: { host: 'mail.example.com' } }).settings.smtp.host).toBe('mail.example.com');
      expect(settings.get().interview.endOfTurnSilenceMs).toBe(5000);
    } finally {
      settings.close();
    }
  });

  it('starts with a malformed policy, on the layer below, naming the setting in the view and the log', () => {
    const settings = service({ status: 'read', values: { MaxInterviewMinutes: 'an hour' } }, { machine: { interview: { maxDurationMinutes: 90 } } });
    try {
      expect(settings.get().interview.maxDurationMinutes).toBe(90);
      expect(settings.view().sources['interview.maxDurationMinutes']).toBe('machine-file');
      expect(settings.view().policy.problems).toEqual([
        "Policy MaxInterviewMinutes (Longest interview, interview.maxDurationMinutes) in HKEY_LOCAL_MACHINE\\Software\\Policies\\Teamified\\Kiosk is not valid: Longest interview must be a whole number of minutes from 10 to 240. Until IT corrects it, it is ignored and the device's own value applies.",
      ]);
      expect(logLines.some((line) => line.includes('policy problem') && line.includes('MaxInterviewMinutes'))).toBe(true);
    } finally {
      settings.close();
    }
  });

  it('starts, on the device’s own settings, when the policy cannot be read at all', () => {
    const settings = service({ status: 'unreadable', problem: 'The policy in HKEY_LOCAL_MACHINE\\Software\\Policies\\Teamified\\Kiosk could not be read (reg query failed: timed out).' });
    try {
      expect(settings.get()).toEqual(defaultSettings);
      expect(settings.view().policy.problems[0]).toContain('No policy applies until it is corrected');
    } finally {
      settings.close();
    }
  });

  it('holds a setting through a reading that lacks it, reads again after the release interval, and releases it only then', async () => {
    vi.useFakeTimers();
    const readings: PolicyReading[] = [];
    let changed: () => void = () => undefined;
    const reads: number[] = [];
    const source: PolicySource = {
      location: 'HKEY_LOCAL_MACHINE\\Software\\Policies\\Teamified\\Kiosk',
      readNow: () => ({ status: 'read', values: { RequireProctorSitting: 1, MaxDisplays: 2 } }),
      read: async () => {
        reads.push(Date.now());
        return readings.shift() ?? { status: 'read', values: {} };
      },
      watch: (callback) => {
        changed = callback;
        return () => undefined;
      },
    };
    const settings = new SettingsService({
      backend: new FileSettingsBackend(join(dir, 'settings.json')),
      machineFilePath: null,
      policy: { source, pollMs: 3_600_000, releaseAfterMs: 10_000 },
      logger: createLogger({ sink: (line) => logLines.push(line) }),
    });
    const released: string[][] = [];
    settings.onChange((view) => released.push(Object.keys(view.policy.settings)));
    try {
      // Group Policy rewriting the key: read empty, then whole again 10 s later. Nothing is released, no one is told.
      readings.push({ status: 'read', values: {} }, { status: 'read', values: { RequireProctorSitting: 1, MaxDisplays: 2 } });
      const start = Date.now();
      changed();
      await vi.advanceTimersByTimeAsync(200);
      expect(settings.get().interview.requireProctorSitting).toBe(true);
      expect(settings.get().lockdown.maxDisplays).toBe(2);
      expect(settings.view().policy.settings).toEqual({ 'interview.requireProctorSitting': 'RequireProctorSitting', 'lockdown.maxDisplays': 'MaxDisplays' });
      await vi.advanceTimersByTimeAsync(10_000);
      // The second read came from the release interval, not from the hourly poll.
      expect(reads.map((at) => at - start)).toEqual([100, 10_100]);
      expect(released).toEqual([]);

      // IT takes MaxDisplays out: two readings 10 s apart agree, and it goes.
      readings.push({ status: 'read', values: { RequireProctorSitting: 1 } }, { status: 'read', values: { RequireProctorSitting: 1 } });
      changed();
      await vi.advanceTimersByTimeAsync(200);
      expect(settings.get().lockdown.maxDisplays).toBe(2);
      await vi.advanceTimersByTimeAsync(10_000);
      expect(released).toEqual([['interview.requireProctorSitting']]);
      expect(settings.get().lockdown.maxDisplays).toBe(defaultSettings.lockdown.maxDisplays); // 1
      expect(settings.get().interview.requireProctorSitting).toBe(true);
    } finally {
      settings.close();
      vi.useRealTimers();
    }
  });
});

describe('the last good policy across restarts', () => {
  const KEY = 'HKEY_LOCAL_MACHINE\\Software\\Policies\\Teamified\\Kiosk';
  const unreadable: PolicyReading = { status: 'unreadable', problem: `The policy in ${KEY} could not be read (reg query failed: ERROR: Access is denied.).` };

  /** One run of the app: a settings service over `dir` that reads `reading`, closed at once, like a kiosk restarted. */
  function run(reading: PolicyReading, options: { location?: string } = {}): SettingsService {
    const settings = new SettingsService({
      backend: new FileSettingsBackend(join(dir, 'settings.json')),
      machineFilePath: join(dir, 'machine.json'),
      policy: { source: { ...fixedSource(reading), location: options.location ?? KEY }, pollMs: 60_000, lastGoodPath: join(dir, 'policy-last-good.json') },
      logger: createLogger({ sink: (line) => logLines.push(line) }),
    });
    settings.close();
    return settings;
  }

  afterEach(() => vi.useRealTimers());

  it('starts on the policy last read when the policy cannot be read at start, saying from when', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2025-03-04T10:15:00.250Z'));
    run({ status: 'read', values: { EndOfTurnSilenceMs: 3000, MaxDisplays: 2, DeviceMode: 'recruiter' } });
    const stored = JSON.parse(readFileSync(join(dir, 'policy-last-good.json'), 'utf8')) as unknown;
    expect(stored).toEqual({
      version: 1,
      location: KEY,
      settings: {
        mode: { value: 'recruiter', readAt: '2025-03-04T10:15:00.250Z' },
        'interview.endOfTurnSilenceMs': { value: 3000, readAt: '2025-03-04T10:15:00.250Z' },
        'lockdown.maxDisplays': { value: 2, readAt: '2025-03-04T10:15:00.250Z' },
      },
    });
    expect(statSync(join(dir, 'policy-last-good.json')).mode & 0o077).toBe(0);

    vi.setSystemTime(new Date('2025-03-05T08:00:00Z'));
    const view = run(unreadable).view();
    expect(view.settings.interview.endOfTurnSilenceMs).toBe(3000);
    expect(view.settings.lockdown.maxDisplays).toBe(2);
    expect(view.settings.mode).toBe('recruiter');
    expect(view.sources['interview.endOfTurnSilenceMs']).toBe('policy');
    expect(view.policy.problems).toEqual([`${unreadable.problem} The last policy read (remembered from 2025-03-04T10:15:00Z) stays in force until it is corrected.`]);
  });

  it('keeps a malformed setting’s remembered value, saying from when, and replaces what reads well', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2025-03-04T10:15:00Z'));
    run({ status: 'read', values: { EndOfTurnSilenceMs: 3000, MaxDisplays: 2 } });

    vi.setSystemTime(new Date('2025-03-05T08:00:00Z'));
    const second = run({ status: 'read', values: { EndOfTurnSilenceMs: 'soon', MaxDisplays: 3 } }).view();
    expect(second.settings.interview.endOfTurnSilenceMs).toBe(3000);
    expect(second.settings.lockdown.maxDisplays).toBe(3);
    expect(second.policy.problems).toEqual([
      `Policy EndOfTurnSilenceMs (End-of-answer silence, interview.endOfTurnSilenceMs) in ${KEY} is not valid: End-of-answer silence must be a whole number of milliseconds from 800 to 10000. Until IT corrects it, the last good value, 3000 (remembered from 2025-03-04T10:15:00Z), stays in force.`,
    ]);

    // A third start with the policy unreadable: the malformed one's value from the first run, the other from the second.
    vi.setSystemTime(new Date('2025-03-06T08:00:00Z'));
    const third = run(unreadable).view();
    expect(third.settings.interview.endOfTurnSilenceMs).toBe(3000);
    expect(third.settings.lockdown.maxDisplays).toBe(3);
    expect(third.policy.problems[0]).toContain('(remembered from 2025-03-05T08:00:00Z)');

    // Read well again: the new values replace the remembered ones, and no problem is left.
    const fourth = run({ status: 'read', values: { EndOfTurnSilenceMs: 4000, MaxDisplays: 3 } }).view();
    expect(fourth.settings.interview.endOfTurnSilenceMs).toBe(4000);
    expect(fourth.policy.problems).toEqual([]);
    expect(run(unreadable).view().settings.interview.endOfTurnSilenceMs).toBe(4000);
  });

  it('uses no memory of another policy location, nor a damaged one, and says why in the log', () => {
    run({ status: 'read', values: { EndOfTurnSilenceMs: 3000 } });
    expect(run(unreadable, { location: '/etc/teamified-kiosk/policy.json' }).get().interview.endOfTurnSilenceMs).toBe(defaultSettings.interview.endOfTurnSilenceMs);

    writeFileSync(join(dir, 'policy-last-good.json'), '{"version": 1, "location": "');
    const view = run(unreadable).view();
    expect(view.settings.interview.endOfTurnSilenceMs).toBe(defaultSettings.interview.endOfTurnSilenceMs);
    expect(view.policy.problems[0]).toContain("No policy applies until it is corrected; the device's own settings are used.");
    expect(logLines.some((line) => line.includes('policy memory unusable') && line.includes('is damaged'))).toBe(true);

    // A remembered value its setting no longer accepts is left out, the others kept.
    writeFileSync(
      join(dir, 'policy-last-good.json'),
      JSON.stringify({ version: 1, location: KEY, settings: { 'interview.endOfTurnSilenceMs': { value: 50, readAt: '2025-03-04T10:15:00Z' }, 'lockdown.maxDisplays': { value: 2, readAt: '2025-03-04T10:15:00Z' } } }),
    );
    const partly = run(unreadable).get();
    expect(partly.interview.endOfTurnSilenceMs).toBe(defaultSettings.interview.endOfTurnSilenceMs);
    expect(partly.lockdown.maxDisplays).toBe(2);
  });
});
