import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startFakeOpenAi, type FakeOpenAi } from '../../fixtures/fake-openai';

/* eslint-disable @typescript-eslint/no-explicit-any -- server events are read as the wire sends them */

let fake: FakeOpenAi;
beforeAll(async () => {
  fake = await startFakeOpenAi();
});
afterEach(() => fake.reset());
afterAll(() => fake.close());

const wsUrl = (query = '?intent=transcription', path = '/v1/realtime') => fake.url.replace(/^http/, 'ws').replace(/\/v1$/, path) + query;

/** A client that keeps every server event and can wait for the next one of a type. */
class Client {
  readonly events: any[] = [];
  private waiters: Array<{ type: string; resolve: (event: any) => void }> = [];
  constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const event = JSON.parse(data.toString());
      this.events.push(event);
      for (const waiter of this.waiters.filter((w) => w.type === event.type)) {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        waiter.resolve(event);
      }
    });
  }
  static async open(headers: Record<string, string> = { Authorization: 'Bearer sk-test' }, url = wsUrl()): Promise<Client> {
    const ws = new WebSocket(url, { headers });
    const client = new Client(ws);
    const created = client.next('session.created');
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    await created;
    return client;
  }
  send(event: unknown): void {
    this.ws.send(JSON.stringify(event));
  }
  next(type: string): Promise<any> {
    const seen = this.events.find((event) => event.type === type && !(event as { taken?: boolean }).taken);
    if (seen) {
      seen.taken = true;
      return Promise.resolve(seen);
    }
    return new Promise((resolve) => this.waiters.push({ type, resolve: (event) => ((event.taken = true), resolve(event)) }));
  }
  async configure(model = 'gpt-4o-transcribe', extra: Record<string, unknown> = {}): Promise<any> {
    this.send({ type: 'session.update', session: { type: 'transcription', audio: { input: { format: { type: 'audio/pcm', rate: 24000 }, transcription: { model, language: 'en' }, turn_detection: null, ...extra } } } });
    return this.next('session.updated');
  }
  appendMs(ms: number): void {
    this.send({ type: 'input_audio_buffer.append', audio: Buffer.alloc(Math.round(ms * 48)).toString('base64') });
  }
}

const handshake = (headers: Record<string, string>, url: string) =>
  new Promise<{ status: number; body: any }>((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.on('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(body) }));
    });
    ws.on('open', () => reject(new Error('the handshake was accepted')));
    ws.on('error', () => undefined);
  });

