import { describe, expect, it } from 'vitest';
import { ChunkSequencer, pcm16ToFloat32, PcmStreamDecoder } from '../../../src-renderer/src/voice/pcm';

function pcmBase64(values: number[]): string {
  const buffer = Buffer.alloc(values.length * 2);
  values.forEach((value, i) => buffer.writeInt16LE(value, i * 2));
  return buffer.toString('base64');
}

describe('decoding streamed 16-bit PCM', () => {
  it('turns little-endian samples into -1…1 floats', () => {
    const samples = pcm16ToFloat32(Buffer.from(pcmBase64([0, 32767, -32768, 16384]), 'base64'));
    expect(Array.from(samples)).toEqual([0, 1, -1, Math.fround(16384 / 32767)]);
  });

  it('carries a sample split across two chunks over to the next chunk', () => {
    const whole = Buffer.from(pcmBase64([1000, -2000, 3000]), 'base64');
    const decoder = new PcmStreamDecoder();
    const first = decoder.decode(whole.subarray(0, 3).toString('base64'));
    const second = decoder.decode(whole.subarray(3).toString('base64'));
    expect(first).toHaveLength(1);
    expect(second).toHaveLength(2);
    expect([...first, ...second].map((s) => Math.round(s * 32767))).toEqual([1000, -2000, 3000]);
  });

  it('treats an empty chunk (e.g. the final marker) as no audio', () => {
    expect(new PcmStreamDecoder().decode('')).toHaveLength(0);
  });
});

describe('putting chunks back in order', () => {
  it('holds an early chunk until the ones before it arrive, and drops duplicates', () => {
    const sequencer = new ChunkSequencer<{ seq: number; id: string }>();
    expect(sequencer.push({ seq: 0, id: 'a' }).map((c) => c.id)).toEqual(['a']);
    expect(sequencer.push({ seq: 2, id: 'c' })).toEqual([]);
    expect(sequencer.push({ seq: 1, id: 'b' }).map((c) => c.id)).toEqual(['b', 'c']);
    expect(sequencer.push({ seq: 1, id: 'b again' })).toEqual([]);
  });

  it('gives up the chunks behind a gap at the end of the stream rather than losing them', () => {
    const sequencer = new ChunkSequencer<{ seq: number }>();
    sequencer.push({ seq: 0 });
    sequencer.push({ seq: 3 });
    sequencer.push({ seq: 5 });
    expect(sequencer.drain().map((c) => c.seq)).toEqual([3, 5]);
  });
});
