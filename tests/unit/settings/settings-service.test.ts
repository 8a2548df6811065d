import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { defaultSettings, type AppSettings } from '../../../shared/domain/settings';
import { createLogger } from '../../../src-main/logging/logger';
import { SettingsError } from '../../../src-main/settings/errors';
import { FileSettingsBackend } from '../../../src-main/settings/file-settings-backend';
import { defaultMachineSettingsPath, SettingsService } from '../../../src-main/settings/settings-service';

let dir: string;
let userPath: string;
let machinePath: string;
let logLines: string[];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kiosk-settings-'));
  userPath = join(dir, 'user', 'settings.json');
  machinePath = join(dir, 'machine', 'settings.json');
  logLines = [];
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function writeJson(path: string, value: unknown): void {
  new FileSettingsBackend(path).write(value);
}

function service(machine: string | null = machinePath): SettingsService {
  return new SettingsService({
    backend: new FileSettingsBackend(userPath),
    machineFilePath: machine,
    logger: createLogger({ sink: (line) => logLines.push(line) }),
  });
}

function settingsError(run: () => unknown): SettingsError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(SettingsError);
    return error as SettingsError;
  }
  throw new Error('expected a SettingsError');
}

describe('SettingsService', () => {
  it('gives the defaults when neither file exists', () => {
    const settings = service();
    expect(settings.get()).toEqual(defaultSettings);
    expect(settings.view()).toMatchObject({ settings: defaultSettings, managedKeys: [], machineFilePath: machinePath, warnings: [], policy: { location: null, settings: {}, problems: [] } });
    expect(new Set(Object.values(settings.view().sources))).toEqual(new Set(['default']));
    expect(service(null).view().machineFilePath).toBeNull();
  });

  it("applies the user's values over the defaults", () => {
    writeJson(userPath, { mode: 'recruiter', provider: { interviewModel: 'gpt-4.1' } });
    const settings = service().get();
    expect(settings.mode).toBe('recruiter');
    expect(settings.provider.interviewModel).toBe('gpt-4.1');
    expect(settings.provider.baseUrl).toBe(defaultSettings.provider.baseUrl);
  });

  it('lets the machine file override the user, key by key, and lists what it manages', () => {
    writeJson(userPath, { mode: 'recruiter', provider: { baseUrl: 'https://user.example/v1', interviewModel: 'user-model' } });
    writeJson(machinePath, { mode: 'kiosk', provider: { baseUrl: 'https://it.example/v1' } });
    const view = service().view();
    expect(view.settings.mode).toBe('kiosk');
    expect(view.settings.provider.baseUrl).toBe('https://it.example/v1');
    // A one-key machine section must not reset the user's other keys in that section to defaults.
    expect(view.settings.provider.interviewModel).toBe('user-model');
    expect(view.managedKeys.sort()).toEqual(['mode', 'provider.baseUrl']);
  });

  it('refuses to update a managed key and writes nothing', () => {
    writeJson(userPath, { smtp: { host: 'mail.user.example' } });
    writeJson(machinePath, { provider: { baseUrl: 'https://it.example/v1' } });
    const before = readFileSync(userPath, 'utf8');
    const settings = service();
    const listener = vi.fn();
    settings.onChange(listener);
    const error = settingsError(() => settings.update({ provider: { baseUrl: 'https://mine.example/v1' }, smtp: { port: 2525 } }));
    expect(error.code).toBe('managed');
    expect(error.message).toContain('provider.baseUrl');
    expect(error.message).toContain(machinePath);
    expect(readFileSync(userPath, 'utf8')).toBe(before);
    expect(settings.get().smtp.port).toBe(587);
    expect(listener).not.toHaveBeenCalled();
  });

  it('updates unmanaged keys: writes only the user layer, keeps other user values, notifies listeners', () => {
    writeJson(userPath, { provider: { interviewModel: 'user-model' } });
    writeJson(machinePath, { mode: 'kiosk' });
    const settings = service();
    const seen: AppSettings[] = [];
    const unsubscribe = settings.onChange((view) => seen.push(view.settings));
    const view = settings.update({ provider: { scoringModel: 'scorer' }, smtp: { host: 'smtp.example', port: 465, secure: true } });
    expect(view.settings.provider).toMatchObject({ interviewModel: 'user-model', scoringModel: 'scorer', baseUrl: defaultSettings.provider.baseUrl });
    expect(view.managedKeys).toEqual(['mode']);
    expect(JSON.parse(readFileSync(userPath, 'utf8'))).toEqual({
      provider: { interviewModel: 'user-model', scoringModel: 'scorer' },
      smtp: { host: 'smtp.example', port: 465, secure: true },
    });
    expect(seen).toHaveLength(1);
    expect(seen[0]?.smtp.host).toBe('smtp.example');
    unsubscribe();
    settings.update({ sync: { endpoint: 'https://sync.example' } });
    expect(seen).toHaveLength(1);
    // A fresh service reads back what was saved.
    expect(service().get()).toEqual(settings.get());
  });

  it('rejects an invalid update without writing', () => {
    const settings = service();
    const error = settingsError(() => settings.update({ provider: { baseUrl: 'ftp://nope' } }));
    expect(error.code).toBe('invalid');
    expect(error.message).toContain('provider.baseUrl');
    expect(existsSync(userPath)).toBe(false);
    expect(settingsError(() => settings.update({ colour: 'blue' } as never)).message).toContain('colour: unknown setting');
  });

  it('refuses a save that would break the AI provider (a voice the model lacks, audio the kiosk cannot play, a key in clear), writing nothing', () => {
    const settings = service();
    for (const patch of [
      { provider: { ttsModel: 'tts-1', ttsVoice: 'marin' } },
      { provider: { ttsResponseFormat: 'mp3' as const } },
      { provider: { baseUrl: 'http://ai-proxy.corp.example/v1' } },
    ]) {
      const error = settingsError(() => settings.update(patch));
      expect(error.message).toMatch(/^Settings not saved: .*(Choose one of|Choose wav|https:\/\/)/);
    }
    expect(existsSync(userPath)).toBe(false);
    expect(settings.get().provider).toEqual(defaultSettings.provider);
  });

  it('saves an unknown model and warns about it', () => {
    const view = service().update({ provider: { interviewModel: 'acme-llm-7' } });
    expect(view.settings.provider.interviewModel).toBe('acme-llm-7');
    expect(view.warnings).toEqual([expect.stringMatching(/Interview model "acme-llm-7" is not one the app knows/)]);
  });

  it("shows a problem IT's file has as a warning, and does not let it block other saves", () => {
    writeJson(machinePath, { provider: { ttsResponseFormat: 'mp3' } });
    const settings = service();
    expect(settings.view().warnings).toEqual([expect.stringMatching(/"mp3" cannot be played/)]);
    expect(settings.update({ provider: { scoringModel: 'gpt-4.1' } }).settings.provider.scoringModel).toBe('gpt-4.1');
  });

  it('hands out copies, so callers cannot change the settings behind its back', () => {
    const settings = service();
    settings.get().provider.baseUrl = 'https://evil.example';
    expect(settings.get().provider.baseUrl).toBe(defaultSettings.provider.baseUrl);
  });

  describe('a bad machine file stops construction with a SettingsError naming it', () => {
    it.each([
      ['not JSON', '{ "mode": "kiosk", ', 'is not valid JSON'],
      ['an unknown key', JSON.stringify({ provider: { baseUrl: 'https://x.example', colour: 'red' } }), 'provider.colour: unknown setting'],
      ['an unknown section', JSON.stringify({ theme: 'dark' }), 'theme: unknown setting'],
      ['a wrong type', JSON.stringify({ smtp: { port: '25' } }), 'smtp.port'],
      ['a bad value', JSON.stringify({ provider: { baseUrl: 'not a url' } }), 'provider.baseUrl'],
      ['not an object', JSON.stringify(['kiosk']), 'is invalid'],
    ])('%s', (_label, content, expected) => {
      writeJson(userPath, { mode: 'recruiter' });
      writeFileSync(join(dir, 'machine.json'), content);
      const error = settingsError(() => service(join(dir, 'machine.json')));
      expect(error.code).toBe('machine-file-invalid');
      expect(error.path).toBe(join(dir, 'machine.json'));
      expect(error.message).toContain(`IT-managed settings file ${join(dir, 'machine.json')}`);
      expect(error.message).toContain(expected);
      expect(error.message).toContain('Ask IT to correct it.');
    });

    it('unreadable (a folder where the file should be)', () => {
      const error = settingsError(() => service(dir));
      expect(error.code).toBe('machine-file-invalid');
      expect(error.message).toContain(`IT-managed settings file ${dir} could not be read`);
    });
  });

  describe('a bad user file stops construction with a SettingsError naming it and how to reset', () => {
    it.each([
      ['not JSON', 'not json at all'],
      ['an unknown key', JSON.stringify({ provider: { colour: 'red' } })],
      ['a wrong type', JSON.stringify({ mode: 42 })],
    ])('%s', (_label, content) => {
      writeJson(userPath, {});
      writeFileSync(userPath, content);
      const error = settingsError(() => service());
      expect(error.code).toBe('user-file-invalid');
      expect(error.path).toBe(userPath);
      expect(error.message).toContain(userPath);
      expect(error.message).toMatch(/delete it to reset/i);
      // Reported, never replaced.
      expect(readFileSync(userPath, 'utf8')).toBe(content);
    });
  });

  it('logs where settings came from without logging their values', () => {
    writeJson(userPath, { smtp: { username: 'ops@example.com' } });
    service();
    const output = logLines.join('\n');
    expect(output).toContain('settings loaded');
    expect(output).toContain('smtp.username');
    expect(output).not.toContain('ops@example.com');
  });
});

