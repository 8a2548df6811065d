import type OpenAI from 'openai';
import { zodResponseFormat } from 'openai/helpers/zod';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { chatModels, conformanceProblem, isKnownChatModel, type RecordedRequest } from '../../fixtures/fake-openai';
import { expectRefusal, useFake } from './support';

const h = useFake();

type Params = OpenAI.Chat.Completions.ChatCompletionCreateParamsNonStreaming;
const messages = [{ role: 'user' as const, content: 'Ask me about closures.' }];
const ask = (params: Partial<Params> & { model: string }) => h.client.chat.completions.create({ messages, ...params } as Params);
/** Parameters the SDK's types forbid but a buggy caller can still send. */
const loose = (params: Record<string, unknown>) => ask(params as Partial<Params> & { model: string });

describe('chat: models', () => {
  it('exports the ModelIdsShared list, which includes every model the app and tests use', () => {
    for (const model of ['gpt-4o-mini', 'gpt-4o', 'gpt-4.1', 'gpt-4.1-mini', 'gpt-5-mini', 'gpt-5', 'o4-mini', 'o3']) {
      expect(chatModels).toContain(model);
    }
    expect(isKnownChatModel('gpt-4o-mini-2024-07-18')).toBe(true);
    expect(isKnownChatModel('gpt-5-mini-2099-01-31')).toBe(true); // any dated snapshot of a known model
    expect(isKnownChatModel('gpt-4o-mini-2024-7-18')).toBe(false);
  });

  it.each(['gpt-4o-mini', 'gpt-4o', 'gpt-4.1', 'gpt-4.1-mini', 'gpt-5-mini', 'gpt-5', 'o4-mini', 'o3', 'gpt-4o-2024-08-06'])('accepts %s', async (model) => {
    const completion = await ask({ model });
    expect(completion.model).toBe(model);
    expect(h.fake.requests[0]?.refused).toBeUndefined();
  });

  it('answers an unknown model with 404 model_not_found, as the real API does', async () => {
    await expectRefusal(ask({ model: 'gpt-4o-mini-fast' }), {
      status: 404,
      code: 'model_not_found',
      param: null,
      message: 'The model `gpt-4o-mini-fast` does not exist or you do not have access to it.',
    });
  });
});

