import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBrowserHost } from '../../../../src-main/browser-host/start-browser-host';
import { createLogger } from '../../../../src-main/logging/logger';

/**
 * The browser host in a process of its own, so a test can tell whether a
 * frame would have ended it: prints `READY <url>` once listening, and each
 * log line it writes as `LOG <json>`.
 */
const dir = mkdtempSync(join(tmpdir(), 'kiosk-host-process-'));
const rendererDir = join(dir, 'renderer');
mkdirSync(rendererDir);
writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><html><head><script src="./app.js"></script></head></html>');
const host = await startBrowserHost({
  dataDir: join(dir, 'data'),
  rendererDir,
  logger: createLogger({ level: 'debug', sink: (line) => process.stdout.write(`LOG ${line}\n`) }),
});
process.stdout.write(`READY ${host.url}\n`);
process.on('SIGTERM', () => void host.close().then(() => process.exit(0)));