describe('defaultMachineSettingsPath', () => {
  it('gives the conventional IT location per OS', () => {
    expect(defaultMachineSettingsPath('linux', {})).toBe('/etc/teamified-kiosk/settings.json');
    expect(defaultMachineSettingsPath('darwin', {})).toBe('/Library/Application Support/Teamified Kiosk/settings.json');
    expect(defaultMachineSettingsPath('win32', { ProgramData: 'D:\\ProgramData' })).toBe('D:\\ProgramData\\Teamified Kiosk\\settings.json');
    expect(defaultMachineSettingsPath('win32', {})).toBe('C:\\ProgramData\\Teamified Kiosk\\settings.json');
  });

  it('honours TEAMIFIED_MACHINE_SETTINGS', () => {
    expect(defaultMachineSettingsPath('linux', { TEAMIFIED_MACHINE_SETTINGS: '/opt/kiosk/it.json' })).toBe('/opt/kiosk/it.json');
    expect(defaultMachineSettingsPath('win32', { TEAMIFIED_MACHINE_SETTINGS: 'E:\\it.json' })).toBe('E:\\it.json');
    expect(defaultMachineSettingsPath('linux', { TEAMIFIED_MACHINE_SETTINGS: '' })).toBe('/etc/teamified-kiosk/settings.json');
  });
});
