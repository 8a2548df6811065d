import { describe, expect, it } from 'vitest';
import { pcm16LittleEndian, Upsampler16kTo24k } from '../../../src-main/providers/ai/upsample';

const ramp = (n: number) => Int16Array.from({ length: n }, (_, i) => i * 30);

describe('16 kHz → 24 kHz', () => {
  it('makes three samples of every two, interpolating between them', () => {
    const out = new Upsampler16kTo24k().push(Int16Array.from([0, 300, 600, 900]));
    expect([...out]).toEqual([0, 200, 400, 600, 800]);
  });

  it('gives the same samples whether the stream comes whole or in odd-sized chunks', () => {
    const input = ramp(16_000);
    const whole = new Upsampler16kTo24k().push(input);
    const chunked = new Upsampler16kTo24k();
    const parts: number[] = [];
    for (let at = 0; at < input.length; at += 333) parts.push(...chunked.push(input.subarray(at, at + 333)));
    expect(parts).toEqual([...whole]);
    // A second of audio stays a second: 24000 samples, less the one that needs a sample after the end.
    expect(Math.abs(whole.length - 24_000)).toBeLessThanOrEqual(1);
  });

  it('writes little-endian bytes', () => {
    expect([...pcm16LittleEndian(Int16Array.from([1, -2]))]).toEqual([1, 0, 0xfe, 0xff]);
  });
});
