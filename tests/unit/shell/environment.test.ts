import { describe, expect, it } from 'vitest';
import { defaultMachineSettingsPath } from '../../../src-main/settings/settings-service';
import { environmentChoices } from '../../../src-main/shell/environment';

/** Fix 8. */
describe('environment overrides', () => {
  const env = { TEAMIFIED_DATA_DIR: '/tmp/elsewhere', TEAMIFIED_MACHINE_SETTINGS: '/tmp/my-settings.json' };

  it('are honoured in development (and by the Electron end-to-end test)', () => {
    expect(environmentChoices(false, env, 'linux')).toEqual({ dataDir: '/tmp/elsewhere', machineSettingsPath: '/tmp/my-settings.json', ignored: [] });
  });

  it('are ignored in a packaged build, which reads IT’s machine file at its fixed place', () => {
    expect(environmentChoices(true, env, 'linux')).toEqual({
      dataDir: null,
      machineSettingsPath: '/etc/teamified-kiosk/settings.json',
      ignored: ['TEAMIFIED_DATA_DIR', 'TEAMIFIED_MACHINE_SETTINGS'],
    });
    expect(environmentChoices(true, env, 'win32').machineSettingsPath).toBe('C:\\ProgramData\\Teamified Kiosk\\settings.json');
  });

  it('name nothing to ignore when unset', () => {
    expect(environmentChoices(true, {}, 'darwin')).toEqual({ dataDir: null, machineSettingsPath: '/Library/Application Support/Teamified Kiosk/settings.json', ignored: [] });
  });

  it('reach the settings service through an option, not Electron', () => {
    expect(defaultMachineSettingsPath('linux', env)).toBe('/tmp/my-settings.json');
    expect(defaultMachineSettingsPath('linux', env, { allowOverride: true })).toBe('/tmp/my-settings.json');
    expect(defaultMachineSettingsPath('linux', env, { allowOverride: false })).toBe('/etc/teamified-kiosk/settings.json');
  });
});
