import type OpenAI from 'openai';
import { toFile } from 'openai';
import { describe, expect, it } from 'vitest';
import { maxTranscriptionBytes, synthesizeWav } from '../../fixtures/fake-openai';
import { expectRefusal, useFake } from './support';

const h = useFake();

type SpeechParams = OpenAI.Audio.SpeechCreateParams;
const speak = (params: Partial<SpeechParams>) =>
  h.client.audio.speech.create({ model: 'gpt-4o-mini-tts', voice: 'alloy', input: 'Welcome.', response_format: 'wav', ...params } as SpeechParams).then((r) => r.arrayBuffer());
const looseSpeak = (params: Record<string, unknown>) => speak(params as Partial<SpeechParams>);

describe('speech: rules', () => {
  it('answers an unknown model with 404 model_not_found', async () => {
    await expectRefusal(speak({ model: 'tts-2' }), {
      status: 404,
      code: 'model_not_found',
      param: null,
      message: 'The model `tts-2` does not exist or you do not have access to it.',
    });
  });

  it.each(['tts-1', 'tts-1-hd', 'gpt-4o-mini-tts', 'gpt-4o-mini-tts-2025-12-15'])('accepts %s', async (model) => {
    await expect(speak({ model })).resolves.toBeDefined();
  });

  it('refuses input over 4096 characters', async () => {
    await expectRefusal(speak({ input: 'x'.repeat(4097) }), {
      status: 400,
      code: 'string_above_max_length',
      param: 'input',
      message: "Invalid 'input': string too long. Expected a string with maximum length 4096, but got a string with length 4097 instead.",
    });
  });

  it('gives tts-1 and tts-1-hd only their nine voices; gpt-4o-mini-tts has all thirteen and custom voices', async () => {
    for (const voice of ['ballad', 'verse', 'marin', 'cedar']) {
      await expectRefusal(speak({ model: 'tts-1-hd', voice }), {
        status: 400,
        code: 'invalid_value',
        param: 'voice',
        message: `Invalid value: '${voice}'. Supported values are: 'alloy', 'ash', 'coral', 'echo', 'fable', 'onyx', 'nova', 'sage', and 'shimmer'.`,
      });
      await expect(speak({ model: 'gpt-4o-mini-tts', voice })).resolves.toBeDefined();
    }
    await expect(speak({ voice: { id: 'voice_1234' } })).resolves.toBeDefined();
    await expectRefusal(speak({ voice: 'robot' }), { status: 400, code: 'invalid_value', param: 'voice', message: /^Invalid value: 'robot'\. Supported values are: .*'cedar'\.$/ });
  });

  it('refuses a response_format outside mp3, opus, aac, flac, wav, pcm', async () => {
    await expectRefusal(looseSpeak({ response_format: 'ogg' }), {
      status: 400,
      code: 'invalid_value',
      param: 'response_format',
      message: "Invalid value: 'ogg'. Supported values are: 'mp3', 'opus', 'aac', 'flac', 'wav', and 'pcm'.",
    });
  });

  it('refuses a speed outside 0.25..4', async () => {
    await expectRefusal(speak({ speed: 5 }), {
      status: 400,
      code: 'decimal_above_max_value',
      param: 'speed',
      message: "Invalid 'speed': decimal above maximum value. Expected a value <= 4, but got 5 instead.",
    });
    await expectRefusal(speak({ speed: 0.2 }), {
      status: 400,
      code: 'decimal_below_min_value',
      param: 'speed',
      message: "Invalid 'speed': decimal below minimum value. Expected a value >= 0.25, but got 0.2 instead.",
    });
    await expect(speak({ speed: 0.25 })).resolves.toBeDefined();
  });

  it('refuses instructions for tts-1 and tts-1-hd', async () => {
    await expectRefusal(speak({ model: 'tts-1', instructions: 'Speak warmly.' }), {
      status: 400,
      code: 'unsupported_parameter',
      param: 'instructions',
      message: "Unsupported parameter: 'instructions' is not supported with this model.",
    });
    await expect(speak({ instructions: 'Speak warmly.' })).resolves.toBeDefined();
  });

  it('refuses instructions over 4096 characters', async () => {
    await expectRefusal(speak({ instructions: 'y'.repeat(4100) }), {
      status: 400,
      code: 'string_above_max_length',
      param: 'instructions',
      message: "Invalid 'instructions': string too long. Expected a string with maximum length 4096, but got a string with length 4100 instead.",
    });
  });

  it('refuses an unknown stream_format', async () => {
    await expectRefusal(looseSpeak({ stream_format: 'chunked' }), {
      status: 400,
      code: 'invalid_value',
      param: 'stream_format',
      message: "Invalid value: 'chunked'. Supported values are: 'sse' and 'audio'.",
    });
  });

  it("refuses stream_format 'sse' for tts-1", async () => {
    await expectRefusal(speak({ model: 'tts-1', stream_format: 'sse' }), {
      status: 400,
      code: 'unsupported_value',
      param: 'stream_format',
      message: "Unsupported value: 'stream_format' does not support 'sse' with this model. Supported values are: 'audio'.",
    });
  });
});

type TranscriptionParams = OpenAI.Audio.TranscriptionCreateParamsNonStreaming;
const wav = () => toFile(synthesizeWav(300), 'answer.wav', { type: 'audio/wav' });
const transcribe = async (params: Partial<TranscriptionParams>, file?: Awaited<ReturnType<typeof wav>>) =>
  h.client.audio.transcriptions.create({ model: 'whisper-1', file: file ?? (await wav()), ...params } as TranscriptionParams);

