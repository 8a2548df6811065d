import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { appModes, defaultSettings, type AppMode } from '../../shared/domain/settings';
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
    // An OpenAI-compatible server, e.g. the fake one: node --import tsx tests/fixtures/fake-openai/cli.ts --port 5181
    'openai-base-url': { type: 'string' },
  },
});

/** Read from the environment, never a flag: a flag would show the key in the process list and shell history. */
const API_KEY_ENV = 'TEAMIFIED_OPENAI_API_KEY';
const baseUrl = values['openai-base-url'];
const apiKey = process.env[API_KEY_ENV];
if (baseUrl !== undefined && !/^https?:\/\//.test(baseUrl)) {
  console.error('--openai-base-url must be an http:// or https:// address, e.g. http://127.0.0.1:5181/v1');
  process.exit(2);
}
if (baseUrl !== undefined && !apiKey) {
  console.error(`--openai-base-url needs the API key in the ${API_KEY_ENV} environment variable (any non-empty value for the fake server).`);
  process.exit(2);
}
const openAi = apiKey ? { baseUrl: baseUrl ?? defaultSettings.provider.baseUrl, apiKey } : undefined;

const mode = values.mode;
if (mode !== undefined && !appModes.includes(mode as AppMode)) {
  console.error(`--mode must be one of: ${appModes.join(', ')}`);
  process.exit(2);
}

try {
  const host = await startBrowserHost({
    dataDir: resolve(values['data-dir']),
    port: Number(values.port),
    // A key from the environment is given again on every start; keeping it in memory leaves the keychain's own key alone.
    secrets: openAi ? 'memory' : 'keychain',
    ...(mode ? { machineSettings: { mode: mode as AppMode } } : {}),
    ...(openAi ? { openAi } : {}),
  });
  console.log(`Teamified Kiosk (browser host) is running.\nOpen: ${host.url}\nData: ${resolve(values['data-dir'])}\nPress Ctrl+C to stop.`);
  const stop = () => void host.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
}
