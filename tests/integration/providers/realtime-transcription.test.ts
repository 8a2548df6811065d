import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ProviderError } from '../../../src-main/providers/ai/errors';
import { realtimeUrl } from '../../../src-main/providers/ai/openai-realtime-transcription';
import type { LiveDelta } from '../../../src-main/providers/ai/types';
import { createLiveHarness, tone16k } from './live-transcription-support';
import { useFakeOpenAi } from './support';

const fake = useFakeOpenAi();

const failure = async (promise: Promise<unknown>): Promise<ProviderError> => {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(ProviderError);
    return error as ProviderError;
  }
  throw new Error('expected the commit to fail');
};

describe('live transcription (Realtime, over loopback to the fake)', () => {
  it('configures a GA transcription session, streams 24 kHz audio, and resolves each commit with its words', async () => {
    const h = createLiveHarness(fake.server);
    fake.server.realtime.enqueue({ text: 'First part.' }, { text: 'Second part.' });
    const live = h.transcriber.open({ interviewId: 'interview-1', language: 'en' });
    const deltas: LiveDelta[] = [];
    live.onDelta((delta) => deltas.push(delta));

    live.append(tone16k(200));
    live.append(tone16k(200));
    const first = await live.commit();
    live.append(tone16k(300));
    const second = await live.commit();
    live.close();

    expect(first).toMatchObject({ text: 'First part.', model: 'gpt-4o-transcribe', language: 'en', durationSeconds: 0.4, confidence: null });
    expect(second.text).toBe('Second part.');
    expect(deltas.at(-1)).toEqual({ commitIndex: 1, text: 'Second part.' });
    expect(deltas.find((d) => d.commitIndex === 0 && d.text === 'First part.')).toBeDefined();

    const session = fake.server.realtime.sessions[0]!;
    expect(session.path).toBe('/v1/realtime?intent=transcription');
    expect(session.headers.authorization).toBe('Bearer kiosk-test-key-live');
    expect(session.events.every((e) => e.refused === undefined)).toBe(true);
    expect(session.events[0]!.event.session).toEqual({
      type: 'transcription',
      audio: { input: { format: { type: 'audio/pcm', rate: 24000 }, transcription: { model: 'gpt-4o-transcribe', language: 'en' }, turn_detection: null } },
    });
    // 400 ms of 16 kHz audio is 9600 samples at 24 kHz: 19200 bytes, give or take the interpolation's last sample.
    const appended = session.events
      .slice(1, 3)
      .reduce((sum, e) => sum + Buffer.from(e.event.audio as string, 'base64').byteLength, 0);
    expect(Math.abs(appended - 19_200)).toBeLessThanOrEqual(4);
  });

  it('meters each commit as a transcription with the tokens the completed event reports', async () => {
    const h = createLiveHarness(fake.server);
    const live = h.transcriber.open({ interviewId: 'interview-2' });
    live.append(tone16k(1000));
    await live.commit();
    live.close();
    const [row] = h.usage();
    expect(row).toMatchObject({ endpoint: 'transcription', model: 'gpt-4o-transcribe', interviewId: 'interview-2', outcome: 'ok', promptTokens: 10, audioSeconds: 1 });
    expect(row!.completionTokens).toBeGreaterThan(0);
  });

  it('gives each commit an audit entry with the hash of its own audio and of its words', async () => {
    const h = createLiveHarness(fake.server);
    fake.server.realtime.enqueue({ text: 'First part.' }, { text: 'Second part.' });
    const live = h.transcriber.open({ interviewId: 'interview-3' });
    const [a, b, c] = [tone16k(200), tone16k(200, 4000), tone16k(300)];
    live.append(a);
    live.append(b);
    await live.commit();
    live.append(c);
    await live.commit();
    live.close();
    const bytes = (...parts: Int16Array[]) => Buffer.concat(parts.map((part) => Buffer.from(part.buffer, part.byteOffset, part.byteLength)));
    const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');
    expect(h.audits().map((audit) => [audit.endpoint, audit.inputSha256, audit.outputSha256, audit.snapshot])).toEqual([
      ['transcription', sha256(bytes(a, b)), sha256('First part.'), null],
      ['transcription', sha256(bytes(c)), sha256('Second part.'), null],
    ]);
  });

  it('pads a tail shorter than 100 ms with silence, so the API does not refuse the commit', async () => {
    const h = createLiveHarness(fake.server);
    const live = h.transcriber.open({});
    live.append(tone16k(40));
    await expect(live.commit()).resolves.toMatchObject({ text: 'This is a fake live transcription.' });
    live.close();
    expect(fake.server.realtime.sessions[0]!.events.some((e) => e.refused)).toBe(false);
  });

  it('a commit with no audio resolves empty without asking the server', async () => {
    const h = createLiveHarness(fake.server);
    const live = h.transcriber.open({});
    await expect(live.commit()).resolves.toMatchObject({ text: '', durationSeconds: 0 });
    live.close();
  });

  it('rejects a commit that does not complete within the bound, and ends the session', async () => {
    const h = createLiveHarness(fake.server, { commitTimeoutMs: 300 });
    fake.server.realtime.enqueue({ fault: 'hang' });
    const live = h.transcriber.open({});
    live.append(tone16k(200));
    const error = await failure(live.commit());
    expect(error).toMatchObject({ kind: 'timeout', endpoint: 'transcription' });
    expect(error.message).toMatch(/within 0\.3 s; the recording is transcribed from its file instead/);
    expect(live.closed).toBe(true);
    expect(h.usage()[0]).toMatchObject({ outcome: 'error', errorKind: 'timeout' });
  });

  it('a dropped socket rejects every pending commit', async () => {
    const h = createLiveHarness(fake.server);
    fake.server.realtime.enqueue({ fault: 'drop' });
    const live = h.transcriber.open({});
    live.append(tone16k(200));
    const error = await failure(live.commit());
    expect(error.kind).toBe('network');
    expect(live.closed).toBe(true);
    await expect(live.commit()).rejects.toBe(error);
  });

  it('an unknown model fails the session with a message naming the setting', async () => {
    const h = createLiveHarness(fake.server, { model: 'gpt-9-transcribe' });
    const live = h.transcriber.open({});
    live.append(tone16k(200));
    const error = await failure(live.commit());
    expect(error).toMatchObject({ kind: 'bad_request', retryable: false });
    expect(error.message).toContain('Live speech-to-text model');
  });

  it('a failed transcription rejects that commit only', async () => {
    const h = createLiveHarness(fake.server);
    fake.server.realtime.enqueue({ fault: 'failed' }, { text: 'Still here.' });
    const live = h.transcriber.open({});
    live.append(tone16k(200));
    expect((await failure(live.commit())).kind).toBe('server_error');
    live.append(tone16k(200));
    await expect(live.commit()).resolves.toMatchObject({ text: 'Still here.' });
    live.close();
  });

  it('no stored key: the commit rejects with not_configured and nothing is dialled', async () => {
    const h = createLiveHarness(fake.server, { apiKey: null });
    const live = h.transcriber.open({});
    live.append(tone16k(200));
    expect((await failure(live.commit())).kind).toBe('not_configured');
    expect(fake.server.realtime.sessions).toHaveLength(0);
  });

  it('builds the WebSocket address from the provider base URL', () => {
    expect(realtimeUrl('https://api.openai.com/v1')).toBe('wss://api.openai.com/v1/realtime?intent=transcription');
    expect(realtimeUrl('http://127.0.0.1:9000/v1/')).toBe('ws://127.0.0.1:9000/v1/realtime?intent=transcription');
  });
});
