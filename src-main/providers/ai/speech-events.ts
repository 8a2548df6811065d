import { APIError } from 'openai';
import { ProviderError } from './errors';

/** What `speech.audio.done` reports: what the call is billed for. */
export interface SpeechUsage {
  inputTokens: number;
  outputTokens: number;
}

/**
 * gpt-4o-mini-tts bills text tokens in and audio tokens out, and says how
 * many only when asked to stream as server-sent events (CreateSpeechRequest
 * `stream_format: 'sse'`): `speech.audio.delta` events carry base64 audio,
 * the last event, `speech.audio.done`, the usage. This turns such a body
 * back into the audio bytes, so the rest of text-to-speech reads it like a
 * plain audio stream, and hands the usage to `onUsage`.
 *
 * A stream that ends without `speech.audio.done` did not finish: it errors
 * as a broken connection, so incomplete audio is never taken as whole.
 * An `error` event becomes the SDK's APIError, as a streamed chat's does.
 */
export function audioFromSpeechEvents(body: ReadableStream<Uint8Array>, onUsage: (usage: SpeechUsage) => void, headers?: Headers): ReadableStream<Uint8Array> {
  const decoder = new TextDecoder();
  let buffered = '';
  let finished = false;

  const handle = (data: string, controller: TransformStreamDefaultController<Uint8Array>) => {
    // SyntaxError on purpose: the provider layer reports an unreadable reply as malformed.
    const event = JSON.parse(data) as { type?: unknown; audio?: unknown; usage?: { input_tokens?: unknown; output_tokens?: unknown }; error?: unknown };
    if (event.type === 'speech.audio.delta' && typeof event.audio === 'string') {
      const bytes = Buffer.from(event.audio, 'base64');
      if (bytes.length > 0) controller.enqueue(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    } else if (event.type === 'speech.audio.done') {
      finished = true;
      onUsage({ inputTokens: count(event.usage?.input_tokens), outputTokens: count(event.usage?.output_tokens) });
    } else if (event.type === 'error' || event.error) {
      throw new APIError(undefined, event.error ?? event, undefined, headers);
    }
  };

  /** Events are separated by a blank line; only `data:` lines matter here (several join with newlines). */
  const drain = (controller: TransformStreamDefaultController<Uint8Array>, final: boolean) => {
    const events = buffered.split(/\r?\n\r?\n/);
    buffered = final ? '' : (events.pop() ?? '');
    for (const event of events) {
      const data = event
        .split(/\r?\n/)
        .filter((line) => line.startsWith('data:'))
        .map((line) => line.slice(5).replace(/^ /, ''))
        .join('\n');
      if (data && data !== '[DONE]') handle(data, controller);
    }
  };

  return body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        buffered += decoder.decode(chunk, { stream: true });
        drain(controller, false);
      },
      flush(controller) {
        buffered += decoder.decode();
        drain(controller, true);
        if (!finished) {
          throw new ProviderError(
            'network',
            'speech',
            "The AI provider's text-to-speech service stopped sending before the audio was complete (the connection closed early). Try again.",
            { retryable: true },
          );
        }
      },
    }),
  );
}

function count(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : 0;
}
