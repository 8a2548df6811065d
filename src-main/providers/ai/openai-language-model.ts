import type { Stream } from 'openai/core/streaming';
import type { ChatCompletion, ChatCompletionChunk, ChatCompletionCreateParamsNonStreaming, ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import type { z } from 'zod';
import { chatModelFor, type ReasoningEffort } from '../../../shared/domain/ai-models';
import { messagesForHash } from './call-trail';
import { MESSAGES_KEPT_WHEN_TRIMMED, trimForContext } from './context-window';
import { isProviderError, ProviderError } from './errors';
import type { Tally } from './metering';
import { classifierFor, modelFor, type CallClient, type OpenAiProviderDeps } from './openai-client';
import type { Deadline } from './resilience';
import { strictResponseFormat } from './strict-schema';
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
    return this.deps.metering.track(meteredChat(request, model), async (tally, trail) => {
      trail.addInput(messagesForHash(request.messages));
      this.deps.metering.assertWithinBudget(request);
      const call = await this.deps.clients.forCall('chat', settings);
      const { value: completion, trimmed } = await this.withContextFallback(request.messages, model, (messages) =>
        this.complete(call, request, model, messages, {}),
      );
      addUsage(tally, completion);
      const choice = completion.choices?.[0];
      if (!choice) throw noChoice();
      const unfinished = unfinishedReply(choice.finish_reason ?? null, choice.message?.refusal ?? null);
      if (unfinished) throw unfinished;
      trail.reported(completion.model, NO_SNAPSHOT);
      trail.addOutput(choice.message?.content ?? '');
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
    const meter = this.deps.metering.begin(meteredChat(request, model));
    meter.trail.addInput(messagesForHash(request.messages));
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
    const trail = meter.trail;

    let settle!: { resolve: (reply: ChatReply) => void; reject: (error: unknown) => void };
    const done = new Promise<ChatReply>((resolve, reject) => (settle = { resolve, reject }));
    // Rejections reach whoever calls completion(); nobody calling it is not an error.
    done.catch(() => {});
    let text = '';
    let refusal = '';
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
          if (chunk.model && trail.snapshot.snapshot === null) trail.reported(chunk.model, NO_SNAPSHOT);
          const choice = chunk.choices?.[0];
          if (choice?.finish_reason) finishReason = choice.finish_reason;
          if (choice?.delta?.refusal) refusal += choice.delta.refusal;
          const delta = choice?.delta?.content;
          if (delta) {
            text += delta;
            trail.addOutput(delta);
            // The consumer's time with a token is not the provider's delay.
            deadline.pause();
            yield delta;
          }
          deadline.restart();
        }
        // The SDK ends a stream quietly when its request is aborted; that is not the reply's end.
        if (signal?.aborted) throw signal.reason;
        if (deadline.timedOut) throw classify(new DOMException('The stream was aborted.', 'AbortError'), deadline);
        // Whatever was streamed is not a whole reply unless the service said it finished.
        const unfinished = unfinishedReply(finishReason, refusal || null) ?? (finishReason === null ? streamBrokeOff() : null);
        if (unfinished) throw unfinished;
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
    return this.deps.metering.track(meteredChat(request, model), async (tally, trail) => {
      trail.addInput(messagesForHash(request.messages));
      this.deps.metering.assertWithinBudget(request);
      const call = await this.deps.clients.forCall('chat', settings);
      /*
       * The SDK's zod helper turns the schema into a strict JSON schema for the
       * request. Not `chat.completions.parse()`: it throws away the completion
       * (and the tokens it cost) when the reply fails the schema, and the
       * specification wants that retried once, then reported.
       */
      const format = schemaFormat(request);
      let truncated = false;
      let problem = '';
      for (let attempt = 1; attempt <= 2; attempt++) {
        const { value: completion, trimmed } = await this.withContextFallback(request.messages, model, (messages) =>
          this.complete(call, request, model, messages, { response_format: format }),
        );
        addUsage(tally, completion);
        const checked = checkStructured(completion, request.schema);
        if (checked.ok) {
          const choice = completion.choices[0]!;
          trail.reported(completion.model, NO_SNAPSHOT);
          trail.addOutput(choice.message.content ?? '');
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
        if (checked.declined) throw checked.declined;
        problem = checked.problem;
        truncated = checked.truncated;
        this.deps.logger.warn('ai structured reply did not match its schema', { schemaName: request.schemaName, model, attempt, problem });
      }
      if (truncated) throw cutOff(`The AI's "${request.schemaName}" reply was cut off at its length limit, twice in a row, so it was not used.`);
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

/** The usage row's and audit entry's description of a chat call. */
function meteredChat(request: ChatRequest, model: string) {
  return { endpoint: 'chat' as const, task: request.task, interviewId: request.interviewId, model, label: request.usageLabel, template: request.template };
}

/** Chat completions always name the model snapshot that answered; a compatible server might not. */
const NO_SNAPSHOT = 'the service named no model in its reply';

/** The SDK refuses schemas strict mode cannot express (an optional field must also be nullable). */
function schemaFormat<T>(request: StructuredRequest<T>) {
  try {
    return strictResponseFormat(request.schema, request.schemaName);
  } catch (error) {
    throw new ProviderError(
      'bad_request',
      'chat',
      `The "${request.schemaName}" schema cannot be used for structured output: ${error instanceof Error ? error.message : String(error)}`,
      { retryable: false },
    );
  }
}

/**
 * Tokens a reasoning model may spend thinking on top of a reply's own cap:
 * `max_completion_tokens` counts its hidden reasoning too, so a 300-token
 * question with no allowance can come back empty.
 */
const REASONING_ALLOWANCE: Record<ReasoningEffort, number> = { none: 0, minimal: 1024, low: 4096, medium: 16_384, high: 32_768, xhigh: 65_536 };

/**
 * The request as the model accepts it (ai-models.ts): classic chat models
 * take `temperature`; reasoning models refuse it and take `reasoning_effort`
 * instead, the least for the live interview and a little for background work.
 */
function baseParams(request: ChatRequest, model: string, messages: readonly ChatMessage[]) {
  const { reasoning } = chatModelFor(model).model;
  const effort = reasoning ? (request.task === 'interview' ? reasoning.interviewEffort : reasoning.backgroundEffort) : null;
  return {
    model,
    messages: messages.map((m): ChatCompletionMessageParam => ({ role: m.role, content: m.content })),
    ...(effort ? { reasoning_effort: effort } : request.temperature !== undefined ? { temperature: request.temperature } : {}),
    ...(request.maxTokens !== undefined ? { max_completion_tokens: request.maxTokens + (effort ? REASONING_ALLOWANCE[effort] : 0) } : {}),
  };
}

/** Why a reply that ended this way must not be used as a whole one; null when it finished normally. */
function unfinishedReply(finishReason: string | null, refusal: string | null): ProviderError | null {
  if (refusal) return declined('The AI declined to answer this request (it sent a refusal instead of a reply).');
  if (finishReason === 'content_filter') return declined("The AI provider's content filter stopped the reply before it was complete.");
  if (finishReason === 'length') return cutOff("The AI's reply was cut off at its length limit before it was complete, so it was not used.");
  return null;
}

function declined(what: string): ProviderError {
  return new ProviderError('refused', 'chat', `${what} Asking the same thing again would be declined again; the request has to change.`, { retryable: false });
}

function cutOff(what: string): ProviderError {
  return new ProviderError('truncated', 'chat', `${what} Try again; if it keeps happening, choose a model with a larger output limit in device settings.`, { retryable: false });
}

/** The SDK ends a stream quietly when the connection closes early; without a finish reason the reply is incomplete. */
function streamBrokeOff(): ProviderError {
  return new ProviderError(
    'network',
    'chat',
    "The AI provider's language model stopped sending before its reply was complete (the connection closed early). The request is tried again.",
    { retryable: true },
  );
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
  addReported(tally, completion.usage);
}

/** Cached input and hidden reasoning tokens are inside the two totals; they are kept apart because they are billed or read apart. */
function addReported(tally: Tally, usage: ChatCompletion['usage']): void {
  tally.promptTokens += usage?.prompt_tokens ?? 0;
  tally.completionTokens += usage?.completion_tokens ?? 0;
  tally.cachedPromptTokens += usage?.prompt_tokens_details?.cached_tokens ?? 0;
  tally.reasoningTokens += usage?.completion_tokens_details?.reasoning_tokens ?? 0;
}

/**
 * A stream's usage comes in its last event. Some OpenAI-compatible servers
 * never send it, and a stream can break or be abandoned before it: the
 * budget still has to move, so tokens are then estimated at ~4 characters
 * each, OpenAI's rule of thumb.
 */
function fillUsage(tally: Tally, reported: ChatCompletionChunk['usage'], promptChars: number, text: string): void {
  Object.assign(tally, { promptTokens: 0, completionTokens: 0, cachedPromptTokens: 0, reasoningTokens: 0 });
  if (reported) {
    addReported(tally, reported);
  } else {
    tally.promptTokens = Math.ceil(promptChars / 4);
    tally.completionTokens = Math.ceil(text.length / 4);
  }
}

function usageOf(tally: Tally): TokenUsage {
  return { promptTokens: tally.promptTokens, completionTokens: tally.completionTokens };
}

type Checked<T> = { ok: true; value: T } | { ok: false; problem: string; truncated: boolean; declined: ProviderError | null };

/** Why a structured reply is unusable, in words that quote none of its content (it may hold personal data). */
function checkStructured<T>(completion: ChatCompletion, schema: z.ZodType<T>): Checked<T> {
  const failed = (problem: string, more: { truncated?: boolean; declined?: ProviderError | null } = {}): Checked<T> => ({
    ok: false,
    problem,
    truncated: more.truncated ?? false,
    declined: more.declined ?? null,
  });
  const choice = completion.choices?.[0];
  if (!choice) return failed('no reply');
  const unfinished = unfinishedReply(choice.finish_reason ?? null, choice.message?.refusal ?? null);
  if (unfinished?.kind === 'refused') return failed('the model declined', { declined: unfinished });
  if (unfinished) return failed('the reply was cut off at the token limit', { truncated: true });
  let json: unknown;
  try {
    json = JSON.parse(choice.message?.content ?? '');
  } catch {
    return failed('the reply is not JSON');
  }
  // The full zod schema: the limits the wire schema could only describe (string lengths) are enforced here.
  const result = schema.safeParse(json);
  if (result.success) return { ok: true, value: result.data };
  const issues = result.error.issues.slice(0, 3).map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
  return failed(issues.join('; '));
}
