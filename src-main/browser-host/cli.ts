import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { appModes, type AppMode } from '../../shared/domain/settings';
import { startBrowserHost } from './start-browser-host';

/**
 * `npm run start:browser`: the app's main-process services under Node, its UI
 * in any browser on this machine. For development and demos where the
 * Electron binary is not available.
 */
const { values } = parseArgs({
  options: {
    'data-dir': { type: 'string', default: '.data/browser-host' },
    port: { type: 'string', default: '5180' },
    mode: { type: 'string' },
  },
});

const mode = values.mode;
if (mode !== undefined && !appModes.includes(mode as AppMode)) {
  console.error(`--mode must be one of: ${appModes.join(', ')}`);
  process.exit(2);
}

try {
  const host = await startBrowserHost({
    dataDir: resolve(values['data-dir']),
    port: Number(values.port),
    secrets: 'keychain',
    ...(mode ? { machineSettings: { mode: mode as AppMode } } : {}),
  });
  console.log(`Teamified Kiosk (browser host) is running.\nOpen: ${host.url}\nData: ${resolve(values['data-dir'])}\nPress Ctrl+C to stop.`);
  const stop = () => void host.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
}
