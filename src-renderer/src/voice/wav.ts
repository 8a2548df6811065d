import { bytesToBase64 } from './base64';

/** What main expects for an answer segment (see interview.answerSegment). */
export const ANSWER_SAMPLE_RATE = 16_000;

const HEADER_BYTES = 44;

/**
 * 16-bit mono PCM WAV from the voice detector's Float32 samples (-1…1).
 * Values outside the range are clipped rather than wrapped, so a loud
 * speaker distorts a little instead of turning into bursts of noise.
 */
export function encodeWav16(samples: Float32Array, sampleRate: number = ANSWER_SAMPLE_RATE): Uint8Array {
  const dataBytes = samples.length * 2;
  const bytes = new Uint8Array(HEADER_BYTES + dataBytes);
  const view = new DataView(bytes.buffer);
  const ascii = (offset: number, text: string) => {
    for (let i = 0; i < text.length; i++) view.setUint8(offset + i, text.charCodeAt(i));
  };
  ascii(0, 'RIFF');
  view.setUint32(4, 36 + dataBytes, true);
  ascii(8, 'WAVE');
  ascii(12, 'fmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true); // PCM
  view.setUint16(22, 1, true); // mono
  view.setUint32(24, sampleRate, true);
  view.setUint32(28, sampleRate * 2, true);
  view.setUint16(32, 2, true);
  view.setUint16(34, 16, true);
  ascii(36, 'data');
  view.setUint32(40, dataBytes, true);
  for (let i = 0; i < samples.length; i++) {
    const clipped = Math.max(-1, Math.min(1, samples[i] ?? 0));
    // Asymmetric scale so -1 maps to -32768 and +1 to 32767 exactly.
    view.setInt16(HEADER_BYTES + i * 2, clipped < 0 ? Math.round(clipped * 0x8000) : Math.round(clipped * 0x7fff), true);
  }
  return bytes;
}

export function encodeWav16Base64(samples: Float32Array, sampleRate: number = ANSWER_SAMPLE_RATE): string {
  return bytesToBase64(encodeWav16(samples, sampleRate));
}

/**
 * Cuts one long stretch of speech into pieces of at most `maxSamples`, so no
 * single upload is huge and a crash can lose at most one piece.
 */
export function splitSamples(samples: Float32Array, maxSamples: number): Float32Array[] {
  if (maxSamples <= 0) throw new RangeError('maxSamples must be positive');
  if (samples.length <= maxSamples) return [samples];
  const pieces: Float32Array[] = [];
  for (let offset = 0; offset < samples.length; offset += maxSamples) pieces.push(samples.subarray(offset, offset + maxSamples));
  return pieces;
}
