import type { Stream } from 'openai/core/streaming';
import { zodResponseFormat } from 'openai/helpers/zod';
import type { ChatCompletion, ChatCompletionChunk, ChatCompletionCreateParamsNonStreaming, ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import type { z } from 'zod';
import { MESSAGES_KEPT_WHEN_TRIMMED, trimForContext } from './context-window';
import { isProviderError, ProviderError } from './errors';
import type { Tally } from './metering';
import { classifierFor, modelFor, type CallClient, type OpenAiProviderDeps } from './openai-client';
import type { Deadline } from './resilience';
import type { ChatMessage, ChatReply, ChatRequest, ChatStream, LanguageModel, StructuredReply, StructuredRequest, TokenUsage } from './types';

type ExtraParams = Pick<ChatCompletionCreateParamsNonStreaming, 'response_format'>;

interface OpenedStream {
  stream: Stream<ChatCompletionChunk>;
  iterator: AsyncIterator<ChatCompletionChunk>;
  first: IteratorResult<ChatCompletionChunk>;
  deadline: Deadline;
}

/** Chat, streamed chat and schema-checked structured output over OpenAI's chat completions. */
export class OpenAiLanguageModel implements LanguageModel {
  constructor(private readonly deps: OpenAiProviderDeps) {}

  chat(request: ChatRequest): Promise<ChatReply> {
    const settings = this.deps.settings();
    const model = modelFor(request.task, settings);
    const started = performance.now();
    return this.deps.metering.track({ endpoint: 'chat', task: request.task, interviewId: request.interviewId, model }, async (tally) => {
      this.deps.metering.assertWithinBudget(request);
      const call = await this.deps.clients.forCall('chat', settings);
      const { value: completion, trimmed } = await this.withContextFallback(request.messages, model, (messages) =>
        this.complete(call, request, model, messages, {}),
      );
      addUsage(tally, completion);
      const choice = completion.choices?.[0];
      if (!choice) throw noChoice();
      return {
        text: choice.message?.content ?? '',
        model,
        usage: usageOf(tally),
        finishReason: choice.finish_reason ?? null,
        latencyMs: Math.round(performance.now() - started),
        trimmed,
      };
    });
  }

  async streamChat(request: ChatRequest): Promise<ChatStream> {
    const settings = this.deps.settings();
    const model = modelFor(request.task, settings);
    const started = performance.now();
    const meter = this.deps.metering.begin({ endpoint: 'chat', task: request.task, interviewId: request.interviewId, model });
    let call: CallClient;
    let opened: { value: OpenedStream; trimmed: boolean };
    try {
      this.deps.metering.assertWithinBudget(request);
      call = await this.deps.clients.forCall('chat', settings);
      opened = await this.withContextFallback(request.messages, model, (messages) => this.open(call, request, model, messages));
    } catch (error) {
      meter.fail(error);
      throw error;
    }
    const { stream, iterator, first, deadline } = opened.value;
    const classify = classifierFor('chat', call, this.deps.clock);
    const promptChars = request.messages.reduce((sum, m) => sum + m.content.length, 0);
    const signal = request.signal;

    let settle!: { resolve: (reply: ChatReply) => void; reject: (error: unknown) => void };
    const done = new Promise<ChatReply>((resolve, reject) => (settle = { resolve, reject }));
    // Rejections reach whoever calls completion(); nobody calling it is not an error.
    done.catch(() => {});
    let text = '';
    let finishReason: string | null = null;
    let reported: ChatCompletionChunk['usage'] = null;
    const reply = (): ChatReply => {
      fillUsage(meter.tally, reported, promptChars, text);
      return { text, model, usage: usageOf(meter.tally), finishReason, latencyMs: Math.round(performance.now() - started), trimmed: opened.trimmed };
    };

    async function* deltas(): AsyncGenerator<string> {
      let ended = false;
      try {
        for (let result = first; !result.done; result = await iterator.next()) {
          const chunk = result.value;
          if (chunk.usage) reported = chunk.usage;
          const choice = chunk.choices?.[0];
          if (choice?.finish_reason) finishReason = choice.finish_reason;
          const delta = choice?.delta?.content;
          if (delta) {
            text += delta;
            // The consumer's time with a token is not the provider's delay.
            deadline.pause();
            yield delta;
          }
          deadline.restart();
        }
        // The SDK ends a stream quietly when its request is aborted; that is not the reply's end.
        if (signal?.aborted) throw signal.reason;
        if (deadline.timedOut) throw classify(new DOMException('The stream was aborted.', 'AbortError'), deadline);
        ended = true;
        const whole = reply();
        meter.succeed();
        settle.resolve(whole);
      } catch (error) {
        ended = true;
        let failure = error;
        try {
          if (!signal?.aborted) failure = classify(error, deadline);
        } catch (unrecognised) {
          failure = unrecognised;
        }
        fillUsage(meter.tally, reported, promptChars, text);
        meter.fail(failure);
        settle.reject(failure);
        throw failure;
      } finally {
        deadline.dispose();
        if (!ended) {
          // The consumer stopped reading: stop the provider too, and meter what was produced.
          deadline.abort();
          stream.controller.abort();
          const partial = reply();
          meter.succeed();
          settle.resolve(partial);
        }
      }
    }

    const iterable = deltas();
    let reading = false;
    return {
      deltas: {
        [Symbol.asyncIterator]: () => {
          reading = true;
          return iterable;
        },
      },
      async completion() {
        if (!reading) {
          reading = true;
          for await (const _ of iterable);
        }
        return done;
      },
    };
  }

  structured<T>(request: StructuredRequest<T>): Promise<StructuredReply<T>> {
    const settings = this.deps.settings();
    const model = modelFor(request.task, settings);
    const started = performance.now();
    return this.deps.metering.track({ endpoint: 'chat', task: request.task, interviewId: request.interviewId, model }, async (tally) => {
      this.deps.metering.assertWithinBudget(request);
      const call = await this.deps.clients.forCall('chat', settings);
      /*
       * The SDK's zod helper turns the schema into a strict JSON schema for the
       * request. Not `chat.completions.parse()`: it throws away the completion
       * (and the tokens it cost) when the reply fails the schema, and the
       * specification wants that retried once, then reported.
       */
      const format = schemaFormat(request);
      let problem = '';
      for (let attempt = 1; attempt <= 2; attempt++) {
        const { value: completion, trimmed } = await this.withContextFallback(request.messages, model, (messages) =>
          this.complete(call, request, model, messages, { response_format: format }),
        );
        addUsage(tally, completion);
        const checked = checkStructured(completion, request.schema);
        if (checked.ok) {
          const choice = completion.choices[0]!;
          return {
            value: checked.value,
            text: choice.message.content ?? '',
            model,
            usage: usageOf(tally),
            finishReason: choice.finish_reason ?? null,
            latencyMs: Math.round(performance.now() - started),
            trimmed,
          };
        }
        problem = checked.problem;
        this.deps.logger.warn('ai structured reply did not match its schema', { schemaName: request.schemaName, model, attempt, problem });
      }
      throw new ProviderError(
        'schema_mismatch',
        'chat',
        `The AI's reply did not match the expected "${request.schemaName}" format, twice in a row (${problem}). Try again; if it keeps happening, check that the model (${model}) supports structured output.`,
        { retryable: true },
      );
    });
  }

  private complete(call: CallClient, request: ChatRequest, model: string, messages: readonly ChatMessage[], extra: ExtraParams): Promise<ChatCompletion> {
    return this.deps.resilience.run('chat', { signal: request.signal, classify: classifierFor('chat', call, this.deps.clock) }, (deadline) =>
      call.client.chat.completions.create({ ...baseParams(request, model, messages), ...extra }, { signal: deadline.signal }),
    );
  }

  /** Opens the stream and waits for its first event, so a failure before any text is retried like any other. */
  private open(call: CallClient, request: ChatRequest, model: string, messages: readonly ChatMessage[]): Promise<OpenedStream> {
    return this.deps.resilience.run(
      'chat',
      { signal: request.signal, classify: classifierFor('chat', call, this.deps.clock), keepDeadline: true },
      async (deadline) => {
        const stream = await call.client.chat.completions.create(
          // include_usage: the last event then carries the token counts, which metering needs.
          { ...baseParams(request, model, messages), stream: true, stream_options: { include_usage: true } },
          { signal: deadline.signal },
        );
        const iterator = stream[Symbol.asyncIterator]();
        try {
          const first = await iterator.next();
          if (first.done && deadline.timedOut) throw new DOMException('The stream was aborted.', 'AbortError');
          // Still armed until the consumer starts reading: a stream nobody reads is closed, not leaked.
          deadline.restart();
          return { stream, iterator, first, deadline };
        } catch (error) {
          stream.controller.abort();
          throw error;
        }
      },
    );
  }

  /**
   * The specification's fallback: when the conversation is too long for the
   * model, send the system prompt and the last five messages once; if that
   * is still too long, report 'context_length'.
   */
  private async withContextFallback<T>(
    messages: readonly ChatMessage[],
    model: string,
    send: (messages: readonly ChatMessage[]) => Promise<T>,
  ): Promise<{ value: T; trimmed: boolean }> {
    try {
      return { value: await send(messages), trimmed: false };
    } catch (error) {
      if (!isProviderError(error, 'context_length')) throw error;
      const shorter = trimForContext(messages);
      if (shorter === messages) throw tooLong(model, error, false);
      this.deps.logger.info('ai conversation too long for the model; retrying with the system prompt and the latest messages', {
        model,
        messages: messages.length,
        kept: shorter.length,
      });
      try {
        return { value: await send(shorter), trimmed: true };
      } catch (again) {
        if (isProviderError(again, 'context_length')) throw tooLong(model, again, true);
        throw again;
      }
    }
  }
}

/** The SDK refuses schemas strict mode cannot express (an optional field must also be nullable). */
function schemaFormat<T>(request: StructuredRequest<T>) {
  try {
    return zodResponseFormat(request.schema, request.schemaName);
  } catch (error) {
    throw new ProviderError(
      'bad_request',
      'chat',
      `The "${request.schemaName}" schema cannot be used for structured output: ${error instanceof Error ? error.message : String(error)}`,
      { retryable: false },
    );
  }
}

function baseParams(request: ChatRequest, model: string, messages: readonly ChatMessage[]) {
  return {
    model,
    messages: messages.map((m): ChatCompletionMessageParam => ({ role: m.role, content: m.content })),
    ...(request.temperature !== undefined ? { temperature: request.temperature } : {}),
    ...(request.maxTokens !== undefined ? { max_completion_tokens: request.maxTokens } : {}),
  };
}

function tooLong(model: string, cause: ProviderError, trimmed: boolean): ProviderError {
  const tried = trimmed
    ? ` even with only the system prompt and the last ${MESSAGES_KEPT_WHEN_TRIMMED} messages`
    : ' and has nothing that could be left out';
  return new ProviderError(
    'context_length',
    'chat',
    `The conversation is too long for the model ${model}${tried}. Shorten the instructions, or choose a model with a larger context window in device settings.`,
    { retryable: false, status: cause.status, requestId: cause.requestId },
  );
}

function noChoice(): ProviderError {
  return new ProviderError(
    'malformed_reply',
    'chat',
    "The AI provider's language model answered without a reply in it. Try again; if it persists, check that the provider address points at an OpenAI-compatible API.",
    { retryable: true },
  );
}

function addUsage(tally: Tally, completion: ChatCompletion): void {
  tally.promptTokens += completion.usage?.prompt_tokens ?? 0;
  tally.completionTokens += completion.usage?.completion_tokens ?? 0;
}

/**
 * A stream's usage comes in its last event. Some OpenAI-compatible servers
 * never send it, and a stream can break or be abandoned before it: the
 * budget still has to move, so tokens are then estimated at ~4 characters
 * each, OpenAI's rule of thumb.
 */
function fillUsage(tally: Tally, reported: ChatCompletionChunk['usage'], promptChars: number, text: string): void {
  if (reported) {
    tally.promptTokens = reported.prompt_tokens;
    tally.completionTokens = reported.completion_tokens;
  } else {
    tally.promptTokens = Math.ceil(promptChars / 4);
    tally.completionTokens = Math.ceil(text.length / 4);
  }
}

function usageOf(tally: Tally): TokenUsage {
  return { promptTokens: tally.promptTokens, completionTokens: tally.completionTokens };
}

type Checked<T> = { ok: true; value: T } | { ok: false; problem: string };

/** Why a structured reply is unusable, in words that quote none of its content (it may hold personal data). */
function checkStructured<T>(completion: ChatCompletion, schema: z.ZodType<T>): Checked<T> {
  const choice = completion.choices?.[0];
  if (!choice) return { ok: false, problem: 'no reply' };
  if (choice.message?.refusal) return { ok: false, problem: 'the model refused to answer' };
  if (choice.finish_reason === 'length') return { ok: false, problem: 'the reply was cut off at the token limit' };
  let json: unknown;
  try {
    json = JSON.parse(choice.message?.content ?? '');
  } catch {
    return { ok: false, problem: 'the reply is not JSON' };
  }
  const result = schema.safeParse(json);
  if (result.success) return { ok: true, value: result.data };
  const issues = result.error.issues.slice(0, 3).map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
  return { ok: false, problem: issues.join('; ') };
}
