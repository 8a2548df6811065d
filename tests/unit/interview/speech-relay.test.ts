import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../src-main/logging/logger';
import { ProviderError } from '../../../src-main/providers/ai/errors';
import type { SpeechAudio, SpeechRequest, TextToSpeech } from '../../../src-main/providers/ai/types';
import { wavHeader } from '../../../src-main/audio/wav';
import { SpeechRelay, type AudioEvent } from '../../../src-main/interview/speech-relay';

const logger = createLogger({ sink: () => {} });
const format = { audioFormat: 1, channels: 1, sampleRate: 24_000, bitsPerSample: 16 };
const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Speech for each text as a WAV stream: header, then one byte pair per character; slow texts take longer to start. */
function fakeTts(options: { startMs?: (text: string) => number; failOn?: string } = {}): TextToSpeech & { requests: string[] } {
  const requests: string[] = [];
  return {
    requests,
    async synthesize(request: SpeechRequest): Promise<SpeechAudio> {
      requests.push(request.text);
      await delay(options.startMs?.(request.text) ?? 0);
      if (request.text === options.failOn) throw new ProviderError('bad_request', 'speech', 'The voice was refused.', { retryable: false });
      const pcm = Uint8Array.from(Array.from(request.text, (c) => [c.charCodeAt(0), 0]).flat());
      async function* chunks() {
        yield wavHeader(format, null).subarray(0, 30);
        yield wavHeader(format, null).subarray(30);
        yield pcm.subarray(0, 3);
        yield pcm.subarray(3);
      }
      return { mediaType: 'audio/wav', cached: false, chunks: chunks() };
    },
  };
}

function decode(events: AudioEvent[]): string {
  const bytes = Buffer.concat(events.map((event) => Buffer.from(event.pcmBase64, 'base64')));
  return Array.from({ length: bytes.length / 2 }, (_, i) => String.fromCharCode(bytes[i * 2]!)).join('');
}

describe('speaking a question sentence by sentence', () => {
  it('starts every sentence at once but sends the audio in sentence order, with one running seq', async () => {
    const events: AudioEvent[] = [];
    // The first sentence is the slowest to start: its audio must still come first.
    const tts = fakeTts({ startMs: (text) => (text === 'One.' ? 40 : 0) });
    const relay = new SpeechRelay({ tts, emit: (windowId, event) => events.push({ ...event, streamId: `${windowId}/${event.streamId}` }), logger });
    const stream = relay.open({ windowId: 'w', streamId: 's' });
    stream.say('One.');
    stream.say('Two two.');
    await delay(5);
    expect(tts.requests).toEqual(['One.', 'Two two.']);
    stream.say('Three.');
    stream.end();
    const audio = await stream.done;

    expect(decode(events)).toBe('One.Two two.Three.');
    expect(events.map((event) => event.seq)).toEqual(events.map((_, i) => i));
    expect(events.every((event) => event.streamId === 'w/s' && event.sampleRate === 24_000)).toBe(true);
    expect(events.at(-1)).toEqual({ streamId: 'w/s', seq: events.length - 1, sampleRate: 24_000, pcmBase64: '', final: true });
    expect(audio?.bytes).toBe('One.Two two.Three.'.length * 2);
  });

  it('ends with an error event when a sentence cannot be spoken, and plays nothing after it', async () => {
    const events: AudioEvent[] = [];
    const relay = new SpeechRelay({ tts: fakeTts({ failOn: 'Two.' }), emit: (_windowId, event) => events.push(event), logger });
    const audio = await relay.speak({ windowId: 'w', streamId: 's' }, ['One.', 'Two.', 'Three.']);
    expect(audio).toBeNull();
    expect(decode(events)).toBe('One.');
    // Plain words for the candidate's window; what the service said is only in the log.
    expect(events.at(-1)).toMatchObject({ final: true, pcmBase64: '', error: 'The question could not be played aloud.' });
    expect(events.filter((event) => event.final)).toHaveLength(1);
  });

  it('ends with an error event when cancelled', async () => {
    const events: AudioEvent[] = [];
    const relay = new SpeechRelay({ tts: fakeTts({ startMs: () => 30 }), emit: (_windowId, event) => events.push(event), logger });
    const stream = relay.open({ windowId: 'w', streamId: 's' });
    stream.say('One.');
    stream.cancel('The question was interrupted.');
    expect(await stream.done).toBeNull();
    expect(events).toEqual([{ streamId: 's', seq: 0, sampleRate: 24_000, pcmBase64: '', final: true, error: 'The question was interrupted.' }]);
  });
});
