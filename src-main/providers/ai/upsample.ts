/**
 * 16 kHz → 24 kHz, 16-bit mono, by linear interpolation, chunk by chunk
 * without seams: the Realtime API's `audio/pcm` is 24 kHz only, while the
 * kiosk's voice detector works at 16 kHz. Positions are counted in thirds of
 * an input sample, so a long stream accumulates no rounding drift.
 */
export class Upsampler16kTo24k {
  /** The previous chunk's last sample, which the next chunk's first outputs interpolate from. */
  private previous: number | null = null;
  /** Where the next output sample falls, in thirds of an input sample from the current chunk's start (-3..-1: inside the gap after `previous`). */
  private nextThirds = 0;

  push(input: Int16Array): Int16Array {
    const n = input.length;
    if (n === 0) return new Int16Array(0);
    const at = (i: number): number => (i < 0 ? (this.previous ?? input[0]!) : input[i]!);
    const out: number[] = [];
    // Every output needs the sample after it, except one that lands exactly on the last input sample.
    while (this.nextThirds <= (n - 1) * 3) {
      const i = Math.floor(this.nextThirds / 3);
      const fraction = (this.nextThirds - i * 3) / 3;
      const a = at(i);
      out.push(fraction === 0 ? a : Math.round(a + (at(i + 1) - a) * fraction));
      this.nextThirds += 2;
    }
    this.nextThirds -= n * 3;
    this.previous = input[n - 1]!;
    return Int16Array.from(out);
  }
}

/** Little-endian bytes, as `audio/pcm` requires whatever the machine's byte order. */
export function pcm16LittleEndian(samples: Int16Array): Buffer {
  const bytes = Buffer.alloc(samples.length * 2);
  for (let i = 0; i < samples.length; i++) bytes.writeInt16LE(samples[i]!, i * 2);
  return bytes;
}
