import { describe, expect, it } from 'vitest';
import { readWavInfo } from '../../fixtures/fake-openai/wav';
import { base64ToBytes, bytesToBase64 } from '../../../src-renderer/src/voice/base64';
import { encodeWav16, encodeWav16Base64, splitSamples } from '../../../src-renderer/src/voice/wav';

describe('the answer WAV encoder', () => {
  it('writes a 16 kHz mono 16-bit PCM header a WAV reader accepts', () => {
    const wav = encodeWav16(new Float32Array(16_000));
    expect(wav.length).toBe(44 + 32_000);
    expect(readWavInfo(wav)).toEqual({ audioFormat: 1, channels: 1, sampleRate: 16_000, bitsPerSample: 16, dataBytes: 32_000, durationSeconds: 1 });
    expect(Buffer.from(wav.subarray(0, 4)).toString('ascii')).toBe('RIFF');
    expect(new DataView(wav.buffer).getUint32(4, true)).toBe(36 + 32_000);
  });

  it('maps -1…1 onto the full 16-bit range and clips anything beyond it', () => {
    const wav = encodeWav16(new Float32Array([0, 1, -1, 0.5, 2, -3, Number.NaN]));
    const view = new DataView(wav.buffer, 44);
    const samples = Array.from({ length: 7 }, (_, i) => view.getInt16(i * 2, true));
    expect(samples).toEqual([0, 32767, -32768, 16384, 32767, -32768, 0]);
  });

  it('base64-encodes megabytes of audio without overflowing the call stack', () => {
    const fiveMinutes = new Float32Array(16_000 * 300).map((_, i) => Math.sin(i / 10) * 0.5);
    const base64 = encodeWav16Base64(fiveMinutes);
    const bytes = base64ToBytes(base64);
    expect(bytes.length).toBe(44 + fiveMinutes.length * 2);
    expect(Buffer.from(bytes).equals(Buffer.from(encodeWav16(fiveMinutes)))).toBe(true);
    expect(base64).toBe(Buffer.from(bytes).toString('base64'));
    // Five minutes of audio encoded, decoded and compared three ways: over 5 s on a busy 2-core CI machine.
  }, 30_000);

  it('round-trips arbitrary bytes through base64', () => {
    const bytes = Uint8Array.from({ length: 70_000 }, (_, i) => (i * 31) % 256);
    expect(Array.from(base64ToBytes(bytesToBase64(bytes)))).toEqual(Array.from(bytes));
  });

  it('splits long speech into pieces no longer than the cap, losing nothing', () => {
    const audio = Float32Array.from({ length: 25 }, (_, i) => i);
    const pieces = splitSamples(audio, 10);
    expect(pieces.map((p) => p.length)).toEqual([10, 10, 5]);
    expect(pieces.flatMap((p) => Array.from(p))).toEqual(Array.from(audio));
    expect(splitSamples(audio, 25)).toHaveLength(1);
  });
});
