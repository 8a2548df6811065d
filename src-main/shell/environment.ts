import { defaultMachineSettingsPath, MACHINE_SETTINGS_ENV } from '../settings/settings-service';

/** Moves the data folder; for development and the Electron end-to-end test. */
export const DATA_DIR_ENV = 'TEAMIFIED_DATA_DIR';

export interface EnvironmentChoices {
  /** Where userData should move to, or null to keep Electron's. */
  dataDir: string | null;
  /** The IT machine settings file to read. */
  machineSettingsPath: string;
  /** Variables that were set but not honoured, for the log. */
  ignored: string[];
}

/**
 * Environment variables that move the data folder or the IT settings file
 * are for development and tests. A packaged build ignores them: anyone who
 * can start the app could otherwise point a kiosk at a settings file of
 * their own, and IT configures devices through the machine settings file
 * at its fixed place.
 */
export function environmentChoices(isPackaged: boolean, env: NodeJS.ProcessEnv, platform: NodeJS.Platform): EnvironmentChoices {
  const ignored: string[] = [];
  const dataDirValue = env[DATA_DIR_ENV]?.trim() || null;
  if (isPackaged) {
    if (dataDirValue) ignored.push(DATA_DIR_ENV);
    if (env[MACHINE_SETTINGS_ENV]?.trim()) ignored.push(MACHINE_SETTINGS_ENV);
  }
  return {
    dataDir: isPackaged ? null : dataDirValue,
    machineSettingsPath: defaultMachineSettingsPath(platform, env, { allowOverride: !isPackaged }),
    ignored,
  };
}
