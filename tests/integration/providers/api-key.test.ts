import { afterEach, describe, expect, it } from 'vitest';
import { ProviderError } from '../../../src-main/providers/ai/errors';
import type { Reply } from '../../fixtures/fake-openai/index';
import { ownWindow, strongPassword } from '../../support/test-app';
import { collect, createAiHarness, interviewerPrompt, TEST_API_KEY, useFakeOpenAi, type AiHarness } from './support';

const fake = useFakeOpenAi();
let h: AiHarness | undefined;
afterEach(() => h?.close());

const messages = [interviewerPrompt, { role: 'user' as const, content: 'Hi.' }];
const fault = (name: 'unauthorized' | 'forbidden' | 'bad_request' | 'server_error' | 'hang' | 'drop_connection' | 'malformed_json'): Reply => ({ kind: 'fault', fault: name });

describe('the API key', () => {
  it('reaches the provider, and never the logs, the errors or anything sent to the renderer', async () => {
    const t = (h = createAiHarness(fake.server, { aiResilience: { timeoutsMs: { chat: 150, transcription: 150, speech: 150 }, breaker: { failureThreshold: 100 } } }));
    const errors: unknown[] = [];
    const attempt = async (run: () => Promise<unknown>) => {
      try {
        await run();
      } catch (error) {
        errors.push(error);
      }
    };
    // Every kind of failure, a 401 among them, and successes on all three endpoints.
    const times = (n: number, reply: Reply) => Array.from({ length: n }, () => reply);
    fake.server.enqueue('chat', fault('unauthorized'), fault('forbidden'), fault('bad_request'), ...times(4, fault('drop_connection')), fault('malformed_json'), ...times(4, fault('hang')));
    fake.server.enqueue('chat', { kind: 'chat', content: 'fine' }, fault('unauthorized'));
    for (let i = 0; i < 7; i++) await attempt(() => t.ai.languageModel.chat({ task: 'interview', messages }));
    await attempt(async () => (await t.ai.languageModel.streamChat({ task: 'interview', messages })).completion());
    fake.server.enqueue('transcriptions', fault('unauthorized'));
    await attempt(() => t.ai.speechToText.transcribe({ audio: new Uint8Array(64), mediaType: 'audio/webm' }));
    await attempt(() => t.ai.speechToText.transcribe({ audio: new Uint8Array(64), mediaType: 'audio/webm' }));
    fake.server.enqueue('speech', fault('unauthorized'));
    await attempt(() => t.ai.textToSpeech.synthesize({ text: 'Hello.' }));
    await attempt(async () => collect((await t.ai.textToSpeech.synthesize({ text: 'Hello.' })).chunks));

    // The key was really used: it went to the provider in the Authorization header.
    expect(fake.server.requests.length).toBeGreaterThan(8);
    for (const request of fake.server.requests) expect(request.headers.authorization).toBe(`Bearer ${TEST_API_KEY}`);

    expect(errors.length).toBeGreaterThanOrEqual(6);
    for (const error of errors) {
      expect(error).toBeInstanceOf(ProviderError);
      const providerError = error as ProviderError;
      expect(providerError.message).not.toContain(TEST_API_KEY);
      expect(JSON.stringify({ ...providerError, message: providerError.message, stack: providerError.stack })).not.toContain(TEST_API_KEY);
      expect(providerError.cause).toBeUndefined();
      t.app.services.logger.error('provider call failed', { error });
    }
    expect(new Set(errors.map((e) => (e as ProviderError).kind))).toEqual(new Set(['unauthorized', 'bad_request', 'network', 'malformed_reply', 'timeout']));

    // What the renderer can ask for: settings and secret status.
    await t.app.dispatch('setup.createFirstAdmin', { email: 'admin@example.com', password: strongPassword, fullName: 'Ada Admin' }, ownWindow('admin'));
    const answers = [
      await t.app.dispatch('app.getStatus', {}, ownWindow('admin')),
      await t.app.dispatch('settings.get', {}, ownWindow('admin')),
      await t.app.dispatch('secrets.getStatus', {}, ownWindow('admin')),
      await t.app.dispatch('settings.update', { provider: { ttsVoice: 'nova' } }, ownWindow('admin')),
    ];
    for (const answer of answers) expect(answer.ok).toBe(true);
    expect(answers[2]).toMatchObject({ data: { stored: { 'openai-api-key': true } } });
    expect(JSON.stringify(answers)).not.toContain(TEST_API_KEY);

    expect(t.logLines.length).toBeGreaterThan(10);
    expect(t.logLines.join('\n')).not.toContain(TEST_API_KEY);
    // Not even a recognisable piece of it.
    expect(t.logLines.join('\n')).not.toContain(TEST_API_KEY.slice(-8));
  });

  it('is read from the keychain at call time: none stored means not_configured, without a request', async () => {
    const t = (h = createAiHarness(fake.server, { apiKey: null }));
    const error = await t.ai.languageModel.chat({ task: 'interview', messages }).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'not_configured', retryable: false });
    expect((error as Error).message).toContain('No OpenAI API key is stored');
    expect(fake.server.requests).toHaveLength(0);

    await t.secrets.set('openai-api-key', 'a-key-stored-later-0001');
    await t.ai.languageModel.chat({ task: 'interview', messages });
    await t.secrets.set('openai-api-key', 'a-rotated-key-0002');
    await t.ai.languageModel.chat({ task: 'interview', messages });
    expect(fake.server.requests.map((r) => r.headers.authorization)).toEqual(['Bearer a-key-stored-later-0001', 'Bearer a-rotated-key-0002']);
  });

  it('follows the provider address in settings on the next call', async () => {
    const t = (h = createAiHarness(fake.server));
    t.settings.update({ provider: { baseUrl: 'http://127.0.0.1:9/v1' } });
    const error = await t.ai.languageModel.chat({ task: 'interview', messages }).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'network' });
    expect((error as Error).message).toContain('127.0.0.1:9');
    t.settings.update({ provider: { baseUrl: fake.server.url } });
    expect((await t.ai.languageModel.chat({ task: 'interview', messages })).text).toBeTruthy();
  });
});
