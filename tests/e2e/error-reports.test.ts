import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileErrorReports } from '../../src-main/errors/error-store';
import { TestSentryCollector } from '../support/sentry-collector';
import { expectScreen } from './support/flows';
import { useKioskHarness } from './support/harness';
import { crashRenderer } from './support/renderer-crash';

const EMAIL = 'grace.okafor@example.com';
const SENTENCE = 'I led the migration of our payments service to Kubernetes';
const VERSION = (JSON.parse(readFileSync(join(import.meta.dirname, '../../package.json'), 'utf8')) as { version: string }).version;

/**
 * Issue 20, point 6, end to end: a page error thrown in the renderer (the
 * real bundle in Chromium, where Electron's window would be) is reported by
 * the page, kept redacted by main, and sent to IT's collector (a local
 * Sentry-compatible one) with the app version and without the candidate's
 * words or address. A renderer that really crashes (Chromium's renderer
 * process in Electron's place) is kept as a crash once the shell's part is
 * played, counted in the fleet report and sent too.
 */
describe('errors IT can see', () => {
  const kiosk = useKioskHarness();
  const collector = new TestSentryCollector();
  beforeAll(() => collector.start());
  afterAll(() => collector.stop());

  it('a page error in the renderer reaches IT’s collector, redacted, with the app version', async () => {
    const { host, app } = await kiosk.start({ machineSettings: { errors: { collectorDsn: collector.dsn } } });
    await expectScreen(app.page, 'Set up this device');

    // What a screen's code would throw while it held a candidate's answer.
    await app.page.evaluate(
      ([sentence, email]) => {
        setTimeout(() => {
          throw new TypeError(`Could not save the answer "${sentence}" for ${email}`);
        });
      },
      [SENTENCE, EMAIL] as const,
    );

    await expect.poll(() => collector.events.length, { timeout: 15_000 }).toBe(1);
    expect(collector.events[0]).toMatchObject({
      release: `teamified-kiosk@${VERSION}`,
      platform: 'javascript',
      tags: { source: 'renderer', kind: 'uncaught', role: 'signed-out' },
      exception: { values: [{ type: 'TypeError', value: 'Could not save the answer [text] for [email]' }] },
    });
    const raw = collector.envelopes[0]!.raw;
    expect(raw).not.toContain(EMAIL);
    expect(raw).not.toContain('Kubernetes');
    // The page's address carries the browser host's token: only file names reach the frames.
    expect(raw).not.toContain('token=');

    const kept = new FileErrorReports(join(host.dataDir, 'errors')).list(new Date(0));
    expect(kept).toMatchObject([{ source: 'renderer', appVersion: VERSION, message: 'Could not save the answer [text] for [email]' }]);
    await expect.poll(() => new FileErrorReports(join(host.dataDir, 'errors')).list(new Date(0))[0]?.sentAt ?? null).not.toBeNull();

    // The harness fails a test on any page error: this one was forced, and is the only one.
    expect(app.problems).toEqual([expect.stringContaining('Could not save the answer')]);
    app.problems.length = 0;
  });

  it('a renderer that really crashes is kept as a crash, counted in the fleet report, and reaches IT’s collector', async () => {
    const { host, app } = await kiosk.start({ machineSettings: { errors: { collectorDsn: collector.dsn } } });
    await expectScreen(app.page, 'Set up this device');
    const sentBefore = collector.events.length;

    // A real crash of the page's renderer process, and the shell's part (render-process-gone) played with what Chromium reported.
    const gone = await crashRenderer(kiosk.browser(), app.page);
    expect(gone).toEqual({ reason: 'crashed', exitCode: expect.any(Number) });
    host.rendererGone('browser-1', gone);

    const kept = new FileErrorReports(join(host.dataDir, 'errors')).list(new Date(0));
    expect(kept).toMatchObject([{ source: 'renderer', kind: 'crash', errorClass: 'RendererGone', appVersion: VERSION, context: { reason: 'crashed', exitCode: gone.exitCode } }]);
    expect((await host.healthReport())?.errors).toMatchObject({ lastDay: 1, total: 1, last: { process: 'renderer', kind: 'RendererGone' } });
    await expect.poll(() => collector.events.length, { timeout: 15_000 }).toBe(sentBefore + 1);
    expect(collector.events.at(-1)).toMatchObject({ level: 'fatal', release: `teamified-kiosk@${VERSION}`, tags: { source: 'renderer', kind: 'crash', reason: 'crashed' } });
  });
});