describe('chat: reasoning models', () => {
  it.each(['o3', 'o4-mini', 'gpt-5', 'gpt-5-mini', 'gpt-5-nano', 'o1'])('%s refuses a temperature other than 1', async (model) => {
    await expectRefusal(ask({ model, temperature: 0.2 }), {
      status: 400,
      code: 'unsupported_value',
      param: 'temperature',
      message: "Unsupported value: 'temperature' does not support 0.2 with this model. Only the default (1) value is supported.",
    });
  });

  it('accepts temperature 1 (the default) from a reasoning model', async () => {
    await expect(ask({ model: 'gpt-5-mini', temperature: 1, top_p: 1 })).resolves.toBeDefined();
  });

  it('refuses top_p other than 1 the same way', async () => {
    await expectRefusal(ask({ model: 'o4-mini', top_p: 0.5 }), {
      status: 400,
      code: 'unsupported_value',
      param: 'top_p',
      message: "Unsupported value: 'top_p' does not support 0.5 with this model. Only the default (1) value is supported.",
    });
  });

  it.each(['gpt-5.1', 'gpt-5.2', 'gpt-5.4'])('%s takes temperature and top_p only with reasoning_effort none', async (model) => {
    await expect(ask({ model, temperature: 0.2, top_p: 0.9, reasoning_effort: 'none' })).resolves.toBeDefined();
    await expectRefusal(ask({ model, temperature: 0.2, reasoning_effort: 'low' }), {
      status: 400,
      code: 'unsupported_value',
      param: 'temperature',
      message: /does not support 0\.2 with this model/,
    });
    await expectRefusal(ask({ model, temperature: 0.2 }), { status: 400, code: 'unsupported_value', param: 'temperature', message: /Only the default \(1\)/ });
  });

  it('refuses max_tokens and points to max_completion_tokens', async () => {
    await expectRefusal(ask({ model: 'o4-mini', max_tokens: 100 }), {
      status: 400,
      code: 'unsupported_parameter',
      param: 'max_tokens',
      message: "Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.",
    });
    await expect(ask({ model: 'o4-mini', max_completion_tokens: 100 })).resolves.toBeDefined();
    await expect(ask({ model: 'gpt-4o-mini', max_tokens: 100 })).resolves.toBeDefined();
  });

  // Reasoning guide: the reasoning_effort values each family takes.
  it.each<[string, string[], string[], string]>([
    ['o3', ['low', 'medium', 'high'], ['minimal', 'none', 'xhigh'], "'low', 'medium', and 'high'"],
    ['o4-mini-2025-04-16', ['low', 'high'], ['minimal'], "'low', 'medium', and 'high'"],
    ['gpt-5', ['minimal', 'low', 'medium', 'high'], ['none', 'xhigh'], "'minimal', 'low', 'medium', and 'high'"],
    ['gpt-5-mini', ['minimal', 'high'], ['none'], "'minimal', 'low', 'medium', and 'high'"],
    ['gpt-5.1', ['none', 'low', 'medium', 'high'], ['minimal', 'xhigh'], "'none', 'low', 'medium', and 'high'"],
    ['gpt-5.2', ['none', 'low', 'medium', 'high', 'xhigh'], ['minimal'], "'none', 'low', 'medium', 'high', and 'xhigh'"],
    ['gpt-5.4-mini', ['none', 'xhigh'], ['minimal'], "'none', 'low', 'medium', 'high', and 'xhigh'"],
  ])('%s takes reasoning_effort %j and refuses %j', async (model, accepted, refused, listed) => {
    for (const effort of accepted) await expect(ask({ model, reasoning_effort: effort as OpenAI.ReasoningEffort })).resolves.toBeDefined();
    for (const effort of refused) {
      await expectRefusal(ask({ model, reasoning_effort: effort as OpenAI.ReasoningEffort }), {
        status: 400,
        code: 'unsupported_value',
        param: 'reasoning_effort',
        message: `Unsupported value: 'reasoning_effort' does not support '${effort}' with this model. Supported values are: ${listed}.`,
      });
    }
  });

  it('refuses a reasoning_effort no model takes with invalid_value', async () => {
    await expectRefusal(loose({ model: 'o3', reasoning_effort: 'extreme' }), {
      status: 400,
      code: 'invalid_value',
      param: 'reasoning_effort',
      message: /^Invalid value: 'extreme'\. Supported values are: 'none', 'minimal'/,
    });
  });
});

describe('chat: non-reasoning models', () => {
  it.each(['gpt-4o-mini', 'gpt-4o', 'gpt-4.1', 'gpt-4.1-mini', 'gpt-5-chat-latest', 'gpt-5.2-chat-latest'])('%s refuses reasoning_effort', async (model) => {
    await expectRefusal(ask({ model, reasoning_effort: 'low' }), {
      status: 400,
      code: 'unsupported_parameter',
      param: 'reasoning_effort',
      message: "Unsupported parameter: 'reasoning_effort' is not supported with this model.",
    });
  });

  it('takes any temperature in 0..2, and refuses one above', async () => {
    await expect(ask({ model: 'gpt-5-chat-latest', temperature: 0.2 })).resolves.toBeDefined();
    await expect(ask({ model: 'gpt-4o-mini', temperature: 0 })).resolves.toBeDefined();
    await expectRefusal(ask({ model: 'gpt-4o-mini', temperature: 2.5 }), {
      status: 400,
      code: 'decimal_above_max_value',
      param: 'temperature',
      message: "Invalid 'temperature': decimal above maximum value. Expected a value <= 2, but got 2.5 instead.",
    });
  });
});

