import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { ChatMessage } from '../../../src-main/providers/ai/types';
import { createAiHarness, interviewerPrompt, providerError, TEST_API_KEY, useFakeOpenAi, type AiHarness } from './support';

const fake = useFakeOpenAi();
let h: AiHarness;
beforeEach(() => {
  h = createAiHarness(fake.server, { provider: { interviewModel: 'gpt-4o-mini', scoringModel: 'gpt-4o' } });
});
afterEach(() => h.close());

const question: ChatMessage[] = [interviewerPrompt, { role: 'user', content: 'I have used React for three years.' }];

describe('the language model over the real SDK', () => {
  it('chats: sends the task’s model, the messages and the key; returns text and usage', async () => {
    fake.server.enqueue('chat', { kind: 'chat', content: 'Tell me about hooks.', usage: { prompt_tokens: 42, completion_tokens: 7 } });
    const reply = await h.ai.languageModel.chat({ task: 'interview', messages: question, temperature: 0.3, maxTokens: 200 });

    expect(reply).toMatchObject({ text: 'Tell me about hooks.', model: 'gpt-4o-mini', usage: { promptTokens: 42, completionTokens: 7 }, finishReason: 'stop', trimmed: false });
    expect(fake.server.requests).toHaveLength(1);
    const [request] = fake.server.requests;
    expect(request!.headers.authorization).toBe(`Bearer ${TEST_API_KEY}`);
    expect(request!.json).toMatchObject({ model: 'gpt-4o-mini', messages: question, temperature: 0.3, max_completion_tokens: 200 });
    expect(request!.json.stream).toBeUndefined();
  });

  it('uses the model configured for each task', async () => {
    await h.ai.languageModel.chat({ task: 'scoring', messages: question });
    await h.ai.languageModel.chat({ task: 'resumeParsing', messages: question });
    expect(fake.server.requests.map((r) => r.json.model)).toEqual(['gpt-4o', 'gpt-4o-mini']);
  });

  it('streams: the first token arrives long before the last is produced', async () => {
    const content = 'One two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen.';
    fake.server.enqueue('chat', { kind: 'chat', content, latency: { firstByteMs: 0, tokensPerSecond: 40 } });
    const started = performance.now();
    const stream = await h.ai.languageModel.streamChat({ task: 'interview', messages: question });
    const arrivals: number[] = [];
    let text = '';
    for await (const delta of stream.deltas) {
      arrivals.push(performance.now() - started);
      text += delta;
    }
    const reply = await stream.completion();

    expect(text).toBe(content);
    expect(reply.text).toBe(content);
    expect(arrivals.length).toBeGreaterThan(20);
    // 25 tokens at 40/s take ~600 ms to produce; the first must not wait for them.
    expect(arrivals[0]!).toBeLessThan(arrivals.at(-1)! - 300);
    expect(reply.usage.completionTokens).toBeGreaterThan(0);
    expect(fake.server.requests[0]!.json).toMatchObject({ stream: true, stream_options: { include_usage: true } });
  });

  it('completion() reads a stream nobody iterated', async () => {
    fake.server.enqueue('chat', { kind: 'chat', content: 'Just the answer.', usage: { prompt_tokens: 10, completion_tokens: 4 } });
    const stream = await h.ai.languageModel.streamChat({ task: 'interview', messages: question });
    expect(await stream.completion()).toMatchObject({ text: 'Just the answer.', usage: { promptTokens: 10, completionTokens: 4 } });
  });

  it('a consumer that stops reading ends the stream and still gets the partial reply', async () => {
    fake.server.enqueue('chat', { kind: 'chat', content: 'word '.repeat(200), latency: { tokensPerSecond: 200 } });
    const stream = await h.ai.languageModel.streamChat({ task: 'interview', messages: question });
    let seen = 0;
    for await (const _ of stream.deltas) if (++seen === 3) break;
    const reply = await stream.completion();
    expect(reply.text.length).toBeGreaterThan(0);
    expect(reply.text.length).toBeLessThan(1000);
    expect(reply.finishReason).toBeNull();
  });

  describe('structured output', () => {
    const verdict = z.object({ score: z.number().min(0).max(10), summary: z.string() });

    it('sends a strict JSON schema and returns the validated value', async () => {
      fake.server.enqueue('chat', { kind: 'structured', json: { score: 7, summary: 'Solid hooks knowledge.' } });
      const reply = await h.ai.languageModel.structured({ task: 'scoring', messages: question, schema: verdict, schemaName: 'verdict' });
      expect(reply.value).toEqual({ score: 7, summary: 'Solid hooks knowledge.' });
      const format = fake.server.requests[0]!.json.response_format;
      expect(format).toMatchObject({ type: 'json_schema', json_schema: { name: 'verdict', strict: true, schema: { type: 'object', required: ['score', 'summary'] } } });
    });

    it('retries once when the reply fails the schema, and succeeds', async () => {
      fake.server.enqueue('chat', { kind: 'structured', json: { score: 'seven' } }, { kind: 'structured', json: { score: 8, summary: 'Good.' } });
      const reply = await h.ai.languageModel.structured({ task: 'scoring', messages: question, schema: verdict, schemaName: 'verdict' });
      expect(reply.value).toEqual({ score: 8, summary: 'Good.' });
      expect(fake.server.requests).toHaveLength(2);
      // Both replies were paid for.
      expect(reply.usage.completionTokens).toBeGreaterThan(4);
    });

    it('reports schema_mismatch after a second bad reply, naming the problem but not the content', async () => {
      fake.server.enqueue('chat', { kind: 'structured', json: { score: 11, summary: 'Ada Lovelace, ada@example.com' } }, { kind: 'chat', content: 'Sure! Here is my verdict: great.' });
      const error = await providerError(h.ai.languageModel.structured({ task: 'scoring', messages: question, schema: verdict, schemaName: 'verdict' }));
      expect(error).toMatchObject({ kind: 'schema_mismatch', endpoint: 'chat', retryable: true });
      expect(error.message).toContain('"verdict"');
      expect(error.message).toContain('not JSON');
      expect(error.message).not.toContain('great');
      expect(fake.server.requests).toHaveLength(2);
      expect(h.logLines.join('\n')).not.toContain('Ada Lovelace');
    });
  });

  it('reports a schema strict mode cannot express as bad_request, without a request', async () => {
    const schema = z.object({ note: z.string().optional() });
    const error = await providerError(h.ai.languageModel.structured({ task: 'scoring', messages: question, schema, schemaName: 'loose' }));
    expect(error).toMatchObject({ kind: 'bad_request', retryable: false });
    expect(error.message).toContain('nullable');
    expect(fake.server.requests).toHaveLength(0);
  });

  describe('context length', () => {
    const long: ChatMessage[] = [interviewerPrompt];
    for (let i = 1; i <= 8; i++) long.push({ role: 'assistant', content: `Question ${i}?` }, { role: 'user', content: `Answer ${i}.` });

    it('retries once with the system prompt and the last five messages', async () => {
      fake.server.enqueue('chat', { kind: 'fault', fault: 'context_length' }, { kind: 'chat', content: 'Next question.' });
      const reply = await h.ai.languageModel.chat({ task: 'interview', messages: long });
      expect(reply).toMatchObject({ text: 'Next question.', trimmed: true });
      expect(fake.server.requests).toHaveLength(2);
      expect(fake.server.requests[1]!.json.messages).toEqual([interviewerPrompt, ...long.slice(-5)]);
      expect(h.waits).toEqual([]);
    });

    it('reports context_length when the trimmed conversation is still too long', async () => {
      fake.server.enqueue('chat', { kind: 'fault', fault: 'context_length' }, { kind: 'fault', fault: 'context_length' });
      const error = await providerError(h.ai.languageModel.chat({ task: 'interview', messages: long }));
      expect(error).toMatchObject({ kind: 'context_length', retryable: false, status: 400 });
      expect(error.message).toMatch(/even with only the system prompt and the last 5 messages/);
      expect(fake.server.requests).toHaveLength(2);
    });

    it('does not resend a conversation that trimming cannot shorten', async () => {
      fake.server.enqueue('chat', { kind: 'fault', fault: 'context_length' });
      const error = await providerError(h.ai.languageModel.chat({ task: 'interview', messages: question }));
      expect(error.kind).toBe('context_length');
      expect(fake.server.requests).toHaveLength(1);
    });

    it('applies to streamed chat and structured output too', async () => {
      fake.server.enqueue('chat', { kind: 'fault', fault: 'context_length' }, { kind: 'chat', content: 'Streamed.' });
      const stream = await h.ai.languageModel.streamChat({ task: 'interview', messages: long });
      expect(await stream.completion()).toMatchObject({ text: 'Streamed.', trimmed: true });
      expect(fake.server.requests[1]!.json.messages).toHaveLength(6);

      fake.server.reset();
      fake.server.enqueue('chat', { kind: 'fault', fault: 'context_length' }, { kind: 'structured', json: { ok: true } });
      const reply = await h.ai.languageModel.structured({ task: 'scoring', messages: long, schema: z.object({ ok: z.boolean() }), schemaName: 'ok' });
      expect(reply).toMatchObject({ value: { ok: true }, trimmed: true });
    });
  });
});
