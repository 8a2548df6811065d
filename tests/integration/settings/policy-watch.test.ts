import { chmodSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SettingsView } from '../../../shared/ipc/contract';
import { createLogger } from '../../../src-main/logging/logger';
import { FileSettingsBackend } from '../../../src-main/settings/file-settings-backend';
import { JsonFilePolicySource, ownPolicyFileOptions } from '../../../src-main/settings/policy/json-file-policy-source';
import { SettingsService } from '../../../src-main/settings/settings-service';

/*
 * The policy file as IT's tooling changes it on a running kiosk: real files in
 * a temporary /etc stand-in, the real file source, the settings service
 * watching it. Changes arrive through the folder watch, or the poll (kept
 * short here) where a watch misses them; a removal is confirmed by a second
 * reading after the release interval (short here too).
 */

let dir: string;
let policyPath: string;
let logLines: string[];
let settings: SettingsService | null = null;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kiosk-policy-watch-'));
  mkdirSync(join(dir, 'etc'), { mode: 0o755 });
  policyPath = join(dir, 'etc', 'policy.json');
  logLines = [];
});
afterEach(() => {
  settings?.close();
  settings = null;
  rmSync(dir, { recursive: true, force: true });
});

/** Written the way configuration tools do: a new file renamed over the old one, writable by its owner only unless `mode` says otherwise. */
function writePolicy(text: string, mode = 0o644): void {
  const temp = `${policyPath}.new`;
  writeFileSync(temp, text);
  chmodSync(temp, mode);
  renameSync(temp, policyPath);
}

function start(pollMs = 250): SettingsService {
  settings = new SettingsService({
    backend: new FileSettingsBackend(join(dir, 'settings.json')),
    machineFilePath: join(dir, 'machine.json'),
    policy: { source: new JsonFilePolicySource(policyPath, ownPolicyFileOptions()), pollMs, releaseAfterMs: 300, lastGoodPath: join(dir, 'policy-last-good.json') },
    logger: createLogger({ sink: (line) => logLines.push(line) }),
  });
  return settings;
}

/** The next view a settings listener is given that passes `check`. */
function nextView(service: SettingsService, check: (view: SettingsView) => boolean, timeoutMs = 5000): Promise<SettingsView> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`no matching settings change within ${timeoutMs} ms; last log: ${logLines.slice(-3).join(' | ')}`));
    }, timeoutMs);
    const stop = service.onChange((view) => {
      if (!check(view)) return;
      clearTimeout(timer);
      stop();
      resolve(view);
    });
  });
}