describe('transcriptions: rules', () => {
  it('answers an unknown model with 404 model_not_found', async () => {
    await expectRefusal(transcribe({ model: 'whisper-2' }), {
      status: 404,
      code: 'model_not_found',
      param: null,
      message: 'The model `whisper-2` does not exist or you do not have access to it.',
    });
  });

  it('refuses a file over 25 MiB with 413, and takes exactly 25 MiB', async () => {
    const error = await expectRefusal(transcribe({}, await toFile(Buffer.alloc(maxTranscriptionBytes + 1), 'long.webm', { type: 'audio/webm' })), {
      status: 413,
      code: null,
      param: null,
      message: 'Maximum content size limit (26214400) exceeded (26214401 bytes read)',
    });
    expect(error).toBeInstanceOf(Error);
    await expect(transcribe({}, await toFile(Buffer.alloc(maxTranscriptionBytes), 'long.webm', { type: 'audio/webm' }))).resolves.toBeDefined();
  });

  it('decides the format by the file name, and refuses other extensions', async () => {
    await expectRefusal(transcribe({}, await toFile(synthesizeWav(100), 'answer.txt', { type: 'audio/wav' })), {
      status: 400,
      code: null,
      param: null,
      message: "Invalid file format. Supported formats: ['flac', 'm4a', 'mp3', 'mp4', 'mpeg', 'mpga', 'oga', 'ogg', 'wav', 'webm']",
    });
    await expect(transcribe({}, await toFile(synthesizeWav(100), 'ANSWER.OGA'))).resolves.toBeDefined();
  });

  it.each<[string, string, string]>([
    ['gpt-4o-transcribe', 'verbose_json', "'json' or 'text'"],
    ['gpt-4o-mini-transcribe', 'srt', "'json' or 'text'"],
    ['gpt-4o-mini-transcribe-2025-12-15', 'vtt', "'json' or 'text'"],
    ['gpt-transcribe', 'verbose_json', "'json' or 'text'"],
    ['gpt-4o-transcribe-diarize', 'verbose_json', "'json', 'text', or 'diarized_json'"],
    ['whisper-1', 'diarized_json', "'json', 'text', 'srt', 'verbose_json', or 'vtt'"],
  ])('%s refuses response_format %s', async (model, format, instead) => {
    await expectRefusal(transcribe({ model, response_format: format as TranscriptionParams['response_format'] }), {
      status: 400,
      code: 'unsupported_value',
      param: 'response_format',
      message: `response_format '${format}' is not compatible with model '${model}'. Use ${instead} instead.`,
    });
  });

  it('accepts each model with the formats it has', async () => {
    await expect(transcribe({ model: 'gpt-4o-transcribe', response_format: 'text' })).resolves.toBe('This is a fake transcription.\n');
    await expect(transcribe({ model: 'whisper-1', response_format: 'srt' })).resolves.toMatch(/^1\n00:00:00,000 --> /);
    const diarized = (await transcribe({ model: 'gpt-4o-transcribe-diarize', response_format: 'diarized_json' })) as unknown as { segments: unknown[] };
    expect(diarized.segments[0]).toMatchObject({ type: 'transcript.text.segment', speaker: 'A', text: 'This is a fake transcription.' });
  });

  it('takes include[]=logprobs only from gpt-4o-transcribe, gpt-4o-mini-transcribe(-2025-12-15) with json', async () => {
    for (const model of ['gpt-4o-transcribe', 'gpt-4o-mini-transcribe', 'gpt-4o-mini-transcribe-2025-12-15']) {
      await expect(transcribe({ model, response_format: 'json', include: ['logprobs'] })).resolves.toHaveProperty('logprobs');
    }
    const refused = {
      status: 400,
      code: 'unsupported_value',
      param: 'include',
      message: "'include' with 'logprobs' is only supported with response_format 'json' and the models 'gpt-4o-transcribe', 'gpt-4o-mini-transcribe', and 'gpt-4o-mini-transcribe-2025-12-15'.",
    };
    await expectRefusal(transcribe({ model: 'whisper-1', response_format: 'json', include: ['logprobs'] }), refused);
    await expectRefusal(transcribe({ model: 'gpt-transcribe', response_format: 'json', include: ['logprobs'] }), refused);
    await expectRefusal(transcribe({ model: 'gpt-4o-transcribe-diarize', include: ['logprobs'] }), refused);
    await expectRefusal(transcribe({ model: 'gpt-4o-transcribe', response_format: 'text', include: ['logprobs'] }), refused);
  });

  it('refuses include and timestamp_granularities values the API does not have', async () => {
    await expectRefusal(transcribe({ model: 'gpt-4o-transcribe', include: ['words' as 'logprobs'] }), {
      status: 400,
      code: 'invalid_value',
      param: 'include',
      message: "Invalid value: 'words'. Supported values are: 'logprobs'.",
    });
    await expectRefusal(transcribe({ response_format: 'verbose_json', timestamp_granularities: ['sentence' as 'word'] }), {
      status: 400,
      code: 'invalid_value',
      param: 'timestamp_granularities',
      message: "Invalid value: 'sentence'. Supported values are: 'word' and 'segment'.",
    });
  });

  it('takes timestamp_granularities[] only with verbose_json', async () => {
    await expectRefusal(transcribe({ response_format: 'json', timestamp_granularities: ['word'] }), {
      status: 400,
      code: 'unsupported_value',
      param: 'timestamp_granularities',
      message: "'timestamp_granularities' is only supported with response_format 'verbose_json'.",
    });
    await expect(transcribe({ response_format: 'verbose_json', timestamp_granularities: ['word'] })).resolves.toHaveProperty('words');
  });
});
