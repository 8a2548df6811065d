import OpenAI from 'openai';
import { zodResponseFormat } from 'openai/helpers/zod';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { startFakeOpenAi, type FakeOpenAi } from '../../fixtures/fake-openai';

let fake: FakeOpenAi;
let client: OpenAI;

beforeAll(async () => {
  fake = await startFakeOpenAi();
  client = new OpenAI({ baseURL: fake.url, apiKey: 'sk-test-chat', maxRetries: 0 });
});
afterEach(() => fake.reset());
afterAll(() => fake.close());

const question = [{ role: 'user' as const, content: 'Ask me about TypeScript generics.' }];

describe('fake OpenAI: chat completions', () => {
  it('answers a plain chat with OpenAI’s shape and echoes the model', async () => {
    fake.enqueue('chat', { kind: 'chat', content: 'What is a generic constraint?', usage: { prompt_tokens: 11, completion_tokens: 7 } });
    const completion = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: question });

    expect(completion).toMatchObject({
      object: 'chat.completion',
      model: 'gpt-4o-mini',
      choices: [{ index: 0, message: { role: 'assistant', content: 'What is a generic constraint?', refusal: null }, finish_reason: 'stop' }],
      usage: { prompt_tokens: 11, completion_tokens: 7, total_tokens: 18 },
    });
    expect(completion.id).toMatch(/^chatcmpl-/);
    expect(completion.created).toBeCloseTo(Date.now() / 1000, -1);
    expect(completion._request_id).toMatch(/^req_/);
  });

  it('estimates usage as ceil(chars / 4) and answers with a default when nothing is scripted', async () => {
    const completion = await client.chat.completions.create({
      model: 'gpt-4o',
      messages: [
        { role: 'system', content: 'abcdefgh' }, // 8
        { role: 'user', content: [{ type: 'text', text: 'abcde' }] }, // 5
      ],
    });
    const content = 'This is the fake OpenAI server.';
    expect(completion.choices[0]?.message.content).toBe(content);
    expect(completion.usage).toMatchObject({ prompt_tokens: 4, completion_tokens: Math.ceil(content.length / 4) });
  });

  it('reports finish_reason length when scripted', async () => {
    fake.enqueue('chat', { kind: 'chat', content: 'cut o', finishReason: 'length' });
    const completion = await client.chat.completions.create({ model: 'gpt-4o', messages: question });
    expect(completion.choices[0]?.finish_reason).toBe('length');
  });

  it('streams tokens as they are produced, then finish_reason, usage and [DONE]', async () => {
    const content = 'Tell me about a time you refactored a large module.'; // 51 chars: 13 tokens
    fake.enqueue('chat', { kind: 'chat', content, latency: { firstByteMs: 50, tokensPerSecond: 40 } });

    const started = performance.now();
    const stream = await client.chat.completions.create({ model: 'gpt-4o', messages: question, stream: true, stream_options: { include_usage: true } });
    let firstDeltaAt: number | undefined;
    let text = '';
    const chunks: OpenAI.Chat.Completions.ChatCompletionChunk[] = [];
    for await (const chunk of stream) {
      chunks.push(chunk);
      const delta = chunk.choices[0]?.delta.content;
      if (delta) {
        firstDeltaAt ??= performance.now();
        text += delta;
      }
    }
    const endedAt = performance.now();

    expect(text).toBe(content);
    // 12 gaps of 25 ms after the first token: the first arrives ~300 ms before the end.
    expect(firstDeltaAt! - started).toBeGreaterThanOrEqual(45);
    expect(endedAt - firstDeltaAt!).toBeGreaterThan(200);
    expect(chunks[0]).toMatchObject({ object: 'chat.completion.chunk', model: 'gpt-4o', choices: [{ delta: { role: 'assistant' } }] });
    expect(chunks.filter((c) => c.choices[0]?.delta.content).every((c) => c.choices[0]!.delta.content!.length <= 4)).toBe(true);
    expect(chunks.at(-2)?.choices[0]?.finish_reason).toBe('stop');
    expect(chunks.at(-1)).toMatchObject({ choices: [], usage: { completion_tokens: 13, total_tokens: expect.any(Number) } });
  });

  it('omits the usage chunk unless include_usage is asked for', async () => {
    const stream = await client.chat.completions.create({ model: 'gpt-4o', messages: question, stream: true });
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    expect(chunks.at(-1)?.choices[0]?.finish_reason).toBe('stop');
    expect(chunks.some((c) => c.usage)).toBe(false);
  });

  describe('structured output', () => {
    const Score = z.object({ score: z.number().int().min(0).max(10), rationale: z.string() });
    const responseFormat = zodResponseFormat(Score, 'answer_score');

    it('parses a scripted object through the SDK’s zod helper, and records the schema sent', async () => {
      fake.enqueue('chat', { kind: 'structured', json: { score: 7, rationale: 'Clear and correct.' } });
      const completion = await client.chat.completions.parse({ model: 'gpt-4o', messages: question, response_format: responseFormat });

      expect(completion.choices[0]?.message.parsed).toEqual({ score: 7, rationale: 'Clear and correct.' });
      expect(fake.requests[0]?.json.response_format).toMatchObject({ type: 'json_schema', json_schema: { name: 'answer_score', strict: true } });
    });

    it('makes the SDK fail when the scripted JSON violates the schema', async () => {
      fake.enqueue('chat', { kind: 'structured', json: { score: 'seven' } });
      await expect(client.chat.completions.parse({ model: 'gpt-4o', messages: question, response_format: responseFormat })).rejects.toThrow(z.ZodError);
    });

    it('answers {} to a structured request when nothing is scripted', async () => {
      const completion = await client.chat.completions.create({ model: 'gpt-4o', messages: question, response_format: responseFormat });
      expect(completion.choices[0]?.message.content).toBe('{}');
    });

    it('streams structured content that the SDK can assemble', async () => {
      fake.enqueue('chat', { kind: 'structured', json: { score: 3, rationale: 'Vague.' } });
      const stream = client.chat.completions.stream({ model: 'gpt-4o', messages: question, response_format: responseFormat });
      const final = await stream.finalChatCompletion();
      expect(final.choices[0]?.message.parsed).toEqual({ score: 3, rationale: 'Vague.' });
    });
  });

  it('uses a responder when the queue is empty, and reset() restores the default', async () => {
    fake.setResponder('chat', (request) => ({ kind: 'chat', content: `echo: ${request.json.messages.at(-1).content}` }));
    fake.enqueue('chat', { kind: 'chat', content: 'queued first' });

    const ask = async () => (await client.chat.completions.create({ model: 'gpt-4o', messages: question })).choices[0]?.message.content;
    expect(await ask()).toBe('queued first');
    expect(await ask()).toBe('echo: Ask me about TypeScript generics.');
    expect(fake.requests).toHaveLength(2);

    fake.reset();
    expect(fake.requests).toHaveLength(0);
    expect(await ask()).toBe('This is the fake OpenAI server.');
  });

  it('refuses, at enqueue time, a reply kind the endpoint cannot send', () => {
    expect(() => fake.enqueue('chat', { kind: 'speech' })).toThrow(/cannot answer a chat request/);
  });
});