describe('realtime transcription: handshake', () => {
  it('refuses an upgrade without a bearer key with 401, as the REST endpoints do', async () => {
    const { status, body } = await handshake({}, wsUrl());
    expect(status).toBe(401);
    expect(body.error.message).toMatch(/^You didn't provide an API key/);
    expect(fake.realtime.refusedHandshakes).toHaveLength(1);
  });

  it('refuses a wrong path with 404 and a missing target with 400', async () => {
    expect((await handshake({ Authorization: 'Bearer k' }, wsUrl('?intent=transcription', '/v1/realtime/x'))).status).toBe(404);
    const none = await handshake({ Authorization: 'Bearer k' }, wsUrl(''));
    expect(none.status).toBe(400);
    const wrongIntent = await handshake({ Authorization: 'Bearer k' }, wsUrl('?intent=speech'));
    expect(wrongIntent.body.error).toMatchObject({ code: 'invalid_value', param: 'intent' });
  });

  it('refuses the beta interface (OpenAI-Beta: realtime=v1), which our GA client never sends', async () => {
    const { status, body } = await handshake({ Authorization: 'Bearer k', 'OpenAI-Beta': 'realtime=v1' }, wsUrl());
    expect(status).toBe(400);
    expect(body.error.message).toMatch(/GA Realtime interface only/);
  });

  it('opens a GA transcription session: transcription off and server VAD on until configured', async () => {
    const client = await Client.open();
    const created = client.events[0];
    expect(created.session).toMatchObject({ type: 'transcription', audio: { input: { format: { type: 'audio/pcm', rate: 24000 }, transcription: null } } });
    expect(fake.realtime.sessions[0]?.headers.authorization).toBe('Bearer sk-test');
    client.ws.close();
  });
});

describe('realtime transcription: events', () => {
  it('streams deltas after commit, then completed with the whole text and token usage', async () => {
    fake.realtime.enqueue({ text: 'A closure keeps its scope.' });
    const client = await Client.open();
    const updated = await client.configure();
    expect(updated.session.audio.input.transcription.model).toBe('gpt-4o-transcribe');
    client.appendMs(500);
    client.send({ type: 'input_audio_buffer.commit' });
    const committed = await client.next('input_audio_buffer.committed');
    const completed = await client.next('conversation.item.input_audio_transcription.completed');
    expect(completed).toMatchObject({ item_id: committed.item_id, transcript: 'A closure keeps its scope.', usage: { type: 'tokens', input_tokens: 5 } });
    const deltas = client.events.filter((e) => e.type === 'conversation.item.input_audio_transcription.delta').map((e) => e.delta);
    expect(deltas.join('')).toBe('A closure keeps its scope.');
    expect(deltas.length).toBeGreaterThan(1);
    client.ws.close();
  });

  it('gpt-realtime-whisper sends deltas while audio is appended, before any commit', async () => {
    fake.realtime.enqueue({ text: 'one two three four five' });
    const client = await Client.open();
    await client.configure('gpt-realtime-whisper');
    client.appendMs(600);
    const first = await client.next('conversation.item.input_audio_transcription.delta');
    expect(first.delta).toBe('one ');
    client.send({ type: 'input_audio_buffer.commit' });
    const completed = await client.next('conversation.item.input_audio_transcription.completed');
    expect(completed.transcript).toBe('one two three four five');
    const deltas = client.events.filter((e) => e.type === 'conversation.item.input_audio_transcription.delta').map((e) => e.delta);
    expect(deltas.join('')).toBe('one two three four five');
    client.ws.close();
  });

  it('records the session events for tests to assert on', async () => {
    const client = await Client.open();
    await client.configure();
    client.appendMs(200);
    client.send({ type: 'input_audio_buffer.commit' });
    await client.next('conversation.item.input_audio_transcription.completed');
    expect(fake.realtime.sessions[0]?.events.map((e) => e.event.type)).toEqual(['session.update', 'input_audio_buffer.append', 'input_audio_buffer.commit']);
    client.ws.close();
  });

  it('scripted faults: a failed transcription, a dropped socket', async () => {
    fake.realtime.enqueue({ fault: 'failed' }, { fault: 'drop' });
    const client = await Client.open();
    await client.configure();
    client.appendMs(200);
    client.send({ type: 'input_audio_buffer.commit' });
    expect((await client.next('conversation.item.input_audio_transcription.failed')).error.code).toBe('transcription_failed');
    const closed = new Promise<void>((resolve) => client.ws.once('close', () => resolve()));
    client.appendMs(200);
    client.send({ type: 'input_audio_buffer.commit' });
    await closed;
  });
});

describe('realtime transcription: rules', () => {
  const refusal = async (client: Client, event: unknown) => {
    client.send(event);
    return (await client.next('error')).error;
  };

  it('refuses committing less than 100 ms of audio (input_audio_buffer_commit_empty)', async () => {
    const client = await Client.open();
    await client.configure();
    expect(await refusal(client, { type: 'input_audio_buffer.commit', event_id: 'c1' })).toEqual({
      type: 'invalid_request_error',
      code: 'input_audio_buffer_commit_empty',
      message: 'Error committing input audio buffer: buffer too small. Expected at least 100ms of audio, but buffer only has 0.00ms of audio.',
      param: null,
      event_id: 'c1',
    });
    client.appendMs(50);
    expect((await refusal(client, { type: 'input_audio_buffer.commit' })).message).toContain('only has 50.00ms');
    client.ws.close();
  });

  it('refuses unknown event types, the beta transcription_session.update among them', async () => {
    const client = await Client.open();
    const error = await refusal(client, { type: 'transcription_session.update', session: { input_audio_format: 'pcm16' } });
    expect(error).toMatchObject({ code: 'invalid_value', param: 'type' });
    expect(error.message).toMatch(/^Invalid value: 'transcription_session.update'\. Supported values are: 'session.update', 'input_audio_buffer.append'/);
    expect(fake.realtime.sessions[0]?.events[0]?.refused?.code).toBe('invalid_value');
    client.ws.close();
  });

  it('refuses a frame that is not JSON', async () => {
    const client = await Client.open();
    client.ws.send('not json');
    expect((await client.next('error')).error.code).toBe('invalid_json');
    client.ws.close();
  });

  it('refuses a session that is not of type transcription, and beta field names', async () => {
    const client = await Client.open();
    expect(await refusal(client, { type: 'session.update', session: { type: 'realtime' } })).toMatchObject({ code: 'invalid_value', param: 'session.type' });
    expect(await refusal(client, { type: 'session.update', session: { type: 'transcription', input_audio_format: 'pcm16' } })).toMatchObject({
      code: 'unknown_parameter',
      param: 'session.input_audio_format',
    });
    client.ws.close();
  });

  it('refuses audio/pcm at any rate but 24000 (16 kHz audio must be resampled by the client)', async () => {
    const client = await Client.open();
    const error = await refusal(client, { type: 'session.update', session: { type: 'transcription', audio: { input: { format: { type: 'audio/pcm', rate: 16000 } } } } });
    expect(error).toMatchObject({ code: 'invalid_value', param: 'session.audio.input.format.rate', message: "Invalid value: '16000'. Supported values are: '24000'." });
    expect((await refusal(client, { type: 'session.update', session: { type: 'transcription', audio: { input: { format: { type: 'pcm16' } } } } })).param).toBe(
      'session.audio.input.format.type',
    );
    client.ws.close();
  });

  it('refuses unknown transcription models and accepts the listed ones', async () => {
    const client = await Client.open();
    const error = await refusal(client, { type: 'session.update', session: { type: 'transcription', audio: { input: { transcription: { model: 'gpt-5-transcribe' } } } } });
    expect(error).toMatchObject({ code: 'invalid_value', param: 'session.audio.input.transcription.model' });
    for (const model of ['gpt-4o-transcribe', 'gpt-4o-mini-transcribe', 'whisper-1']) expect((await client.configure(model)).type).toBe('session.updated');
    client.ws.close();
  });

  it('gpt-realtime-whisper refuses a prompt and requires turn_detection null', async () => {
    const client = await Client.open();
    const base = { format: { type: 'audio/pcm', rate: 24000 } };
    expect(
      await refusal(client, { type: 'session.update', session: { type: 'transcription', audio: { input: { ...base, transcription: { model: 'gpt-realtime-whisper' } } } } }),
    ).toMatchObject({ param: 'session.audio.input.turn_detection' });
    expect(
      await refusal(client, {
        type: 'session.update',
        session: { type: 'transcription', audio: { input: { ...base, turn_detection: null, transcription: { model: 'gpt-realtime-whisper', prompt: 'tech' } } } },
      }),
    ).toMatchObject({ code: 'unsupported_parameter' });
    client.ws.close();
  });

  it('refuses a session.update without its session, its type, or its transcription model', async () => {
    const client = await Client.open();
    expect(await refusal(client, { type: 'session.update' })).toMatchObject({ code: 'missing_required_parameter', param: 'session' });
    expect(await refusal(client, { type: 'session.update', session: {} })).toMatchObject({ code: 'missing_required_parameter', param: 'session.type' });
    expect(await refusal(client, { type: 'session.update', session: { type: 'transcription', audio: { input: { transcription: { language: 'en' } } } } })).toMatchObject({
      code: 'missing_required_parameter',
      param: 'session.audio.input.transcription.model',
    });
    client.ws.close();
  });

  it('refuses an append of more than 15 MiB of audio in one event', async () => {
    const client = await Client.open();
    const audio = Buffer.alloc(15 * 1024 * 1024 + 3).toString('base64');
    expect(await refusal(client, { type: 'input_audio_buffer.append', audio })).toMatchObject({ param: 'audio' });
    client.ws.close();
  });

  it('refuses append audio that is not base64, or missing', async () => {
    const client = await Client.open();
    expect(await refusal(client, { type: 'input_audio_buffer.append', audio: 'not base64!' })).toMatchObject({ code: 'invalid_value', param: 'audio' });
    expect(await refusal(client, { type: 'input_audio_buffer.append' })).toMatchObject({ code: 'missing_required_parameter', param: 'audio' });
    client.ws.close();
  });

  it('with transcription left off, a commit yields no transcript', async () => {
    const client = await Client.open();
    client.appendMs(200);
    client.send({ type: 'input_audio_buffer.commit' });
    await client.next('input_audio_buffer.committed');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(client.events.some((e) => e.type.startsWith('conversation.item.input_audio_transcription'))).toBe(false);
    client.ws.close();
  });
});
