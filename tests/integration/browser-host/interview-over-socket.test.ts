import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startBrowserHost, type BrowserHost } from '../../../src-main/browser-host/start-browser-host';
import { quietKioskWatch } from '../../support/quiet-kiosk';
import { turnSittingsOff } from '../../support/unproctored';
import { createLogger } from '../../../src-main/logging/logger';
import { FakeClock, strongPassword } from '../../support/test-app';
import { startFakeOpenAi, type FakeOpenAi } from '../../fixtures/fake-openai/index';
import { answerWav, scriptAi } from '../interview/support';
import { agreeToNotice } from '../../support/consent';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- whatever the channel answers
type SocketReply = { ok: boolean; data?: any; error?: unknown };

/** The browser host pointed at an OpenAI-compatible server, carrying a spoken interview over its socket. */
describe('the browser host with an AI provider', () => {
  let host: BrowserHost;
  let server: FakeOpenAi;
  let dir: string;
  const clock = new FakeClock();

  beforeAll(async () => {
    server = await startFakeOpenAi();
    dir = mkdtempSync(join(tmpdir(), 'kiosk-host-ai-'));
    const rendererDir = join(dir, 'renderer');
    mkdirSync(rendererDir);
    writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><html><head><script type="module" src="./app.js"></script></head></html>');
    mkdirSync(join(dir, 'data'));
    // A kiosk taking interviews without a proctor (tests/integration/proctoring has sittings), seeing a clean machine.
    turnSittingsOff(join(dir, 'data'));
    host = await startBrowserHost({
      kioskWatch: quietKioskWatch,
      dataDir: join(dir, 'data'),
      rendererDir,
      logger: createLogger({ sink: () => {} }),
      openAi: { baseUrl: server.url, apiKey: 'host-test-key-3b9d' },
      clock,
    });
  });
  afterAll(async () => {
    await host.close();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes the provider address as an IT-managed setting and keeps the key in its secret store', async () => {
    const machine = JSON.parse(readFileSync(join(dir, 'data', 'machine-settings.json'), 'utf8')) as { provider?: { baseUrl?: string } };
    expect(machine.provider?.baseUrl).toBe(server.url);
    expect(host.app.services.settings.view().managedKeys).toContain('provider.baseUrl');
    expect(await host.app.services.secrets.get('openai-api-key')).toBe('host-test-key-3b9d');
    expect(host.app.services.clock.now().toISOString()).toBe(clock.now().toISOString());
  });

  it('takes an answer segment of megabytes in one socket message', async () => {
    scriptAi(server);
    const url = new URL(host.url);
    const socket = await new Promise<WebSocket>((resolve, reject) => {
      const ws = new WebSocket(`ws://${url.host}/__kiosk-ipc?token=${url.searchParams.get('token')}`, { origin: url.origin });
      ws.once('open', () => resolve(ws));
      ws.once('error', reject);
    });
    let next = 0;
    const call = (channel: string, input: unknown) =>
      new Promise<SocketReply>((resolve) => {
        const id = ++next;
        const onMessage = (raw: WebSocket.RawData) => {
          const message = JSON.parse(raw.toString()) as { id?: number; result?: { ok: boolean } };
          if (message.id !== id) return;
          socket.off('message', onMessage);
          resolve(message.result as never);
        };
        socket.on('message', onMessage);
        socket.send(JSON.stringify({ id, channel, input }));
      });

    expect((await call('auth.registerCandidate', { email: 'host@example.com', password: strongPassword, fullName: 'Hosted Candidate' })).ok).toBe(true);
    await agreeToNotice({
      ok: async (channel, input) => {
        const result = await call(channel, input);
        if (!result.ok) throw new Error(`${channel} failed: ${JSON.stringify(result)}`);
        return result.data as never;
      },
    });
    const started = await call('interview.start', { roleType: 'react' });
    expect(started.ok).toBe(true);
    // 55 seconds of 16 kHz speech (a segment is at most a minute): about 2.3 MB of base64, over the socket's old 1 MB limit.
    const audio = answerWav(55_000).toString('base64');
    expect(audio.length).toBeGreaterThan(2_000_000);
    const segment = await call('interview.answerSegment', {
      interviewId: started.data.id,
      questionMessageId: started.data.currentQuestion.messageId,
      segmentIndex: 0,
      audioWavBase64: audio,
      startedAfterQuestionMs: 500,
      endedAfterQuestionMs: 55_500,
    });
    expect(segment).toEqual({ ok: true, data: { accepted: true } });
    socket.close();
    await host.app.services.interviews.idle();
  });
});
