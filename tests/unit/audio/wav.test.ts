import { describe, expect, it } from 'vitest';
import { scanWavHeader, sizePatches, wavDurationSeconds, wavHeader, WavFormatError, WavJoiner } from '../../../src-main/audio/wav';

const format = { audioFormat: 1, channels: 1, sampleRate: 24_000, bitsPerSample: 16 };

function wav(pcm: Uint8Array, options: { extraChunk?: boolean; declared?: number | null } = {}): Uint8Array {
  const header = wavHeader(format, options.declared === undefined ? pcm.length : options.declared);
  if (!options.extraChunk) return concat(header, pcm);
  // A LIST chunk between fmt and data, as ffmpeg writes.
  const list = new Uint8Array(8 + 6);
  list.set([...'LIST'].map((c) => c.charCodeAt(0)));
  new DataView(list.buffer).setUint32(4, 6, true);
  return concat(header.subarray(0, 36), list, header.subarray(36), pcm);
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

const pcm = (length: number, value: number) => new Uint8Array(length).fill(value);

/** Feeds `bytes` in pieces of `size`. */
function feed(joiner: WavJoiner, bytes: Uint8Array, size: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  joiner.startPart();
  for (let i = 0; i < bytes.length; i += size) out.push(...joiner.push(bytes.subarray(i, i + size)));
  joiner.endPart();
  return out;
}

describe('WAV joining', () => {
  it('reads a header, skipping chunks before the data', () => {
    const scan = scanWavHeader(wav(pcm(10, 1), { extraChunk: true }));
    expect(scan).toMatchObject({ complete: true, format, dataOffset: 58, dataBytes: 10 });
    expect(scanWavHeader(wav(pcm(10, 1)).subarray(0, 30))).toEqual({ complete: false });
    expect(() => scanWavHeader(new TextEncoder().encode('ID3 this is an mp3 file...'))).toThrow(WavFormatError);
  });

  it('emits one streaming header, then only the PCM of every part, whatever the chunking', () => {
    const joiner = new WavJoiner();
    const out = [...feed(joiner, wav(pcm(1000, 1)), 7), ...feed(joiner, wav(pcm(500, 2), { extraChunk: true }), 13), ...feed(joiner, wav(pcm(300, 3), { declared: null }), 4096)];
    const joined = concat(...out);
    expect(joined.length).toBe(44 + 1800);
    expect(scanWavHeader(joined)).toMatchObject({ complete: true, format, dataOffset: 44, dataBytes: null });
    expect(joined.subarray(44, 1044).every((b) => b === 1)).toBe(true);
    expect(joined.subarray(1044, 1544).every((b) => b === 2)).toBe(true);
    expect(joined.subarray(1544).every((b) => b === 3)).toBe(true);
    expect(joiner.dataBytes).toBe(1800);
    expect(joiner.bytesPerSecond).toBe(48_000);
  });

  it('drops bytes after a part’s declared data (a trailing chunk)', () => {
    const joiner = new WavJoiner();
    const out = feed(joiner, concat(wav(pcm(100, 5)), new TextEncoder().encode('LIST....junk')), 64);
    expect(concat(...out).length).toBe(44 + 100);
  });

  it('patching the sizes makes the joined file an exact WAV', () => {
    const joiner = new WavJoiner();
    const joined = concat(...feed(joiner, wav(pcm(480, 1)), 100), ...feed(joiner, wav(pcm(480, 1)), 100));
    for (const patch of sizePatches(joiner.dataBytes)) joined.set(patch.bytes, patch.offset);
    expect(scanWavHeader(joined)).toMatchObject({ complete: true, dataBytes: 960 });
    expect(new DataView(joined.buffer).getUint32(4, true)).toBe(36 + 960);
    expect(wavDurationSeconds(joined)).toBeCloseTo(0.02);
  });

  it('refuses parts in different formats, and a part that ends inside its header', () => {
    const joiner = new WavJoiner();
    feed(joiner, wav(pcm(10, 1)), 100);
    const other = concat(wavHeader({ ...format, sampleRate: 16_000 }, 10), pcm(10, 1));
    joiner.startPart();
    expect(() => joiner.push(other)).toThrow('different audio formats');
    const cut = new WavJoiner();
    cut.startPart();
    cut.push(wav(pcm(10, 1)).subarray(0, 20));
    expect(() => cut.endPart()).toThrow('inside its WAV header');
  });

  it('wavDurationSeconds is null for what is not a PCM WAV', () => {
    expect(wavDurationSeconds(new Uint8Array([1, 2, 3]))).toBeNull();
    expect(wavDurationSeconds(wav(pcm(48_000, 0)))).toBe(1);
  });
});