describe('chat: request shape', () => {
  it('refuses stream_options without stream: true', async () => {
    await expectRefusal(loose({ model: 'gpt-4o-mini', stream_options: { include_usage: true } }), {
      status: 400,
      code: null,
      param: 'stream_options',
      message: "The 'stream_options' parameter is only allowed when 'stream' is enabled.",
    });
  });

  it('refuses an empty messages array', async () => {
    await expectRefusal(ask({ model: 'gpt-4o-mini', messages: [] }), {
      status: 400,
      code: 'empty_array',
      param: 'messages',
      message: "Invalid 'messages': empty array. Expected an array with minimum length 1, but got an empty array instead.",
    });
  });

  it('refuses a message with an unknown role', async () => {
    await expectRefusal(loose({ model: 'gpt-4o-mini', messages: [{ role: 'system', content: 'x' }, { role: 'bot', content: 'hi' }] }), {
      status: 400,
      code: 'invalid_value',
      param: 'messages[1].role',
      message: "Invalid value: 'bot'. Supported values are: 'system', 'assistant', 'user', 'function', 'tool', and 'developer'.",
    });
  });

  it('refuses JSON mode when no message mentions JSON', async () => {
    await expectRefusal(ask({ model: 'gpt-4o-mini', response_format: { type: 'json_object' } }), {
      status: 400,
      code: null,
      param: 'messages',
      message: "'messages' must contain the word 'json' in some form, to use 'response_format' of type 'json_object'.",
    });
    await expect(
      ask({ model: 'gpt-4o-mini', response_format: { type: 'json_object' }, messages: [{ role: 'user', content: 'Answer in JSON.' }] }),
    ).resolves.toBeDefined();
  });
});

describe('chat: other refusals', () => {
  it.each<[string, Record<string, unknown>, { code: string | null; param: string; message: string | RegExp }]>([
    ['no messages', { messages: undefined }, { code: 'missing_required_parameter', param: 'messages', message: "Missing required parameter: 'messages'." }],
    ['a message without a role', { messages: [{ content: 'hi' }] }, { code: 'missing_required_parameter', param: 'messages[0].role', message: "Missing required parameter: 'messages[0].role'." }],
    ['top_p above 1', { top_p: 1.5 }, { code: 'decimal_above_max_value', param: 'top_p', message: "Invalid 'top_p': decimal above maximum value. Expected a value <= 1, but got 1.5 instead." }],
    ['temperature below 0', { temperature: -1 }, { code: 'decimal_below_min_value', param: 'temperature', message: "Invalid 'temperature': decimal below minimum value. Expected a value >= 0, but got -1 instead." }],
    ['an unknown response_format type', { response_format: { type: 'xml' } }, { code: 'invalid_value', param: 'response_format.type', message: "Invalid value: 'xml'. Supported values are: 'text', 'json_object', and 'json_schema'." }],
    ['json_schema without a name', { response_format: { type: 'json_schema', json_schema: { schema: {} } } }, { code: 'missing_required_parameter', param: 'response_format.json_schema.name', message: /Missing required parameter/ }],
  ])('refuses %s', async (_what, params, expected) => {
    await expectRefusal(loose({ model: 'gpt-4o-mini', ...params }), { status: 400, ...expected });
  });
});

