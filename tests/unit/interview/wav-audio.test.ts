import { describe, expect, it } from 'vitest';
import { wavHeader } from '../../../src-main/audio/wav';
import { AudioFormatError, buildWav, PcmExtractor, readPcmWav } from '../../../src-main/interview/wav-audio';

const mono16k = { audioFormat: 1, channels: 1, sampleRate: 16_000, bitsPerSample: 16 };

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

describe('answer and question audio', () => {
  it('reads a segment’s PCM and joins segments into one WAV', () => {
    const pcm = Uint8Array.from({ length: 64 }, (_, i) => i);
    const wav = concat([wavHeader(mono16k, pcm.length), pcm]);
    const read = readPcmWav(wav);
    expect(read.format).toEqual(mono16k);
    expect([...read.pcm]).toEqual([...pcm]);
    const joined = buildWav(mono16k, [pcm, pcm]);
    expect(joined.length).toBe(44 + 128);
    expect([...readPcmWav(joined).pcm]).toEqual([...pcm, ...pcm]);
  });

  it('refuses audio that is not 16-bit mono PCM', () => {
    expect(() => readPcmWav(concat([wavHeader({ ...mono16k, channels: 2 }, 4), new Uint8Array(4)]))).toThrow(AudioFormatError);
    expect(() => readPcmWav(concat([wavHeader({ ...mono16k, bitsPerSample: 8 }, 4), new Uint8Array(4)]))).toThrow(/16-bit mono/);
    expect(() => readPcmWav(new TextEncoder().encode('hello, not audio'))).toThrow(AudioFormatError);
  });

  it('strips a streamed WAV header split across chunks and never splits a sample between events', () => {
    const pcm = Uint8Array.from({ length: 101 }, (_, i) => i);
    const stream = concat([wavHeader({ ...mono16k, sampleRate: 24_000 }, null), pcm]);
    const extractor = new PcmExtractor('audio/wav');
    const out: Uint8Array[] = [];
    let position = 0;
    for (const size of [10, 30, 7, 33, 1, 64]) {
      const piece = extractor.push(stream.subarray(position, position + size));
      position += size;
      expect(piece.length % 2).toBe(0);
      out.push(piece);
    }
    extractor.end();
    expect(extractor.format?.sampleRate).toBe(24_000);
    // 101 bytes: the odd last byte waits for a partner that never comes.
    expect([...concat(out)]).toEqual([...pcm.subarray(0, 100)]);
  });

  it('passes OpenAI’s headerless pcm through and refuses formats it cannot play', () => {
    const extractor = new PcmExtractor('audio/pcm');
    expect(extractor.format?.sampleRate).toBe(24_000);
    expect([...extractor.push(Uint8Array.of(1, 2, 3))]).toEqual([1, 2]);
    expect([...extractor.push(Uint8Array.of(4))]).toEqual([3, 4]);
    expect(() => new PcmExtractor('audio/mpeg')).toThrow(/wav or pcm/);
    const cut = new PcmExtractor('audio/wav');
    cut.push(wavHeader(mono16k, null).subarray(0, 20));
    expect(() => cut.end()).toThrow(/inside its WAV header/);
  });
});
