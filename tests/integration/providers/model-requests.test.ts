import OpenAI from 'openai';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { synthesizeWav } from '../../fixtures/fake-openai/index';
import type { ChatMessage } from '../../../src-main/providers/ai/types';
import { createAiHarness, interviewerPrompt, TEST_API_KEY, useFakeOpenAi, type AiHarness, type HarnessOptions } from './support';

/*
 * Requests are built from the model table (shared/domain/ai-models.ts), so
 * choosing a newer model does not break a feature: the strict fake refuses
 * what the real service refuses (temperature for reasoning models, logprobs
 * for transcribers that lack them), and each request here must get through.
 */

const fake = useFakeOpenAi();
let h: AiHarness | undefined;
const harness = (provider: HarnessOptions['provider']) => (h = createAiHarness(fake.server, { provider }));
afterEach(() => h?.close());

const messages: ChatMessage[] = [interviewerPrompt, { role: 'user', content: 'Ask me about closures.' }];
const verdict = z.object({ score: z.number() });

describe('language-model requests per model family', () => {
  it('a classic model gets temperature and the plain token cap', async () => {
    const { ai } = harness({ interviewModel: 'gpt-4o-mini' });
    await ai.languageModel.chat({ task: 'interview', messages, temperature: 0.2, maxTokens: 300 });
    const body = fake.server.requests[0]!.json;
    expect(body).toMatchObject({ temperature: 0.2, max_completion_tokens: 300 });
    expect(body).not.toHaveProperty('reasoning_effort');
  });

  it.each([
    ['gpt-5-mini', 'minimal', 300 + 1024],
    ['gpt-5.1', 'none', 300],
    ['gpt-5.2', 'none', 300],
    ['o4-mini', 'low', 300 + 4096],
  ])('%s in the interview: no temperature, reasoning_effort %s, room to think inside max_completion_tokens', async (model, effort, cap) => {
    const { ai } = harness({ interviewModel: model });
    fake.server.enqueue('chat', { kind: 'chat', content: 'What is a closure?' });
    const stream = await ai.languageModel.streamChat({ task: 'interview', messages, temperature: 0.7, maxTokens: 300 });
    expect((await stream.completion()).text).toBe('What is a closure?');
    const request = fake.server.requests[0]!;
    expect(request.refused).toBeUndefined();
    expect(request.json).toMatchObject({ model, reasoning_effort: effort, max_completion_tokens: cap });
    expect(request.json).not.toHaveProperty('temperature');
  });

  it('background work (scoring) asks a reasoning model for a little reasoning', async () => {
    const { ai } = harness({ scoringModel: 'gpt-5-mini' });
    fake.server.enqueue('chat', { kind: 'structured', json: { score: 4 } });
    await ai.languageModel.structured({ task: 'scoring', messages, schema: verdict, schemaName: 'verdict', temperature: 0 });
    expect(fake.server.requests[0]!.json).toMatchObject({ reasoning_effort: 'low' });
    expect(fake.server.requests[0]!.json).not.toHaveProperty('temperature');
  });

  it('the strict fake refuses what the app no longer sends: temperature to a reasoning model', async () => {
    // Sent by hand with the SDK, to show the refusal the model table protects the app from.
    const client = new OpenAI({ baseURL: fake.server.url, apiKey: TEST_API_KEY, maxRetries: 0 });
    await expect(client.chat.completions.create({ model: 'gpt-5-mini', messages, temperature: 0 })).rejects.toMatchObject({ status: 400, param: 'temperature' });
  });
});

describe('transcription requests per model', () => {
  const audio = new Uint8Array(synthesizeWav(400));

  it.each([
    ['whisper-1', 'verbose_json', undefined],
    ['gpt-4o-transcribe', 'json', 'logprobs'],
    ['gpt-4o-mini-transcribe', 'json', 'logprobs'],
    // Not in the app's table: plain json, which every OpenAI transcriber takes; diarize refuses logprobs.
    ['gpt-4o-transcribe-diarize', 'json', undefined],
  ])('%s: response_format %s, include %s', async (model, format, include) => {
    const { ai } = harness({ sttModel: model });
    await ai.speechToText.transcribe({ audio, mediaType: 'audio/wav', language: 'en' });
    const request = fake.server.requests[0]!;
    expect(request.refused).toBeUndefined();
    expect(request.form!.fields.response_format).toBe(format);
    expect(request.form!.fields['include[]']).toBe(include);
  });
});