describe('chat: response_format json_schema', () => {
  const format = (name: string) => zodResponseFormat(z.object({ score: z.number() }), name);

  it('refuses a schema name with characters outside a-z, A-Z, 0-9, _ and -', async () => {
    await expectRefusal(ask({ model: 'gpt-4o-mini', response_format: format('answer score') }), {
      status: 400,
      code: 'invalid_value',
      param: 'response_format.json_schema.name',
      message: "Invalid 'response_format.json_schema.name': string does not match pattern. Expected a string that matches the pattern '^[a-zA-Z0-9_-]+$'.",
    });
  });

  it('refuses a schema name longer than 64 characters', async () => {
    await expectRefusal(ask({ model: 'gpt-4o-mini', response_format: format('n'.repeat(65)) }), {
      status: 400,
      code: 'string_above_max_length',
      param: 'response_format.json_schema.name',
      message: "Invalid 'response_format.json_schema.name': string too long. Expected a string with maximum length 64, but got a string with length 65 instead.",
    });
    await expect(ask({ model: 'gpt-4o-mini', response_format: format('n'.repeat(64)) })).resolves.toBeDefined();
  });

  it('refuses json_schema on a model without Structured Outputs', async () => {
    await expectRefusal(ask({ model: 'gpt-3.5-turbo', response_format: format('score') }), {
      status: 400,
      code: null,
      param: 'response_format',
      message: /^Invalid parameter: 'response_format' of type 'json_schema' is not supported with this model\./,
    });
  });

  it('refuses a strict schema outside the subset (zod .max() becomes maxLength)', async () => {
    const Summary = z.object({ summary: z.string().max(500), score: z.number().int().min(0).max(10) });
    await expectRefusal(ask({ model: 'gpt-4o-mini', response_format: zodResponseFormat(Summary, 'answer_summary') }), {
      status: 400,
      code: null,
      param: 'response_format',
      message: "Invalid schema for response_format 'answer_summary': In context=('properties', 'summary'), 'maxLength' is not permitted.",
    });
  });

  it('refuses an optional property (SDK helper refuses to build one, so it is sent by hand)', async () => {
    // zodResponseFormat itself throws for .optional() without .nullable(): the API would refuse it.
    expect(() => zodResponseFormat(z.object({ a: z.string().optional() }), 'x')).toThrow(/optional/);
    const schema = { type: 'object', properties: { a: { type: 'string' }, b: { type: 'string' } }, required: ['a'], additionalProperties: false };
    await expectRefusal(ask({ model: 'gpt-4o-mini', response_format: { type: 'json_schema', json_schema: { name: 'pair', schema, strict: true } } }), {
      status: 400,
      code: null,
      param: 'response_format',
      message: "Invalid schema for response_format 'pair': In context=(), 'required' is required to be supplied and to be an array including every key in properties. Missing 'b'.",
    });
  });

  it('holds only strict schemas to the subset', async () => {
    const schema = { type: 'object', properties: { a: { type: 'string', maxLength: 3 } } };
    await expect(ask({ model: 'gpt-4o-mini', response_format: { type: 'json_schema', json_schema: { name: 'loose', schema, strict: false } } })).resolves.toBeDefined();
  });

  it('accepts what zodResponseFormat makes of supported zod features', async () => {
    const Assessment = z.object({
      score: z.number().int().min(0).max(100),
      verdict: z.enum(['hire', 'no_hire']),
      evidence: z.array(z.object({ question: z.number().int(), quote: z.string() })).min(1).max(5),
      contact: z.email(),
      followUp: z.string().nullable(),
      notes: z.union([z.string(), z.number()]),
    });
    await expect(ask({ model: 'gpt-4o', response_format: zodResponseFormat(Assessment, 'assessment') })).resolves.toBeDefined();
  });
});

describe('recording refusals', () => {
  it('keeps the refusal on the recorded request; accepted requests and scripted faults have none', async () => {
    await expectRefusal(ask({ model: 'o3', temperature: 0 }), { status: 400, code: 'unsupported_value', param: 'temperature', message: /temperature/ });
    h.fake.enqueue('chat', { kind: 'fault', fault: 'bad_request' });
    await expectRefusal(ask({ model: 'o3' }), { status: 400, code: null, param: null, message: /told to reject/ });
    await ask({ model: 'o3' });

    expect(h.fake.requests.map((r) => r.refused)).toEqual([
      {
        status: 400,
        code: 'unsupported_value',
        param: 'temperature',
        message: "Unsupported value: 'temperature' does not support 0 with this model. Only the default (1) value is supported.",
      },
      undefined,
      undefined,
    ]);
  });

  it('conformanceProblem re-checks any recording against the same rules', async () => {
    await loose({ model: 'gpt-4.1', reasoning_effort: 'high' }).catch(() => {});
    await ask({ model: 'gpt-4.1' });
    const [refused, accepted] = h.fake.requests;
    expect(conformanceProblem(refused!)).toBe(refused!.refused!.message);
    expect(conformanceProblem(accepted!)).toBeUndefined();

    const handMade: RecordedRequest = {
      endpoint: 'speech',
      method: 'POST',
      path: '/v1/audio/speech',
      headers: { authorization: 'Bearer sk-x' },
      json: { model: 'tts-1', voice: 'marin', input: 'Hello' },
      receivedAt: 0,
    };
    expect(conformanceProblem(handMade)).toMatch(/^Invalid value: 'marin'/);
    expect(conformanceProblem({ ...handMade, headers: {} })).toMatch(/You didn't provide an API key/);
  });
});