describe('a policy file changed while the app runs', () => {
  it('applies a new value at once and tells the listeners, then releases the setting when IT removes it', async () => {
    writePolicy(JSON.stringify({ EndOfTurnSilenceMs: 3000 }));
    const service = start();
    expect(service.get().interview.endOfTurnSilenceMs).toBe(3000);

    const changed = nextView(service, (view) => view.settings.interview.endOfTurnSilenceMs === 6000);
    writePolicy(JSON.stringify({ EndOfTurnSilenceMs: 6000, DeviceMode: 'recruiter' }));
    const view = await changed;
    expect(view.settings.mode).toBe('recruiter');
    expect(view.sources['interview.endOfTurnSilenceMs']).toBe('policy');
    expect(view.policy.settings).toEqual({ mode: 'DeviceMode', 'interview.endOfTurnSilenceMs': 'EndOfTurnSilenceMs' });

    const released = nextView(service, (next) => next.policy.settings.mode === undefined);
    const removedAt = Date.now();
    rmSync(policyPath);
    expect((await released).settings.mode).toBe('kiosk');
    // Not on the first reading without it: a second one, the release interval later, had to agree.
    expect(Date.now() - removedAt).toBeGreaterThanOrEqual(300);
    expect(service.get().interview.endOfTurnSilenceMs).toBe(3500);
  });

  it('keeps the last good policy through a broken file and a malformed value, naming each, and recovers', async () => {
    writePolicy(JSON.stringify({ EndOfTurnSilenceMs: 3000, MaxDisplays: 2 }));
    const service = start();

    const broken = nextView(service, (view) => view.policy.problems.length > 0);
    writePolicy('{"EndOfTurnSilenceMs": 6000,');
    const whileBroken = await broken;
    expect(whileBroken.settings.interview.endOfTurnSilenceMs).toBe(3000);
    expect(whileBroken.settings.lockdown.maxDisplays).toBe(2);
    expect(whileBroken.policy.problems[0]).toMatch(new RegExp(`^The policy file ${policyPath.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is not valid JSON .* The last policy read stays in force until it is corrected\\.$`));
    expect(logLines.some((line) => line.includes('policy problem') && line.includes('is not valid JSON'))).toBe(true);

    const malformed = nextView(service, (view) => view.policy.problems.some((problem) => problem.startsWith('Policy EndOfTurnSilenceMs')));
    writePolicy(JSON.stringify({ EndOfTurnSilenceMs: 'six seconds', MaxDisplays: 3 }));
    const withBadValue = await malformed;
    expect(withBadValue.settings.interview.endOfTurnSilenceMs).toBe(3000);
    expect(withBadValue.settings.lockdown.maxDisplays).toBe(3);
    expect(withBadValue.policy.problems).toEqual([
      `Policy EndOfTurnSilenceMs (End-of-answer silence, interview.endOfTurnSilenceMs) in ${policyPath} is not valid: End-of-answer silence must be a whole number of milliseconds from 800 to 10000. Until IT corrects it, the last good value, 3000, stays in force.`,
    ]);

    const fixed = nextView(service, (view) => view.policy.problems.length === 0);
    writePolicy(JSON.stringify({ EndOfTurnSilenceMs: 4500, MaxDisplays: 3 }));
    expect((await fixed).settings.interview.endOfTurnSilenceMs).toBe(4500);
  });

  it('starts with a broken file, on the device’s own settings, and picks the policy up once it is fixed', async () => {
    writePolicy('not json');
    const service = start();
    expect(service.get().mode).toBe('kiosk');
    expect(service.view().policy.problems[0]).toContain("No policy applies until it is corrected; the device's own settings are used.");

    const applied = nextView(service, (view) => view.settings.mode === 'recruiter');
    writePolicy(JSON.stringify({ DeviceMode: 'recruiter' }));
    expect((await applied).policy.problems).toEqual([]);
  });

  it('finds a policy file created later, in a folder that did not exist at start, by polling', async () => {
    policyPath = join(dir, 'later', 'policy.json');
    const service = start(100);
    expect(service.view().policy).toEqual({ location: policyPath, settings: {}, problems: [] });
    const applied = nextView(service, (view) => view.settings.interview.maxStartsPerHour === 4);
    mkdirSync(join(dir, 'later'), { mode: 0o755 });
    writePolicy(JSON.stringify({ MaxInterviewStartsPerHour: 4 }));
    expect((await applied).sources['interview.maxStartsPerHour']).toBe('policy');
  });

  it('restarts on the last good policy while the file is broken, and releases it once IT has removed the file', async () => {
    writePolicy(JSON.stringify({ DeviceMode: 'recruiter' }));
    start().close();
    writePolicy('{"DeviceMode": ');
    const broken = start();
    expect(broken.get().mode).toBe('recruiter');
    expect(broken.view().policy.problems[0]).toMatch(/The last policy read \(remembered from \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\) stays in force until it is corrected\.$/);
    broken.close();

    rmSync(policyPath);
    const service = start(60_000);
    // The first reading without the policy does not release it; the second, the release interval later, does.
    expect(service.get().mode).toBe('recruiter');
    const released = nextView(service, (view) => view.policy.settings.mode === undefined);
    expect((await released).settings.mode).toBe('kiosk');
    service.close();
    expect(start().get().mode).toBe('kiosk');
  });

  it.skipIf(process.platform === 'win32')('refuses a policy file others may write, keeping the last good policy, and takes it again once IT fixes the mode', async () => {
    writePolicy(JSON.stringify({ DeviceMode: 'recruiter' }));
    const service = start();
    const refused = nextView(service, (view) => view.policy.problems.length > 0);
    writePolicy(JSON.stringify({ DeviceMode: 'kiosk', ProviderBaseUrl: 'https://attacker.example' }), 0o666);
    const view = await refused;
    expect(view.settings.mode).toBe('recruiter');
    expect(view.settings.provider.baseUrl).not.toBe('https://attacker.example');
    expect(view.policy.problems).toEqual([
      `The policy file ${policyPath} is not used: it can be written by any user (mode 0666), so someone other than IT could have written it. Ask IT to chown root:root and chmod 644 the file. The last policy read stays in force until it is corrected.`,
    ]);
    const fixed = nextView(service, (next) => next.policy.problems.length === 0);
    chmodSync(policyPath, 0o644);
    expect((await fixed).settings.mode).toBe('kiosk');
  });
});
