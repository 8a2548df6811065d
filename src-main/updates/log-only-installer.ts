import type { Logger } from '../logging/logger-types';
import type { UpdateInstaller } from './installer-port';

/**
 * Where no Electron shell is there to install (the browser host, tests):
 * a verified update is only noted in the log, and the installed version runs on.
 */
export function logOnlyInstaller(logger: Logger): UpdateInstaller {
  const note = (action: string) => (update: { version: string }) =>
    logger.info('the browser host does not install updates', { version: update.version, action });
  return { prepare: note('prepare'), installNow: note('install-now'), installOnQuit: note('install-on-quit') };
}
