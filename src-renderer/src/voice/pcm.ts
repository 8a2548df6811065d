import { base64ToBytes } from './base64';

/**
 * Decodes one `interview.audio` stream: base64 chunks of 16-bit little-endian
 * mono PCM. Main cuts chunks wherever its network reads end, so a sample can
 * straddle two chunks; the odd byte is carried over to the next one.
 */
export class PcmStreamDecoder {
  private carry: number | null = null;

  decode(pcmBase64: string): Float32Array {
    if (pcmBase64.length === 0) return new Float32Array(0);
    const incoming = base64ToBytes(pcmBase64);
    let bytes = incoming;
    if (this.carry !== null) {
      bytes = new Uint8Array(incoming.length + 1);
      bytes[0] = this.carry;
      bytes.set(incoming, 1);
      this.carry = null;
    }
    const whole = bytes.length - (bytes.length % 2);
    if (whole < bytes.length) this.carry = bytes[bytes.length - 1] ?? 0;
    return pcm16ToFloat32(bytes.subarray(0, whole));
  }
}

export function pcm16ToFloat32(bytes: Uint8Array): Float32Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const samples = new Float32Array(Math.floor(bytes.byteLength / 2));
  for (let i = 0; i < samples.length; i++) {
    const value = view.getInt16(i * 2, true);
    samples[i] = value < 0 ? value / 0x8000 : value / 0x7fff;
  }
  return samples;
}

export interface SequencedChunk {
  seq: number;
}

/**
 * Hands chunks on in `seq` order. The contract promises order, but both
 * transports are message-based and a reordering would play words out of
 * sequence, so a chunk that arrives early waits for the ones before it.
 */
export class ChunkSequencer<T extends SequencedChunk> {
  private next: number | null = null;
  private readonly waiting = new Map<number, T>();

  push(chunk: T): T[] {
    // The first chunk seen sets the start: streams number from 0 or 1.
    this.next ??= chunk.seq;
    if (chunk.seq < this.next) return []; // a duplicate
    this.waiting.set(chunk.seq, chunk);
    const ready: T[] = [];
    for (let found = this.waiting.get(this.next); found; found = this.waiting.get(this.next)) {
      this.waiting.delete(this.next);
      ready.push(found);
      this.next++;
    }
    return ready;
  }

  /** Chunks still held back by a gap; the final chunk flushes them rather than dropping speech. */
  drain(): T[] {
    const rest = [...this.waiting.entries()].sort(([a], [b]) => a - b).map(([, chunk]) => chunk);
    this.waiting.clear();
    return rest;
  }
}
